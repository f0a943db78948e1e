import { describe, expect, it } from 'vitest';
import { buildHierarchy, maxIncoherence } from '../../../pipelines/reconcile/hierarchy.ts';
import {
  bottomUp,
  mintCov,
  mintShrink,
  olsReconcile,
  reconcile,
  wlsStructural,
  wlsVar,
} from '../../../pipelines/reconcile/methods.ts';
import { diag, normal, randomSpd, randomTree, rng, sFormGls } from './helpers.ts';

// total = A + B, node order [total, A, B], base [10, 4, 5], h = 1.
const toy = buildHierarchy([
  ['A', 'total'],
  ['B', 'total'],
]);
const toyBase = Float64Array.from([10, 4, 5]);
const near = (got: Float64Array, want: number[], digits = 12): void => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));
};

describe('hand-computed toy: total = A + B, base [10, 4, 5]', () => {
  it('bottom-up ignores the total forecast', () => {
    near(bottomUp(toy, toyBase, 1).values, [9, 4, 5]);
  });

  it('OLS: b = (S\'S)^-1 S\'yhat = [[2,-1],[-1,2]]/3 [14, 15] = [13/3, 16/3]', () => {
    near(olsReconcile(toy, toyBase, 1).values, [29 / 3, 13 / 3, 16 / 3]);
  });

  it('structural WLS, W = diag(2,1,1): S\'W^-1S = [[1.5,.5],[.5,1.5]], S\'W^-1 yhat = [9,10] -> [4.25, 5.25]', () => {
    near(wlsStructural(toy, toyBase, 1).values, [9.5, 4.25, 5.25]);
  });

  it('WLS-var with variances (1, 4, 1): the gap of 5/6 goes 4:1 to the noisy child', () => {
    // Residual rows give uncentred mean squares 1, 4, 1.
    const res = Float64Array.from([1, -1, 2, -2, 1, -1]);
    near(wlsVar(toy, toyBase, 1, res, 2).values, [59 / 6, 14 / 3, 31 / 6]);
  });

  it('MinT with a full covariance matches the S-form (S\'W^-1S)^-1 S\'W^-1 yhat', () => {
    const w = Float64Array.from([3, 1, 0.5, 1, 2, 0.2, 0.5, 0.2, 1]);
    const ref = sFormGls(toy, w, toyBase).y;
    near(mintCov(toy, toyBase, 1, w).values, [...ref]);
  });
});

describe('random 3-level trees', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every method is coherent to 1e-9 and non-negative`, () => {
      const u = rng(seed);
      const z = normal(u);
      const tree = randomTree(u);
      const n = tree.parent.length;
      const h = 6;
      const t = 30;
      // Means near zero so the non-negativity constraint is active in most steps.
      const base = Float64Array.from({ length: n * h }, (_, i) => tree.leafCount[Math.floor(i / h)]! * (0.3 + z()));
      const residuals = Float64Array.from({ length: n * t }, z);
      for (const method of ['bottom-up', 'ols', 'wls-structural', 'wls-var', 'mint-shrink'] as const) {
        const r = reconcile(tree, base, h, { method, residuals, t });
        expect(r.method).toBe(method);
        expect(maxIncoherence(tree, r.values, h)).toBeLessThan(1e-9);
        for (const j of tree.leaves) for (let k = 0; k < h; k++) expect(r.values[j * h + k]).toBeGreaterThanOrEqual(0);
        expect(r.clippedSteps).toBe(0);
        if (method !== 'bottom-up') expect(r.constrainedSteps).toBeGreaterThan(0);
      }
    });
  }

  it('MinT with W = I equals OLS; MinT with W = diag(w) equals the tree WLS', () => {
    const u = rng(7);
    const z = normal(u);
    const tree = randomTree(u);
    const n = tree.parent.length;
    const h = 4;
    const base = Float64Array.from({ length: n * h }, () => 5 + z());
    const off = { nonNegative: false };
    const ols = olsReconcile(tree, base, h, off).values;
    const viaMint = mintCov(tree, base, h, diag(new Float64Array(n).fill(1)), off).values;
    for (let i = 0; i < n * h; i++) expect(viaMint[i]).toBeCloseTo(ols[i]!, 10);
    const wls = wlsStructural(tree, base, h, off).values;
    const viaMintW = mintCov(tree, base, h, diag(tree.leafCount), off).values;
    for (let i = 0; i < n * h; i++) expect(viaMintW[i]).toBeCloseTo(wls[i]!, 10);
  });

  it('MinT U-form equals the S-form for a random dense covariance', () => {
    const u = rng(11);
    const tree = randomTree(u, 2, 3, 3);
    const n = tree.parent.length;
    const w = randomSpd(u, n);
    const base = Float64Array.from({ length: n }, () => 10 * u());
    const ref = sFormGls(tree, w, base).y;
    const got = mintCov(tree, base, 1, w, { nonNegative: false }).values;
    for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(ref[i]!, 9);
  });
});

describe('fallbacks and errors', () => {
  it('mint-shrink falls back to wls-var, and says so, without enough complete residuals', () => {
    const res = Float64Array.from([1, Number.NaN, 2, -2, 1, -1]);
    const r = mintShrink(toy, toyBase, 1, res, 2);
    expect(r.requested).toBe('mint-shrink');
    expect(r.method).toBe('wls-var');
    expect(r.fallbackReason).toMatch(/time steps/);
  });

  it('mint-shrink falls back when there are more aggregates than the dense limit', () => {
    const res = Float64Array.from([1, -1, 2, -2, 1, -1]);
    const r = mintShrink(toy, toyBase, 1, res, 2, { maxAggregates: 0 });
    expect(r.method).toBe('wls-var');
    expect(r.fallbackReason).toMatch(/aggregates/);
  });

  it('rejects non-finite base forecasts and wrong sizes', () => {
    expect(() => olsReconcile(toy, Float64Array.from([1, Number.NaN, 2]), 1)).toThrow(/finite/);
    expect(() => olsReconcile(toy, Float64Array.from([1, 2]), 1)).toThrow(/expected/);
    expect(() => reconcile(toy, toyBase, 1, { method: 'wls-var' })).toThrow(/residuals/);
  });
});
