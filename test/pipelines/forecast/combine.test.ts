import { describe, expect, it } from 'vitest';
import { combinationModel, combineForecasts } from '../../../pipelines/forecast/combine.ts';
import type { Forecast, Model } from '../../../pipelines/forecast/types.ts';

const flat = (name: string, v: number, q?: Record<number, number>): Forecast => ({
  model: name,
  mean: Float64Array.from([v, v]),
  ...(q ? { quantiles: new Map(Object.entries(q).map(([p, x]) => [Number(p), Float64Array.from([x, x])])) } : {}),
});

describe('combineForecasts', () => {
  it('pools means and shared quantile levels by mean or median', () => {
    const members = [flat('A', 1, { 0.9: 2, 0.5: 1 }), flat('B', 2, { 0.9: 4 }), flat('C', 6, { 0.9: 9 })];
    const avg = combineForecasts(members, 'mean');
    expect([...avg.mean]).toEqual([3, 3]);
    expect([...avg.quantiles!.get(0.9)!]).toEqual([5, 5]);
    // 0.5 is missing from B and C, so it is left for the caller.
    expect(avg.quantiles!.has(0.5)).toBe(false);
    expect(avg.model).toBe('Mean(A, B, C)');
    const med = combineForecasts(members, 'median');
    expect([...med.mean]).toEqual([2, 2]);
    expect([...med.quantiles!.get(0.9)!]).toEqual([4, 4]);
    expect(combineForecasts([flat('A', 1), flat('B', 3)], 'median').mean[0]).toBe(2);
  });

  it('wraps members into a Model', () => {
    const a: Model = (_y, h) => ({ model: 'A', mean: new Float64Array(h).fill(1) });
    const b: Model = (y, h) => ({ model: 'B', mean: new Float64Array(h).fill(y[0]!) });
    const fc = combinationModel([a, b])(Float64Array.from([5]), 3);
    expect([...fc.mean]).toEqual([3, 3, 3]);
    expect(fc.quantiles).toBeUndefined();
  });
});
