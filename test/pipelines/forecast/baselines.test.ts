import { describe, expect, it } from 'vitest';
import {
  meanForecast, naive, seasonalNaive, windowAverage, windowAverageModel,
} from '../../../pipelines/forecast/baselines.ts';
import { CodedError } from '../../../pipelines/errors.ts';
import { normalQuantile } from '../../../pipelines/forecast/ets/normal.ts';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('normalQuantile', () => {
  it('matches tabulated standard normal quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 6);
  });
});

describe('naive', () => {
  it('carries the last known value and uses sigma*sqrt(h)', () => {
    const f = naive(f64([1, 2, Number.NaN, 4]), 2, { quantiles: [0.975] });
    expect(Array.from(f.mean)).toEqual([4, 4]);
    // Known one-step errors: 2-1 and 4-2 (the step after the gap compares with 2); sigma^2 = 2.5.
    const sigma = Math.sqrt(2.5);
    expect(f.quantiles!.get(0.975)![1]).toBeCloseTo(4 + 1.959963984540054 * sigma * Math.SQRT2, 6);
    expect(f.fitted![3]).toBe(2);
  });

  it('forecasts 0 with no data and rejects a bad horizon', () => {
    expect(Array.from(naive(f64([]), 2).mean)).toEqual([0, 0]);
    expect(() => naive(f64([1]), -1)).toThrow(CodedError);
  });
});

describe('seasonalNaive', () => {
  it('repeats the last cycle and widens once per cycle', () => {
    const y = f64([1, 2, 3, 4, 5, 6, 7, 8]);
    const f = seasonalNaive(y, 6, { period: 4, quantiles: [0.9] });
    expect(Array.from(f.mean)).toEqual([5, 6, 7, 8, 5, 6]);
    // Every seasonal difference is 4, so sigma = 4; step 5 is in the second cycle: sqrt(2).
    const z = normalQuantile(0.9);
    expect(f.quantiles!.get(0.9)![0]).toBeCloseTo(5 + z * 4, 8);
    expect(f.quantiles!.get(0.9)![4]).toBeCloseTo(5 + z * 4 * Math.SQRT2, 8);
  });
});

describe('mean and window average', () => {
  it('whole mean with sd * sqrt(1 + 1/n)', () => {
    const f = meanForecast(f64([1, 2, 3, 4, 5]), 1, { quantiles: [0.975] });
    expect(f.mean[0]).toBe(3);
    expect(f.quantiles!.get(0.975)![0]).toBeCloseTo(3 + 1.959963984540054 * Math.sqrt(2.5) * Math.sqrt(1.2), 6);
  });

  it('window of the last k known values, rolling fitted values', () => {
    const f = windowAverage(f64([1, 2, 3, Number.NaN, 4, 5]), 3, { window: 2 });
    expect(Array.from(f.mean)).toEqual([4.5, 4.5, 4.5]);
    expect(Array.from(f.fitted!).slice(1)).toEqual([1, 1.5, 2.5, 2.5, 3.5]);
    expect(windowAverageModel(10)(f64([2, 4]), 1).mean[0]).toBe(3);
    expect(() => windowAverage(f64([1]), 1, { window: 0 })).toThrow(CodedError);
  });
});
