import { describe, expect, it } from 'vitest';
import { autoEts, candidateSpecs, etsModel, selectEts } from '../../../../pipelines/forecast/ets/auto.ts';
import { gaussianSource } from '../../../../pipelines/forecast/ets/normal.ts';
import { specName } from '../../../../pipelines/forecast/ets/spec.ts';
import { DEFAULT_QUANTILES } from '../../../../pipelines/forecast/types.ts';

const SEASON = [0.7, 0.8, 1.0, 1.1, 1.3, 1.4, 1.35, 1.2, 1.0, 0.85, 0.75, 0.55];

/** Growing level times a strong monthly pattern times 3 % noise: multiplicative seasonality. */
function multiplicativeSeasonal(n: number, seed = 3): Float64Array {
  const z = gaussianSource(seed);
  return Float64Array.from({ length: n }, (_, t) => (100 + 4 * t) * SEASON[t % 12]! * (1 + 0.03 * z()));
}

describe('candidate specs', () => {
  it('follow R defaults: 15 for positive seasonal data, 6 for data with zeros, 3 without season', () => {
    const pos = multiplicativeSeasonal(60);
    expect(candidateSpecs(pos, 12)).toHaveLength(15);
    expect(candidateSpecs(pos, 12).map(specName)).not.toContain('ETS(A,N,M)');
    const withZero = new Float64Array(pos);
    withZero[5] = 0;
    expect(candidateSpecs(withZero, 12).map(specName).sort()).toEqual(
      ['ETS(A,A,A)', 'ETS(A,A,N)', 'ETS(A,Ad,A)', 'ETS(A,Ad,N)', 'ETS(A,N,A)', 'ETS(A,N,N)'],
    );
    // 2 seasons + 2 points is not enough for a season (margin 3).
    expect(candidateSpecs(pos.subarray(0, 26), 12).every((s) => s.season === 'N')).toBe(true);
    // M and Md trends only with multiplicative error (restricted as in R): 2 trends x 3 seasons more.
    expect(candidateSpecs(pos, 12, { multiplicativeTrend: true })).toHaveLength(21);
  });
});

