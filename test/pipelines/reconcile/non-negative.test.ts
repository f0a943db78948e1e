import { describe, expect, it } from 'vitest';
import { buildHierarchy, maxIncoherence, type Hierarchy } from '../../../pipelines/reconcile/hierarchy.ts';
import { denseCovariance } from '../../../pipelines/reconcile/covariance.ts';
import { mintColumnProblem, prepareMint } from '../../../pipelines/reconcile/mint.ts';
import { mintCov, olsReconcile, wlsStructural } from '../../../pipelines/reconcile/methods.ts';
import { activeSetColumn } from '../../../pipelines/reconcile/non-negative.ts';
import { diag, normal, randomSpd, randomTree, rng, sFormGls } from './helpers.ts';

/**
 * Exhaustive reference for small trees: for every set of leaves held at zero, solve the
 * equality-constrained GLS; among the solutions with all free leaves >= 0, the smallest objective
 * is the non-negative optimum (the problem is convex, so it is unique in y when W is SPD).
 */
function bruteForce(tree: Hierarchy, w: Float64Array, yhat: Float64Array): { y: Float64Array; objective: number } {
  const m = tree.leaves.length;
  let best: { y: Float64Array; objective: number } | null = null;
  for (let mask = 0; mask < 1 << m; mask++) {
    const free = Array.from(tree.leaves, (_, l) => ((mask >> l) & 1) === 0);
    const sol = sFormGls(tree, w, yhat, free);
    if (![...tree.leaves].every((j) => sol.y[j]! >= -1e-12)) continue;
    if (best === null || sol.objective < best.objective) best = sol;
  }
  return best!;
}

describe('non-negative reconciliation', () => {
  it('hand case, OLS on total = A + B with base [1, 5, -3]: B held at 0, A = mean(1, 5) = 3', () => {
    // Unconstrained OLS gives B = -10/3. With B = 0 the objective is (a-1)^2 + (a-5)^2 -> a = 3;
    // the multiplier of B is (3 - 1) + (0 + 3) = 5 > 0, so B stays at zero.
    const toy = buildHierarchy([
      ['A', 'total'],
      ['B', 'total'],
    ]);
    const base = Float64Array.from([1, 5, -3]);
    const unconstrained = olsReconcile(toy, base, 1, { nonNegative: false }).values;
    expect(unconstrained[2]).toBeCloseTo(-10 / 3, 12);
    const r = olsReconcile(toy, base, 1);
    expect([...r.values]).toEqual([3, 3, 0]);
    expect(r.constrainedSteps).toBe(1);
    const viaMint = mintCov(toy, base, 1, diag([1, 1, 1])).values;
    [3, 3, 0].forEach((v, i) => expect(viaMint[i]).toBeCloseTo(v, 12));
  });

  it('matches exhaustive search over active sets: tree solver (OLS, WLS) and MinT (dense SPD W)', () => {
    let constrainedCases = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const u = rng(seed);
      const z = normal(u);
      const tree = randomTree(u, 2, 2, 3);
      const n = tree.parent.length;
      if (tree.leaves.length > 9) continue;
      const base = Float64Array.from({ length: n }, (_, i) => 0.4 * tree.leafCount[i]! + 1.5 * z());
      const spd = randomSpd(u, n);
      const cases = [
        { w: diag(new Float64Array(n).fill(1)), got: olsReconcile(tree, base, 1) },
        { w: diag(tree.leafCount), got: wlsStructural(tree, base, 1) },
        { w: spd, got: mintCov(tree, base, 1, spd) },
      ];
      for (const { w, got } of cases) {
        const ref = bruteForce(tree, w, base);
        constrainedCases += got.constrainedSteps;
        expect(got.clippedSteps).toBe(0);
        expect(maxIncoherence(tree, got.values, 1)).toBeLessThan(1e-9);
        for (let i = 0; i < n; i++) expect(got.values[i]).toBeCloseTo(ref.y[i]!, 8);
      }
    }
    // The check means something only if the constraint was active in many of the cases.
    expect(constrainedCases).toBeGreaterThan(10);
  });

  it('releases a leaf pinned too eagerly (KKT multiplier check) and still reaches the optimum', () => {
    // With a correlated W, pinning every negative leaf at once can over-pin; the multiplier check
    // must then let one go. Search seeded cases until such releases happen and check each one.
    const tree = buildHierarchy([
      ['M1', 'T'],
      ['M2', 'T'],
      ['A', 'M1'],
      ['B', 'M1'],
      ['C', 'M2'],
      ['D', 'M2'],
    ]);
    const n = 7;
    const u = rng(1);
    const z = normal(u);
    let withRelease = 0;
    for (let trial = 0; trial < 400 && withRelease < 3; trial++) {
      const base = Float64Array.from({ length: n }, () => 4 * z());
      const w = randomSpd(u, n);
      const inner = mintColumnProblem(prepareMint(tree, denseCovariance(tree, w))!, base);
      let releases = 0;
      let before = new Uint8Array(n);
      const spy = {
        ...inner,
        solve: (pinned: Uint8Array, y: Float64Array): boolean => {
          for (const j of tree.leaves) if (before[j] && !pinned[j]) releases++;
          before = Uint8Array.from(pinned);
          return inner.solve(pinned, y);
        },
      };
      const y = new Float64Array(n);
      spy.solve(new Uint8Array(n), y);
      if (![...tree.leaves].some((j) => y[j]! < 0)) continue;
      expect(activeSetColumn(spy, y, 10, new Uint8Array(n))).toBe('optimal');
      if (releases === 0) continue;
      withRelease++;
      const ref = bruteForce(tree, w, base);
      for (const j of tree.leaves) expect(y[j]).toBeCloseTo(ref.y[j]!, 8);
    }
    expect(withRelease).toBe(3);
  });
});
