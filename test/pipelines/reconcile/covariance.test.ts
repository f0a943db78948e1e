import { describe, expect, it } from 'vitest';
import {
  completeCases,
  denseCovariance,
  shrinkageIntensity,
  shrinkCovariance,
} from '../../../pipelines/reconcile/covariance.ts';
import { mintCov, mintShrink } from '../../../pipelines/reconcile/methods.ts';
import { normal, randomTree, rng } from './helpers.ts';

/**
 * The Schäfer-Strimmer intensity written out literally, pair by pair, as in hts::shrink.estim:
 * an O(n^2 T) reference for the O(n T^2) Gram-matrix evaluation under test.
 */
function naiveLambda(e: Float64Array, n: number, t: number): number {
  const x = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < t; k++) s += e[i * t + k]! ** 2;
    for (let k = 0; k < t; k++) x[i * t + k] = e[i * t + k]! / Math.sqrt(s / t);
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let sw = 0;
      let sw2 = 0;
      for (let k = 0; k < t; k++) {
        const w = x[i * t + k]! * x[j * t + k]!;
        sw += w;
        sw2 += w * w;
      }
      num += (sw2 - (sw * sw) / t) / (t * (t - 1));
      den += (sw / t) ** 2;
    }
  }
  return Math.min(1, Math.max(0, num / den));
}

/** The shrinkage covariance as a dense n x n matrix, straight from its definition. */
function naiveShrinkW(e: Float64Array, n: number, t: number, lambda: number): Float64Array {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < t; k++) s += e[i * t + k]! * e[j * t + k]!;
      w[i * n + j] = (i === j ? 1 : 1 - lambda) * (s / t);
    }
  }
  return w;
}

describe('Schäfer-Strimmer shrinkage intensity', () => {
  it('hand case: e1 = [1,1,1,1], e2 = [√2,√2,0,0] gives lambda = (1/6) / (1/2) = 1/3', () => {
    // w_t = x1 x2 = [√2,√2,0,0]; r = 2√2/4, r^2 = 1/2; Var(r) = (4 - 8/4) / (4 * 3) = 1/6.
    const e = Float64Array.from([1, 1, 1, 1, Math.SQRT2, Math.SQRT2, 0, 0]);
    expect(shrinkageIntensity(e, 2, 4)).toBeCloseTo(1 / 3, 14);
  });

  it('identical residuals -> no shrinkage; orthogonal residuals -> full shrinkage', () => {
    expect(shrinkageIntensity(Float64Array.from([1, -1, 1, -1, 2, -2, 2, -2]), 2, 4)).toBeCloseTo(0, 14);
    expect(shrinkageIntensity(Float64Array.from([1, 1, -1, -1, 1, -1, 1, -1]), 2, 4)).toBe(1);
  });

  it('matches the literal pairwise formula and stays in [0, 1] on random data', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const u = rng(seed);
      const z = normal(u);
      const n = 3 + Math.floor(u() * 8);
      const t = 5 + Math.floor(u() * 40);
      const common = Float64Array.from({ length: t }, z);
      const rho = u();
      const e = Float64Array.from({ length: n * t }, (_, i) => rho * common[i % t]! + z());
      const lambda = shrinkageIntensity(e, n, t);
      expect(lambda).toBeGreaterThanOrEqual(0);
      expect(lambda).toBeLessThanOrEqual(1);
      expect(lambda).toBeCloseTo(naiveLambda(e, n, t), 12);
    }
  });
});

describe('shrinkage covariance in U form', () => {
  it('W U and W columns equal the dense definition', () => {
    const u = rng(3);
    const z = normal(u);
    const tree = randomTree(u, 2, 3, 3);
    const n = tree.parent.length;
    const t = 12;
    const e = Float64Array.from({ length: n * t }, z);
    const lambda = 0.37;
    const fast = shrinkCovariance(tree, e, t, lambda);
    const dense = denseCovariance(tree, naiveShrinkW(e, n, t, lambda));
    for (let i = 0; i < fast.wu.length; i++) expect(fast.wu[i]).toBeCloseTo(dense.wu[i]!, 12);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    fast.column(tree.leaves[1]!, a);
    dense.column(tree.leaves[1]!, b);
    for (let i = 0; i < n; i++) expect(a[i]).toBeCloseTo(b[i]!, 12);
  });

  it('mintShrink equals mintCov on the naive dense shrinkage matrix, with and without non-negativity', () => {
    const u = rng(5);
    const z = normal(u);
    const tree = randomTree(u);
    const n = tree.parent.length;
    const t = 20;
    const h = 5;
    const e = Float64Array.from({ length: n * t }, z);
    e[3] = Number.NaN; // that time step is dropped from the covariance
    const base = Float64Array.from({ length: n * h }, () => 0.5 + z());
    const cc = completeCases(e, n, t);
    expect(cc.t).toBe(t - 1);
    const lambda = shrinkageIntensity(cc.e, n, cc.t);
    const w = naiveShrinkW(cc.e, n, cc.t, lambda);
    for (const nonNegative of [false, true]) {
      const fast = mintShrink(tree, base, h, e, t, { nonNegative });
      expect(fast.method).toBe('mint-shrink');
      expect(fast.lambda).toBe(lambda);
      const ref = mintCov(tree, base, h, w, { nonNegative }).values;
      for (let i = 0; i < n * h; i++) expect(fast.values[i]).toBeCloseTo(ref[i]!, 9);
    }
  });
});
