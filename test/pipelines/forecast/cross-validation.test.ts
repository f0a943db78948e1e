import { describe, expect, it } from 'vitest';
import {
  backtestMse,
  originPoints,
  rollingOrigin,
  stepErrors,
} from '../../../pipelines/forecast/cross-validation.ts';
import type { Model } from '../../../pipelines/forecast/types.ts';

// Stand-in model: repeat the last value.
const lastValue: Model = (y, h) => ({ model: 'Naive', mean: new Float64Array(h).fill(y[y.length - 1]!) });

describe('rolling-origin backtest', () => {
  it('prefers full windows ending at n - h', () => {
    expect(originPoints(20, 4, { origins: 3 })).toEqual([14, 15, 16]);
    expect(originPoints(20, 4, { origins: 3, step: 2 })).toEqual([12, 14, 16]);
  });

  it('falls back to the latest origins with cut-short windows on short histories', () => {
    // n - h = 2 < minTrain 4: origins end at n - 1 and stop at minTrain.
    expect(originPoints(6, 4, { origins: 3 })).toEqual([4, 5]);
  });

  it('scores a naive forecast of a unit trend with error k at step k', () => {
    const y = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const bt = rollingOrigin(lastValue, y, 3, { origins: 2 });
    expect(bt.origins).toEqual([6, 7]);
    const errs = stepErrors(bt, 3);
    expect(errs.map((e) => [...e])).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(backtestMse(bt)).toBeCloseTo((1 + 4 + 9) / 3, 12);
  });

  it('drops missing actuals from the errors', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5, Number.NaN, 7]);
    const errs = stepErrors(rollingOrigin(lastValue, y, 2, { origins: 1 }), 2);
    expect(errs.map((e) => [...e])).toEqual([[Number.NaN].filter(() => false), [2]]);
  });
});

describe('partial windows', () => {
  it('end at n - 1 even when full windows fit', () => {
    expect(originPoints(20, 4, { origins: 3, windows: 'partial' })).toEqual([17, 18, 19]);
  });
});
