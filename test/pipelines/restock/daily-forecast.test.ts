import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../pipelines/errors.ts';
import { checkForecast, meanAt, spanDistribution, spanMoments } from '../../../pipelines/restock/daily-forecast.ts';

describe('spanMoments', () => {
  it('adds NB daily variances and the shared level term: means 1,2,3, k = 2, cv 0.1 -> 6 and 13 + 0.36', () => {
    const fc = { mean: Float64Array.of(1, 2, 3), size: 2, levelCv: 0.1 };
    const m = spanMoments(fc, 0, 3);
    expect(m.mean).toBeCloseTo(6, 12);
    // sum(m + m^2/2) = 6 + 14/2 = 13; (0.1 * 6)^2 = 0.36.
    expect(m.variance).toBeCloseTo(13.36, 12);
  });

  it('adds the calendar multipliers\' spread as one error shared by the span', () => {
    // Days 1 and 2 carry an effect of log-sd 0.2 and 0.3: relative sds sqrt(e^0.04 - 1) and sqrt(e^0.09 - 1).
    const fc = { mean: Float64Array.of(1, 2, 3), effectSd: Float64Array.of(0, 0.2, 0.3) };
    const shared = 2 * Math.sqrt(Math.expm1(0.04)) + 3 * Math.sqrt(Math.expm1(0.09));
    const m = spanMoments(fc, 0, 3);
    expect(m.mean).toBe(6);
    expect(m.variance).toBeCloseTo(6 + shared * shared, 12);
    // Shared, so more than the same spread taken day by day.
    expect(m.variance).toBeGreaterThan(6 + 4 * Math.expm1(0.04) + 9 * Math.expm1(0.09));
    expect(spanMoments({ mean: fc.mean }, 0, 3).variance).toBe(6);
    expect(() => checkForecast({ mean: fc.mean, effectSd: Float64Array.of(0.1) })).toThrow(CodedError);
    expect(() => checkForecast({ mean: fc.mean, effectSd: Float64Array.of(0, -0.1, 0) })).toThrow(CodedError);
  });

  it('prefers explicit variances, and is Poisson without either', () => {
    expect(spanMoments({ mean: Float64Array.of(1, 2), variance: Float64Array.of(5, 7) }, 0, 2).variance).toBe(12);
    expect(spanMoments({ mean: Float64Array.of(1, 2) }, 0, 2).variance).toBe(3);
  });

  it('repeats the last week past the horizon', () => {
    const fc = { mean: Float64Array.from({ length: 10 }, (_, i) => i) };
    expect(meanAt(fc, 9)).toBe(9);
    expect(meanAt(fc, 10)).toBe(3);
    expect(meanAt(fc, 16)).toBe(9);
    expect(meanAt(fc, 17)).toBe(3);
  });

  it('builds the span distribution from the summed moments', () => {
    const d = spanDistribution({ mean: Float64Array.of(1, 1, 1, 1) }, 1, 3);
    expect(d.kind).toBe('poisson');
    expect(d.mean).toBe(2);
    expect(d.pmf[0]).toBeCloseTo(Math.exp(-2), 12);
  });

  it('rejects unusable forecasts', () => {
    expect(() => checkForecast({ mean: new Float64Array(0) })).toThrow(CodedError);
    expect(() => checkForecast({ mean: Float64Array.of(-1) })).toThrow(CodedError);
    expect(() => checkForecast({ mean: Float64Array.of(1), size: 0 })).toThrow(CodedError);
    expect(() => checkForecast({ mean: Float64Array.of(1), variance: Float64Array.of(1, 2) })).toThrow(CodedError);
  });
});
