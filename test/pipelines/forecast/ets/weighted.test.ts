import { describe, expect, it } from 'vitest';
import { etsForecast, fitCandidates } from '../../../../pipelines/forecast/ets/auto.ts';
import { gaussianSource } from '../../../../pipelines/forecast/ets/normal.ts';
import { akaikeWeights, etsAicWeighted, weightedEtsForecast } from '../../../../pipelines/forecast/ets/weighted.ts';
import { etsPointForecast } from '../../../../pipelines/forecast/ets/forecast.ts';

function series(n: number): Float64Array {
  const z = gaussianSource(21);
  return Float64Array.from({ length: n }, (_, t) => (80 + 1.5 * t) * (1 + 0.25 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.04 * z()));
}

describe('akaikeWeights', () => {
  it('are exp(-delta/2) normalised, zero for non-finite criteria', () => {
    // Deltas 0 and 2: weights 1 / (1 + e^-1) = 0.731059 and e^-1 / (1 + e^-1) = 0.268941.
    const w = akaikeWeights([10, 12, Infinity]);
    expect(w[0]).toBeCloseTo(0.7310585786, 9);
    expect(w[1]).toBeCloseTo(0.2689414214, 9);
    expect(w[2]).toBe(0);
    // Shift invariance: only differences matter (no overflow for large AICc).
    expect(Array.from(akaikeWeights([1e6, 1e6 + 2]))).toEqual(Array.from(akaikeWeights([0, 2])));
  });
});

describe('weightedEtsForecast', () => {
  it('is the Akaike-weighted average of the candidate point forecasts', () => {
    const y = series(60);
    const { fits } = fitCandidates(y, 12);
    expect(fits.length).toBe(15);
    const w = akaikeWeights(fits.map((f) => f.aicc));
    const f = weightedEtsForecast(fits, 6, [0.5, 0.9]);
    const manual = new Float64Array(6);
    fits.forEach((fit, i) => etsPointForecast(fit, 6).forEach((v, k) => (manual[k] = manual[k]! + w[i]! * v)));
    f.mean.forEach((v, k) => expect(v).toBeCloseTo(manual[k]!, 8));
    for (let k = 0; k < 6; k++) expect(f.quantiles!.get(0.9)![k]).toBeGreaterThan(f.quantiles!.get(0.5)![k]!);
  });

  it('reduces to the single model when given one fit', () => {
    const y = series(48);
    const fit = fitCandidates(y, 12).fits[0]!;
    const a = weightedEtsForecast([fit], 5, [0.9]);
    const b = etsForecast(fit, 5, [0.9]);
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    a.quantiles!.get(0.9)!.forEach((v, k) => expect(v).toBeCloseTo(b.quantiles!.get(0.9)![k]!, 10));
  });

  it('as a Model: names itself, keeps leading gaps as NaN fitted values, and falls back like autoEts', () => {
    const y = new Float64Array(62).fill(NaN);
    y.set(series(60), 2);
    const f = etsAicWeighted(y, 4, { period: 12 });
    expect(f.model).toBe('ETS(AICc-weighted)');
    expect(f.fitted![1]).toBeNaN();
    expect(Number.isFinite(f.fitted![2]!)).toBe(true);
    expect(etsAicWeighted(Float64Array.from([2, 2, 2, 2, 2, 2]), 3).model).toBe('Mean(constant)');
  });
});