describe('autoEts', () => {
  it('picks a multiplicative-season model for a clearly multiplicative seasonal series', () => {
    const y = multiplicativeSeasonal(72);
    const f = autoEts(y, 12, { period: 12 });
    expect(f.model).toMatch(/^ETS\([AM],(N|A|Ad),M\)$/);
    // The next year should follow the pattern: peak in month 6 (index 5), trough in month 12.
    const next = Array.from(f.mean.subarray(0, 12));
    expect(next.indexOf(Math.max(...next))).toBe(5);
    expect(next.indexOf(Math.min(...next))).toBe(11);
    expect(f.aicc).toBeTypeOf('number');
  });

  it('picks a non-seasonal model for white noise even when offered period 12', () => {
    const z = gaussianSource(11);
    for (let rep = 0; rep < 3; rep++) {
      const y = Float64Array.from({ length: 96 }, () => 50 + 2 * z());
      expect(autoEts(y, 6, { period: 12 }).model).toMatch(/^ETS\([AM],(N|A|Ad),N\)$/);
    }
  });

  it('returns the default quantile levels, ordered, around the mean', () => {
    const y = multiplicativeSeasonal(60, 5);
    const f = autoEts(y, 12, { period: 12 });
    expect([...f.quantiles!.keys()]).toEqual([...DEFAULT_QUANTILES]);
    for (let k = 0; k < 12; k++) {
      expect(f.quantiles!.get(0.8)![k]).toBeLessThan(f.quantiles!.get(0.99)![k]!);
      expect(f.quantiles!.get(0.5)![k]).toBeLessThan(f.quantiles!.get(0.8)![k]!);
    }
    expect(f.fitted).toHaveLength(60);
  });

  it('handles missing values: leading gaps trimmed, interior gaps skipped, fitted NaN before data', () => {
    const y = multiplicativeSeasonal(60, 9);
    const withGaps = new Float64Array(63).fill(NaN);
    withGaps.set(y, 3);
    withGaps[20] = NaN;
    withGaps[41] = NaN;
    const f = autoEts(withGaps, 12, { period: 12 });
    expect(f.model).toMatch(/^ETS\(/);
    expect(f.mean.every(Number.isFinite)).toBe(true);
    expect(f.fitted![0]).toBeNaN();
    expect(Number.isFinite(f.fitted![20]!)).toBe(true); // the one-step forecast of the gap
    const full = selectEts(y, 12)!;
    const gappy = selectEts(withGaps, 12)!;
    expect(gappy.nObs).toBe(full.nObs - 2);
  });

  it('does not throw on constant, all-zero, short, empty or all-missing series and names the fallback', () => {
    const cases: [number[], string, number][] = [
      [[5, 5, 5, 5, 5, 5, 5, 5], 'Mean(constant)', 5],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'Mean(constant)', 0],
      [[3, 4, 8], 'Mean(short series)', 5],
      [[], 'Mean(no data)', 0],
      [[NaN, NaN], 'Mean(no data)', 0],
    ];
    for (const [values, name, mean] of cases) {
      const f = autoEts(Float64Array.from(values), 4, { period: 12 });
      expect(f.model).toBe(name);
      expect(Array.from(f.mean)).toEqual([mean, mean, mean, mean]);
      expect(f.quantiles!.size).toBe(DEFAULT_QUANTILES.length);
    }
    // A zero-heavy but non-constant series still gets an additive ETS.
    expect(autoEts(Float64Array.from([0, 0, 3, 0, 0, 1, 0, 0, 0, 2, 0, 0]), 3).model).toMatch(/^ETS\(A,/);
  });

  it('rejects a negative horizon and infinite values, and returns empty forecasts for h = 0', () => {
    expect(() => autoEts(Float64Array.from([1, 2, 3, 4, 5, 6]), -1)).toThrow(/horizon/);
    expect(autoEts(Float64Array.from([1, 2, 3, 4, 5, 6]), 0).mean).toHaveLength(0);
    expect(() => autoEts(Float64Array.from([1, 2, Infinity, 4, 5, 6]), 3)).toThrow(/infinite/);
    expect(() => etsModel('ANN')(Float64Array.from([1, -Infinity]), 3)).toThrow(/infinite/);
  });
});

describe('etsModel', () => {
  it('fits the named spec and falls back to ETS(A,N,N) when the data cannot carry it', () => {
    const y = multiplicativeSeasonal(48);
    expect(etsModel('MAdM')(y, 6, { period: 12 }).model).toBe('ETS(M,Ad,M)');
    const withNegative = new Float64Array(y);
    withNegative[3] = -1;
    expect(etsModel('MAdM')(withNegative, 6, { period: 12 }).model).toBe('ETS(A,N,N)');
    expect(etsModel('AAA')(y.subarray(0, 20), 6, { period: 12 }).model).toBe('ETS(A,N,N)');
    expect(() => etsModel('nope')).toThrow(/ETS spec/);
  });
});

describe('all 30 specs', () => {
  it('fit, forecast finite means and ordered quantiles on positive seasonal data', () => {
    const y = multiplicativeSeasonal(60, 13);
    for (const e of ['A', 'M']) {
      for (const t of ['N', 'A', 'Ad', 'M', 'Md']) {
        for (const s of ['N', 'A', 'M']) {
          const f = etsModel(e + t + s)(y, 12, { period: 12, quantiles: [0.1, 0.5, 0.9] });
          expect(f.model, e + t + s).toBe(`ETS(${e},${t},${s})`);
          expect(f.mean.every(Number.isFinite)).toBe(true);
          for (let k = 0; k < 12; k++) expect(f.quantiles!.get(0.1)![k]).toBeLessThan(f.quantiles!.get(0.9)![k]!);
        }
      }
    }
  });
});
