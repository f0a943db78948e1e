import { describe, expect, it } from 'vitest';
import { choleskyInPlace, solveSpd } from '../../../pipelines/reconcile/dense.ts';

describe('Cholesky', () => {
  it('factors a hand example: [[4,2],[2,3]] = L L with L = [[2,0],[1,sqrt 2]]', () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    expect(choleskyInPlace(a, 2)).toBe(true);
    expect(a[0]).toBe(2);
    expect(a[2]).toBe(1);
    expect(a[3]).toBeCloseTo(Math.SQRT2, 15);
  });

  it('solves [[4,2],[2,3]] x = [2, 5] -> x = [-0.5, 2]', () => {
    const x = solveSpd(Float64Array.from([4, 2, 2, 3]), 2, Float64Array.from([2, 5]))!;
    expect(x[0]).toBeCloseTo(-0.5, 14);
    expect(x[1]).toBeCloseTo(2, 14);
  });

  it('refuses singular and indefinite matrices', () => {
    expect(solveSpd(Float64Array.from([1, 1, 1, 1]), 2, Float64Array.from([1, 1]))).toBeNull();
    expect(solveSpd(Float64Array.from([1, 2, 2, 1]), 2, Float64Array.from([1, 1]))).toBeNull();
  });
});
