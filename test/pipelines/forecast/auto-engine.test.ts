import { describe, expect, it } from 'vitest';
import { createAutoForecast, LOW_COUNT_LEVEL, smoothDispersion, type AutoModels } from '../../../pipelines/forecast/auto-engine.ts';
import { blendedCountQuantiles } from '../../../pipelines/forecast/count-mixture.ts';
import type { Model } from '../../../pipelines/forecast/types.ts';

// Stand-in models: each marks its name so the test can see which route ran.
const level =
  (name: string, v: (y: Float64Array) => number): Model =>
  (y, h) => ({ model: name, mean: new Float64Array(h).fill(v(y)) });
const last = level('Last', (y) => y[y.length - 1]!);
const avg = level('Avg', (y) => y.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0) / y.length);
const zeroRate = level('ZeroRate', () => 0);

const models: AutoModels = {
  smooth: [last, avg],
  intermittent: [zeroRate, avg],
  short: level('Short', (y) => y[y.length - 1]!),
  classify: (y) => (y.filter((v) => v === 0).length > y.length / 3 ? 'intermittent' : 'smooth'),
  // Stand-in count distribution: mean rounded, plus one unit above the median.
  countQuantiles: (mean, _phi, ls) => new Map(ls.map((p) => [p, mean.map((m) => Math.round(m) + (p > 0.5 ? 1 : 0))])),
};
const auto = createAutoForecast(models);
const levels = [0.1, 0.5, 0.9];

