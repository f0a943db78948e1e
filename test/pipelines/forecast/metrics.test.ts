import { describe, expect, it } from 'vitest';
import {
  coverage,
  mase,
  meanFinite,
  pinball,
  rmsse,
  scaledPinball,
  smape,
} from '../../../pipelines/forecast/metrics.ts';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

// Hand-computed case: y = [10, 20], f = [12, 15], training history [1, 3, 2, 6].
// One-step naive differences of the history: 2, 1, 4 -> mean |d| = 7/3, mean d^2 = 7.
const y = f64([10, 20]);
const f = f64([12, 15]);
const train = f64([1, 3, 2, 6]);

describe('metrics (hand-computed)', () => {
  it('sMAPE is the mean of 200|y-f|/(|y|+|f|)', () => {
    // 200*2/22 = 18.1818..., 200*5/35 = 28.5714... -> mean 23.3766...
    expect(smape(y, f)).toBeCloseTo((400 / 22 + 1000 / 35) / 2, 10);
    expect(smape(f64([0]), f64([0]))).toBe(0);
  });

  it('MASE divides MAE by the naive in-sample MAE', () => {
    // MAE 3.5 over 7/3 = 1.5.
    expect(mase(y, f, train, 1)).toBeCloseTo(1.5, 12);
    // Seasonal lag 4: |2-1|,|3-2|,|4-3|,|5-4| = 1 each -> MASE = MAE = 3.5.
    expect(mase(y, f, f64([1, 2, 3, 4, 2, 3, 4, 5]), 4)).toBeCloseTo(3.5, 12);
  });

  it('RMSSE is sqrt(MSE / mean squared naive difference)', () => {
    // MSE (4 + 25)/2 = 14.5 over 7.
    expect(rmsse(y, f, train)).toBeCloseTo(Math.sqrt(14.5 / 7), 12);
  });

  it('pinball and scaled pinball at 0.9', () => {
    // e = -2 -> max(-1.8, 0.2) = 0.2; e = 5 -> 4.5; mean 2.35; scaled by 7/3.
    expect(pinball(y, f, 0.9)).toBeCloseTo(2.35, 12);
    expect(scaledPinball(y, f, 0.9, train)).toBeCloseTo(2.35 / (7 / 3), 12);
  });

  it('skips missing actuals and flags a zero scale as NaN', () => {
    expect(smape(f64([10, Number.NaN]), f64([12, 1]))).toBeCloseTo(200 * 2 / 22, 12);
    expect(mase(y, f, f64([5, 5, 5]), 1)).toBeNaN();
  });

  it('coverage counts actuals inside inclusive bounds', () => {
    expect(coverage(f64([1, 2, 3, 4]), f64([0, 2, 4, 0]), f64([1, 3, 5, 3]))).toBe(0.5);
    expect(meanFinite([1, Number.NaN, 3, Number.POSITIVE_INFINITY])).toEqual({ mean: 2, count: 2 });
  });
});
