/**
 * Exact GLS reconciliation for a diagonal error covariance W = diag(w) on a tree, in O(n) per
 * horizon step instead of a dense solve. It covers OLS (w = 1), structural WLS (w = leaves under
 * the node) and WLS with residual variances.
 *
 * Why this is exact: minimising sum_i (y_i - yhat_i)^2 / w_i over coherent y is the posterior
 * mean of a Gaussian model with a flat prior on the leaves and yhat_i ~ N(y_i, w_i) independent.
 * On a tree that model is solved by one upward pass (fuse each node's own forecast with the sum
 * of its children's subtree estimates, precision-weighted) and one downward pass (share the gap
 * between a parent's final value and its children's estimates among the children in proportion to
 * their variances). Checked against the dense formula in the tests.
 */
import type { Hierarchy } from './hierarchy.ts';

/** Scratch for one tree, reused across columns and SKUs to keep allocation out of the hot loop. */
export interface TreeWork {
  readonly est: Float64Array;
  readonly vr: Float64Array;
  readonly sumE: Float64Array;
  readonly sumV: Float64Array;
}

export function treeWork(n: number): TreeWork {
  return {
    est: new Float64Array(n),
    vr: new Float64Array(n),
    sumE: new Float64Array(n),
    sumV: new Float64Array(n),
  };
}

/**
 * Solves one horizon step. `yhat` and `y` are node vectors (length n); `w` the positive finite
 * weights. Leaves with pinned[i] = 1 are held at exactly zero (the non-negativity active set).
 * Writes every node of y; leaves are the solution, aggregates their (rounded) sums.
 */
export function treeGlsColumn(
  tree: Hierarchy,
  w: Float64Array,
  yhat: Float64Array,
  pinned: Uint8Array | null,
  y: Float64Array,
  work: TreeWork,
): void {
  const { parent, isLeaf } = tree;
  const { est, vr, sumE, sumV } = work;
  const n = parent.length;
  sumE.fill(0);
  sumV.fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let e: number;
    let v: number;
    if (isLeaf[i]) {
      if (pinned !== null && pinned[i]) {
        e = 0;
        v = 0;
      } else {
        e = yhat[i]!;
        v = w[i]!;
      }
    } else {
      const s = sumE[i]!;
      const vs = sumV[i]!;
      const wi = w[i]!;
      if (vs === 0) {
        // Every leaf below is pinned: the subtree total is known exactly.
        e = s;
        v = 0;
      } else {
        const g = vs / (wi + vs);
        e = s + g * (yhat[i]! - s);
        v = wi * g;
      }
    }
    est[i] = e;
    vr[i] = v;
    const p = parent[i]!;
    if (p >= 0) {
      sumE[p]! += e;
      sumV[p]! += v;
    }
  }
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p < 0) {
      y[i] = est[i]!;
      continue;
    }
    const vs = sumV[p]!;
    y[i] = vs > 0 ? est[i]! + (vr[i]! / vs) * (y[p]! - sumE[p]!) : est[i]!;
  }
}

/**
 * KKT multiplier of holding leaf j at zero, in units of demand: w_j times the derivative of the
 * GLS objective in the leaf's value, sum over j and its ancestors of (y_i - yhat_i) / w_i.
 * Negative means raising the leaf above zero would lower the objective, so it should be released.
 */
export function treeMultiplier(
  tree: Hierarchy,
  w: Float64Array,
  yhat: Float64Array,
  y: Float64Array,
  leaf: number,
): number {
  let g = 0;
  for (let i = leaf; i >= 0; i = tree.parent[i]!) g += (y[i]! - yhat[i]!) / w[i]!;
  return g * w[leaf]!;
}