describe('automatic routing', () => {
  it('all-zero history -> zero forecast with zero quantiles', () => {
    const fc = auto(new Float64Array(30), 4, { quantiles: levels });
    expect(fc.route).toBe('zero');
    expect([...fc.mean]).toEqual([0, 0, 0, 0]);
    for (const p of levels) expect([...fc.quantiles!.get(p)!]).toEqual([0, 0, 0, 0]);
  });

  it('a missing-only or empty history is zero too', () => {
    expect(auto(Float64Array.from([Number.NaN, Number.NaN]), 2).route).toBe('zero');
    expect(auto(new Float64Array(0), 2).mean.length).toBe(2);
  });

  it('constant history -> that constant, degenerate quantiles', () => {
    const fc = auto(Float64Array.from([Number.NaN, 5, 5, 5, Number.NaN, 5]), 3, { quantiles: levels });
    expect(fc.route).toBe('constant');
    expect([...fc.quantiles!.get(0.9)!]).toEqual([5, 5, 5]);
  });

  it('short history -> the short model', () => {
    const fc = auto(Float64Array.from([1.5, 2.5, 3.5]), 2);
    expect(fc.route).toBe('short');
    expect(fc.model).toBe('Short');
  });

  it('smooth history -> combination of the smooth members, conformal quantiles around it', () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => 10 + (i % 2) + 0.25);
    const fc = auto(y, 3, { quantiles: levels });
    expect(fc.route).toBe('smooth');
    expect(fc.model).toBe('Mean(Last, Avg)');
    // Last = 11.25 and Avg = 10.75 -> 11.
    expect(fc.mean[0]).toBeCloseTo(11, 12);
    const lo = fc.quantiles!.get(0.1)!;
    const hi = fc.quantiles!.get(0.9)!;
    for (let k = 0; k < 3; k++) expect(lo[k]!).toBeLessThanOrEqual(hi[k]!);
    expect(hi[0]! - lo[0]!).toBeGreaterThan(0);
  });

  it('intermittent history -> the candidate with the lower backtest MSE, count quantiles', () => {
    // Demand 3 every third period: the average rate (1) beats forecasting zero on squared error.
    const y = Float64Array.from({ length: 48 }, (_, i) => (i % 3 === 2 ? 3 : 0));
    // countBlend 0: the injected count distribution alone, so the stub's quantiles show through.
    const fc = auto(y, 6, { quantiles: levels, countBlend: 0, intermittent: 'select' });
    expect(fc.route).toBe('intermittent');
    expect(fc.model).toBe('Avg');
    expect([...fc.quantiles!.get(0.9)!]).toEqual([2, 2, 2, 2, 2, 2]);
    expect([...fc.quantiles!.get(0.1)!]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("intermittent 'first' (the default) takes the first candidate without a contest", () => {
    const y = Float64Array.from({ length: 48 }, (_, i) => (i % 3 === 2 ? 3 : 0));
    const fc = auto(y, 6, { quantiles: levels, countBlend: 0 });
    expect(fc.model).toBe(zeroRate(y, 6).model);
    expect([...fc.mean]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('sparse counts: quantiles blend the last h values with a count distribution around the highest recent mean', () => {
    const y = Float64Array.from({ length: 48 }, (_, i) => (i % 3 === 2 ? 3 : 0));
    const fc = auto(y, 6, { quantiles: [0.5, 0.9, 0.99] });
    // The point is the first candidate's (0), but the quantiles sit around the recent level: every
    // window mean (3, 6, 12 periods) is 1. Dispersion: 16 threes and 32 zeros, sample variance
    // (16 * 4 + 32 * 1) / 47 over mean 1 -> phi = 96 / 47. Weight 0.75 (the default) on the last 6 values.
    const expected = blendedCountQuantiles(Float64Array.of(3, 0, 0, 3, 0, 0), 1, 96 / 47, [0.5, 0.9, 0.99], 0.75);
    expect([...fc.mean]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([fc.quantiles!.get(0.5)![0], fc.quantiles!.get(0.9)![0], fc.quantiles!.get(0.99)![0]]).toEqual([...expected]);
    // Median 0 (two thirds of the recent values are 0), upper quantiles at least one demand of 3.
    expect(expected[0]).toBe(0);
    expect(expected[1]).toBeGreaterThanOrEqual(3);
  });

  it('smooth low counts: the count distribution around the mean path by default, rounded conformal on request', () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => 2 + ((i * 7) % 5));
    const fc = auto(y, 2, { quantiles: levels });
    expect(fc.route).toBe('smooth');
    // The stand-in distribution: round(mean) at and below the median, one unit more above it.
    const m = Math.round(fc.mean[0]!);
    expect([fc.quantiles!.get(0.1)![0], fc.quantiles!.get(0.5)![0], fc.quantiles!.get(0.9)![0]]).toEqual([m, m, m + 1]);
    const round = auto(y, 2, { quantiles: levels, smoothCounts: 'round' });
    expect([...round.mean]).toEqual([...fc.mean]);
    // Conformal around the combination, floored below the median and ceiled above: not the stand-in's.
    expect(round.quantiles!.get(0.1)![0]).toBe(Math.floor(round.quantiles!.get(0.1)![0]!));
    expect(round.quantiles!.get(0.1)![0]).toBeLessThan(m);
  });

  it('smooth counts at a level of LOW_COUNT_LEVEL or more keep the conformal shape, rounded outwards', () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => LOW_COUNT_LEVEL + 10 + ((i * 7) % 5));
    const fc = auto(y, 2, { quantiles: levels });
    const round = auto(y, 2, { quantiles: levels, smoothCounts: 'round' });
    for (const p of levels) expect([...fc.quantiles!.get(p)!]).toEqual([...round.quantiles!.get(p)!]);
    // Not the stand-in distribution's round(mean) + 1.
    expect(fc.quantiles!.get(0.1)![0]).toBeLessThan(Math.round(fc.mean[0]!));
  });

  it('non-count smooth data are never rounded; count smooth quantiles are whole units', () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => 20 + ((i * 7) % 5));
    const fc = auto(y, 2, { quantiles: levels });
    for (const p of levels) for (const v of fc.quantiles!.get(p)!) expect(Number.isInteger(v)).toBe(true);
    const real = auto(y.map((v) => v + 0.1), 2, { quantiles: levels });
    expect([...real.quantiles!.get(0.9)!].some((v) => !Number.isInteger(v))).toBe(true);
  });
});

describe('smoothDispersion', () => {
  // History 1, 3, 5, 7: mean 4, sample variance 20 / 3 -> history dispersion 5 / 3.
  const y = Float64Array.of(1, 3, 5, 7);
  const mean = Float64Array.of(4, 4);

  it('is the history dispersion without backtest errors', () => {
    expect(smoothDispersion(y, undefined, mean)).toBeCloseTo(5 / 3, 12);
  });

  it('takes the errors\' mean square over the mean level when that is smaller', () => {
    // Errors 1, -1, 2, 0 (one NaN skipped): mean square 6 / 4 = 1.5 over level 4 -> 0.375, floored at 1.
    expect(smoothDispersion(y, [Float64Array.of(1, -1), Float64Array.of(2, 0, Number.NaN)], mean)).toBe(1);
    // Errors of +-3: mean square 9 over level 4 = 2.25, above 5 / 3, so the history's stays.
    expect(smoothDispersion(y, [Float64Array.of(3, -3, 3)], mean)).toBeCloseTo(5 / 3, 12);
    // A larger level: 9 / 8 -> 1.125 is below 5 / 3 and above 1.
    expect(smoothDispersion(y, [Float64Array.of(3, -3, 3)], Float64Array.of(8, 8))).toBeCloseTo(1.125, 12);
  });
});
