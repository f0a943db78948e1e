import { describe, expect, it } from 'vitest';
import { shrinkageIntensity, shrinkCovariance } from '../../../pipelines/reconcile/covariance.ts';
import { mintColumnProblem, prepareMint } from '../../../pipelines/reconcile/mint.ts';
import { lowRankColumnProblem, prepareLowRank } from '../../../pipelines/reconcile/mint-lowrank.ts';
import { mintShrink } from '../../../pipelines/reconcile/methods.ts';
import { maxIncoherence } from '../../../pipelines/reconcile/hierarchy.ts';
import { normal, randomTree, rng } from './helpers.ts';

describe('low-rank (Woodbury) MinT-shrink', () => {
  it('gives the same solution and multipliers as the U form, for any set of pinned leaves', () => {
    const u = rng(9);
    const z = normal(u);
    const tree = randomTree(u, 3, 4, 5);
    const n = tree.parent.length;
    const t = 8; // fewer steps than nodes: the sample covariance alone is singular
    const e = Float64Array.from({ length: n * t }, z);
    const lambda = shrinkageIntensity(e, n, t);
    expect(lambda).toBeGreaterThan(0);
    const dense = prepareMint(tree, shrinkCovariance(tree, e, t, lambda))!;
    const low = prepareLowRank(tree, e, t, lambda)!;
    for (let trial = 0; trial < 4; trial++) {
      const yhat = Float64Array.from({ length: n }, (_, i) => tree.leafCount[i]! * (0.5 + z()));
      const pinned = new Uint8Array(n);
      for (const j of tree.leaves) pinned[j] = trial > 0 && u() < 0.4 ? 1 : 0;
      const a = mintColumnProblem(dense, yhat);
      const b = lowRankColumnProblem(low, yhat);
      const ya = new Float64Array(n);
      const yb = new Float64Array(n);
      expect(a.solve(pinned, ya)).toBe(true);
      expect(b.solve(pinned, yb)).toBe(true);
      for (const j of tree.leaves) expect(yb[j]).toBeCloseTo(ya[j]!, 9);
      expect(maxIncoherence(tree, yb, 1)).toBeLessThan(1e-9);
      // Both are the objective's gradient in the leaf times a positive scale: W_jj in the U form,
      // lambda * W_jj here.
      for (const j of tree.leaves) {
        if (pinned[j]) expect(b.multiplier(j, yb)).toBeCloseTo(lambda * a.multiplier(j, ya), 8);
      }
    }
  });

  it('mintShrink is unchanged when sparse demand pins more leaves than residual steps', () => {
    const u = rng(4);
    const z = normal(u);
    const tree = randomTree(u, 4, 5, 6);
    const n = tree.parent.length;
    const t = 6;
    const h = 3;
    const e = Float64Array.from({ length: n * t }, z);
    const base = Float64Array.from({ length: n * h }, (_, i) => 0.2 * tree.leafCount[Math.floor(i / h)]! + z());
    const r = mintShrink(tree, base, h, e, t);
    expect(r.method).toBe('mint-shrink');
    expect(r.clippedSteps).toBe(0);
    // Reference: the U-form solve with the same leaves at zero must reproduce the free leaves, and
    // its KKT multipliers must say no pinned leaf wants to rise: so the result is the optimum.
    const lambda = shrinkageIntensity(e, n, t);
    const sys = prepareMint(tree, shrinkCovariance(tree, e, t, lambda))!;
    let mostPinned = 0;
    for (let k = 0; k < h; k++) {
      const yhat = Float64Array.from({ length: n }, (_, i) => base[i * h + k]!);
      const pinned = new Uint8Array(n);
      for (const j of tree.leaves) pinned[j] = r.values[j * h + k] === 0 ? 1 : 0;
      mostPinned = Math.max(mostPinned, pinned.reduce((a, b) => a + b, 0));
      const ref = mintColumnProblem(sys, yhat);
      const y = new Float64Array(n);
      expect(ref.solve(pinned, y)).toBe(true);
      for (const j of tree.leaves) {
        if (!pinned[j]) expect(r.values[j * h + k]).toBeCloseTo(y[j]!, 9);
        else expect(ref.multiplier(j, y)).toBeGreaterThan(-1e-8);
      }
    }
    // More pinned leaves than residual steps: the low-rank path did the solving.
    expect(mostPinned).toBeGreaterThan(t);
  });
});
