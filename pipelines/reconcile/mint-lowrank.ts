/**
 * MinT-shrink when many leaves are pinned at zero. The shrinkage covariance is diagonal plus
 * rank T: W = L + c E'E with L = lambda diag(S), c = (1 - lambda) / T, E the T x n residuals. By
 * Woodbury, W^-1 = L^-1 - F G^-1 F' with F = L^-1 E' (n x T), G = I/c + E L^-1 E' (T x T), and the
 * GLS solution over the free leaves splits into the diagonal-W tree solve (tree-gls.ts) plus a
 * rank-T correction:
 *   b = b0 + H Z^-1 F'(S b0 - yhat),  b0 = tree solve of yhat with weights L,
 *   H = columns t: tree solve of E'[:, t],  Z = G - F' S H.
 * (Derivation: normal equations (M - K'G^-1 K) b = S'L^-1 yhat - K'G^-1 F'yhat with M = S'L^-1 S,
 * K = F'S, then Woodbury on M - K'G^-1 K.) A solve costs T + 1 tree passes and O(n T^2), however
 * many leaves are pinned, where the U form costs O(p^3) for p pinned leaves.
 */
import { choleskyInPlace, choleskySolveInPlace } from './dense.ts';
import type { Hierarchy } from './hierarchy.ts';
import type { ColumnProblem } from './non-negative.ts';
import { treeGlsColumn, treeWork, type TreeWork } from './tree-gls.ts';

export interface LowRankSystem {
  readonly tree: Hierarchy;
  readonly t: number;
  /** Diagonal part lambda * S_ii, the tree weights. */
  readonly l: Float64Array;
  /** Residuals, n x T row-major. */
  readonly e: Float64Array;
  /** F = L^-1 E', n x T row-major, and its transpose (T x n) for contiguous inner loops. */
  readonly f: Float64Array;
  readonly ft: Float64Array;
  /** I/c + E L^-1 E', T x T. */
  readonly g: Float64Array;
  /** Cholesky factor of g, for applying W^-1 in the multipliers. */
  readonly gChol: Float64Array;
  readonly work: TreeWork;
  /** Bases by pinned set ('' for none), shared by the horizon steps of one reconciliation. */
  readonly bases: Map<string, Basis>;
}

interface Basis {
  /** Tree solutions of each residual time step: y[t * n + i]. */
  readonly y: Float64Array;
  /** Cholesky factor of Z = G - F' S H. */
  readonly z: Float64Array;
}

/** Null when the diagonal part is not positive definite (lambda = 0 or a zero variance). */
export function prepareLowRank(tree: Hierarchy, e: Float64Array, t: number, lambda: number): LowRankSystem | null {
  const n = tree.parent.length;
  if (!(lambda > 0) || lambda >= 1) return null;
  const l = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < t; k++) s += e[i * t + k]! ** 2;
    l[i] = (lambda * s) / t;
    if (!(l[i]! > 0)) return null;
  }
  const f = new Float64Array(n * t);
  const ft = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < t; k++) {
      const v = e[i * t + k]! / l[i]!;
      f[i * t + k] = v;
      ft[k * n + i] = v;
    }
  }
  const c = (1 - lambda) / t;
  const g = new Float64Array(t * t);
  for (let a = 0; a < t; a++) {
    for (let b = a; b < t; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += e[i * t + a]! * f[i * t + b]!;
      g[a * t + b] = s + (a === b ? 1 / c : 0);
      g[b * t + a] = g[a * t + b]!;
    }
  }
  const gChol = Float64Array.from(g);
  if (!choleskyInPlace(gChol, t)) return null;
  return { tree, t, l, e, f, ft, g, gChol, work: treeWork(n), bases: new Map() };
}

function basis(sys: LowRankSystem, pinned: Uint8Array | null): Basis | null {
  const { tree, t, e, ft, g, l, work } = sys;
  const n = tree.parent.length;
  const y = new Float64Array(t * n);
  const col = new Float64Array(n);
  const out = new Float64Array(n);
  for (let k = 0; k < t; k++) {
    for (let i = 0; i < n; i++) col[i] = e[i * t + k]!;
    treeGlsColumn(tree, l, col, pinned, out, work);
    y.set(out, k * n);
  }
  // F'S H = K M^-1 K' is symmetric, so half the products suffice (this is the O(n T^2) part).
  const z = Float64Array.from(g);
  for (let a = 0; a < t; a++) {
    const ra = a * n;
    for (let b = a; b < t; b++) {
      let s = 0;
      const rb = b * n;
      for (let i = 0; i < n; i++) s += ft[ra + i]! * y[rb + i]!;
      z[a * t + b]! -= s;
      if (b !== a) z[b * t + a]! -= s;
    }
  }
  return choleskyInPlace(z, t) ? { y, z } : null;
}

/** One horizon step's MinT-shrink problem in the low-rank form, for the non-negativity loop. */
export function lowRankColumnProblem(sys: LowRankSystem, yhat: Float64Array): ColumnProblem {
  const { tree, t, f, l, work } = sys;
  const n = tree.parent.length;
  const phi = new Float64Array(t);
  const q = new Float64Array(n);
  let qFresh = false;
  let lastY: Float64Array | null = null;

  const solve = (pinned: Uint8Array, y: Float64Array): boolean => {
    const pins: number[] = [];
    for (const j of tree.leaves) if (pinned[j]) pins.push(j);
    const key = pins.join(',');
    let b = sys.bases.get(key) ?? null;
    if (b === null) {
      b = basis(sys, pins.length > 0 ? pinned : null);
      if (b === null) return false;
      // Horizon steps with the same villages at zero reuse the basis; a small cap bounds memory.
      if (sys.bases.size >= 16) sys.bases.clear();
      sys.bases.set(key, b);
    }
    treeGlsColumn(tree, l, yhat, pinned, y, work);
    phi.fill(0);
    for (let i = 0; i < n; i++) {
      const r = y[i]! - yhat[i]!;
      for (let k = 0; k < t; k++) phi[k]! += f[i * t + k]! * r;
    }
    choleskySolveInPlace(b.z, t, phi);
    for (let k = 0; k < t; k++) {
      const kk = phi[k]!;
      const rk = k * n;
      for (let i = 0; i < n; i++) y[i]! += kk * b.y[rk + i]!;
    }
    qFresh = false;
    lastY = y;
    return true;
  };

  /** q = W^-1 (y - yhat), so that S'q is the gradient of the objective in the leaves. */
  const refreshQ = (y: Float64Array): void => {
    const r = new Float64Array(t);
    for (let i = 0; i < n; i++) {
      const d = y[i]! - yhat[i]!;
      q[i] = d / l[i]!;
      for (let k = 0; k < t; k++) r[k]! += f[i * t + k]! * d;
    }
    choleskySolveInPlace(sys.gChol, t, r);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < t; k++) s += f[i * t + k]! * r[k]!;
      q[i]! -= s;
    }
    qFresh = true;
  };

  return {
    n,
    leaves: tree.leaves,
    solve,
    multiplier: (leaf, y) => {
      if (!qFresh || lastY !== y) refreshQ(y);
      let g = 0;
      for (let i = leaf; i >= 0; i = tree.parent[i]!) g += q[i]!;
      // Scaled by a positive variance into demand units, as in the other solvers; only the sign
      // and the tolerance depend on it.
      return g * l[leaf]!;
    },
  };
}
