import { describe, expect, it } from 'vitest';
import { shiftQuantiles } from '../../../pipelines/reconcile/quantiles.ts';

describe('shiftQuantiles', () => {
  it('moves each node\'s quantiles by its mean adjustment, clamps at zero, keeps levels ordered', () => {
    // Two nodes, h = 1. Node 0: mean 10 -> 12 (+2). Node 1: mean 3 -> 1 (-2).
    const baseMean = Float64Array.from([10, 3]);
    const recMean = Float64Array.from([12, 1]);
    const q = new Map<number, Float64Array>([
      [0.9, Float64Array.from([15, 6])],
      [0.1, Float64Array.from([6, 1])],
      // Crossing input (0.5 above 0.9 for node 0) from a different model.
      [0.5, Float64Array.from([16, 3])],
    ]);
    const out = shiftQuantiles(baseMean, recMean, q);
    expect([...out.keys()]).toEqual([0.1, 0.5, 0.9]);
    expect([...out.get(0.1)!]).toEqual([8, 0]); // 1 - 2 clamps to 0
    expect([...out.get(0.5)!]).toEqual([18, 1]);
    expect([...out.get(0.9)!]).toEqual([18, 4]); // 17 raised to the 0.5 level's 18
  });

  it('rejects levels outside (0, 1) and mismatched sizes', () => {
    const m = Float64Array.from([1]);
    expect(() => shiftQuantiles(m, m, new Map([[1, m]]))).toThrow(/level/);
    expect(() => shiftQuantiles(m, m, new Map([[0.5, Float64Array.from([1, 2])]]))).toThrow(/size/);
  });
});
