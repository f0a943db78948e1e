/**
 * MinT in the constraint (U) form of Wickramasuriya, Athanasopoulos & Hyndman (2019, eq. 9):
 *   ytilde = yhat - W U (U' W U)^-1 U' yhat,
 * algebraically the same as S (S' W^-1 S)^-1 S' W^-1 yhat but needing neither W^-1 nor an m x m
 * system: the dense solve is na x na (one row per aggregate: 23 for a 1,000-village province)
 * and U' yhat is just each aggregate's gap to the sum of its leaves. W may even be singular as
 * long as U' W U is not.
 *
 * Leaves pinned at zero by the non-negativity loop add constraints e_j' y = 0; they are folded in
 * by a Schur complement on the already-factored U' W U, so a pin costs one na x na solve.
 */
import { choleskyInPlace, choleskySolveInPlace } from './dense.ts';
import type { Covariance } from './covariance.ts';
import { incoherence, type Hierarchy } from './hierarchy.ts';
import type { ColumnProblem } from './non-negative.ts';

export interface MintSystem {
  readonly tree: Hierarchy;
  readonly cov: Covariance;
  /** Cholesky factor of U' W U (na x na). */
  readonly chol: Float64Array;
  /** Columns of W and K^-1 (W U)[j, :]' for pinned leaves, shared by all horizon steps. */
  readonly wColumns: Map<number, Float64Array>;
  readonly zColumns: Map<number, Float64Array>;
}

/** Factors U' W U; null when it is singular (the caller falls back to a diagonal method). */
export function prepareMint(tree: Hierarchy, cov: Covariance): MintSystem | null {
  const n = tree.parent.length;
  const na = tree.aggregates.length;
  const k = new Float64Array(na * na);
  const col = new Float64Array(n);
  const out = new Float64Array(na);
  const work = new Float64Array(n);
  for (let a = 0; a < na; a++) {
    for (let i = 0; i < n; i++) col[i] = cov.wu[i * na + a]!;
    incoherence(tree, col, out, work);
    for (let b = 0; b < na; b++) k[b * na + a] = out[b]!;
  }
  for (let a = 0; a < na; a++) {
    for (let b = a + 1; b < na; b++) {
      const s = 0.5 * (k[a * na + b]! + k[b * na + a]!);
      k[a * na + b] = s;
      k[b * na + a] = s;
    }
  }
  if (na > 0 && !choleskyInPlace(k, na)) return null;
  return { tree, cov, chol: k, wColumns: new Map(), zColumns: new Map() };
}

/** One horizon step's MinT problem, usable by the non-negativity active set. */
export function mintColumnProblem(sys: MintSystem, yhat: Float64Array): ColumnProblem {
  const { tree, cov, chol } = sys;
  const n = tree.parent.length;
  const na = tree.aggregates.length;
  const { leaves } = tree;
  const wu = cov.wu;
  const r = incoherence(tree, yhat, new Float64Array(na), new Float64Array(n));
  const kappaU0 = choleskySolveInPlace(chol, na, Float64Array.from(r));
  const columns = sys.wColumns;
  const zCache = sys.zColumns;
  const wCol = (j: number): Float64Array => {
    let c = columns.get(j);
    if (c === undefined) {
      c = new Float64Array(n);
      cov.column(j, c);
      columns.set(j, c);
    }
    return c;
  };
  const zCol = (j: number): Float64Array => {
    let z = zCache.get(j);
    if (z === undefined) {
      z = choleskySolveInPlace(chol, na, wu.slice(j * na, j * na + na));
      zCache.set(j, z);
    }
    return z;
  };
  const kappaP = new Map<number, number>();

  const solve = (pinned: Uint8Array, y: Float64Array): boolean => {
    const pins: number[] = [];
    for (const j of leaves) if (pinned[j]) pins.push(j);
    const p = pins.length;
    const kappaU = Float64Array.from(kappaU0);
    const kp = new Float64Array(p);
    kappaP.clear();
    if (p > 0) {
      // Schur complement S = W_PP - B K^-1 B' with B = (W U)[P, :]; rhs yhat_P - B kappaU0.
      const s = new Float64Array(p * p);
      for (let a = 0; a < p; a++) {
        const ja = pins[a]!;
        const wa = wCol(ja);
        const rowA = ja * na;
        for (let b = 0; b <= a; b++) {
          const zb = zCol(pins[b]!);
          let dot = 0;
          for (let c = 0; c < na; c++) dot += wu[rowA + c]! * zb[c]!;
          const v = wa[pins[b]!]! - dot;
          s[a * p + b] = v;
          s[b * p + a] = v;
        }
        let rb = 0;
        for (let c = 0; c < na; c++) rb += wu[rowA + c]! * kappaU0[c]!;
        kp[a] = yhat[ja]! - rb;
      }
      if (!choleskyInPlace(s, p)) return false;
      choleskySolveInPlace(s, p, kp);
      for (let a = 0; a < p; a++) {
        const z = zCol(pins[a]!);
        const ka = kp[a]!;
        for (let c = 0; c < na; c++) kappaU[c]! -= z[c]! * ka;
        kappaP.set(pins[a]!, ka);
      }
    }
    const pinCols = pins.map(wCol);
    for (const j of leaves) {
      if (pinned[j]) {
        y[j] = 0;
        continue;
      }
      let v = yhat[j]!;
      const rj = j * na;
      for (let c = 0; c < na; c++) v -= wu[rj + c]! * kappaU[c]!;
      for (let a = 0; a < p; a++) v -= pinCols[a]![j]! * kp[a]!;
      y[j] = v;
    }
    return true;
  };

  return {
    n,
    leaves,
    solve,
    // Stationarity gives kappa_j = -mu_j for the constraint y_j >= 0; scaled by W_jj into demand units.
    multiplier: (leaf) => -(kappaP.get(leaf) ?? 0) * wCol(leaf)[leaf]!,
  };
}
