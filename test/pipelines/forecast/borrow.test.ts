import { describe, expect, it } from 'vitest';
import { borrowProfile } from '../../../pipelines/forecast/borrow.ts';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('borrowProfile', () => {
  it('scales the category profile by the shrunk level ratio', () => {
    // Item sold 4 + 8 = 12 where the category averaged 2 + 4 = 6: ratio 2. Two observations, shrinkage 6:
    // weight 2/8 = 0.25, scale 0.25*2 + 0.75*1 = 1.25; next steps are 1.25 * [10, 20].
    const fc = borrowProfile(f64([4, 8]), f64([2, 4, 10, 20]), 2);
    expect([...fc.mean]).toEqual([12.5, 25]);
  });

  it('trusts the item more as history accumulates and ignores missing periods', () => {
    const cat = f64([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5]);
    const y = f64([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, Number.NaN]);
    // 11 known at ratio 3: weight 11/17, scale 11/17*3 + 6/17 = 39/17.
    expect(borrowProfile(y, cat, 1).mean[0]).toBeCloseTo((5 * 39) / 17, 12);
    // No history: the category's mean item.
    expect(borrowProfile(new Float64Array(0), f64([7, 9]), 2).mean[1]).toBe(9);
    // No shrinkage: the raw ratio.
    expect(borrowProfile(f64([2]), f64([1, 4]), 1, { shrinkage: 0 }).mean[0]).toBe(8);
  });

  it('rejects a category profile that does not reach the horizon', () => {
    expect(() => borrowProfile(f64([1, 2]), f64([1, 2, 3]), 2)).toThrow(/needs y.length \+ h/);
  });
});
