/**
 * Error covariances for MinT, held in the only form the U-form solve needs: the product W U
 * (n x na, one column per coherence constraint) and single columns of W on demand (for leaves
 * pinned at zero). The shrinkage estimator never materialises the n x n matrix, so a 1,023-node
 * village tree costs O(n T (T + na)) rather than O(n^2 T).
 *
 * U is the n x na constraint matrix of Wickramasuriya, Athanasopoulos & Hyndman (2019): column a
 * is +1 at aggregate a and -1 at every leaf under it, so U'y = 0 exactly when y is coherent.
 */
import { CodedError } from '../errors.ts';
import { incoherence, sumLeavesUp, type Hierarchy } from './hierarchy.ts';

export interface Covariance {
  readonly n: number;
  /** W U, n x na row-major. */
  readonly wu: Float64Array;
  /** Writes column j of W into out (length n). */
  column(j: number, out: Float64Array): void;
}

/** A covariance given as a dense symmetric n x n matrix (row-major). */
export function denseCovariance(tree: Hierarchy, w: Float64Array): Covariance {
  const n = tree.parent.length;
  const na = tree.aggregates.length;
  if (w.length !== n * n) throw new CodedError('BAD_ARGUMENT', `covariance: expected ${n}x${n} values`);
  const wu = new Float64Array(n * na);
  const row = new Float64Array(n);
  const out = new Float64Array(na);
  const work = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    // (W U)[r, :] = (U' W[:, r])' because W is symmetric.
    for (let c = 0; c < n; c++) row[c] = w[c * n + r]!;
    incoherence(tree, row, out, work);
    wu.set(out, r * na);
  }
  return {
    n,
    wu,
    column: (j, dst) => {
      for (let i = 0; i < n; i++) dst[i] = w[i * n + j]!;
    },
  };
}

/** Residual matrix (n x T row-major) restricted to the time steps where every node is finite. */
export function completeCases(residuals: Float64Array, n: number, t: number): { e: Float64Array; t: number } {
  if (residuals.length !== n * t) throw new CodedError('BAD_ARGUMENT', `residuals: expected ${n}x${t} values`);
  const keep: number[] = [];
  for (let s = 0; s < t; s++) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = Number.isFinite(residuals[i * t + s]!);
    if (ok) keep.push(s);
  }
  const tt = keep.length;
  const e = new Float64Array(n * tt);
  for (let i = 0; i < n; i++) for (let k = 0; k < tt; k++) e[i * tt + k] = residuals[i * t + keep[k]!]!;
  return { e, t: tt };
}

/**
 * Per-node mean squared residual over the finite values (uncentred, as in the MinT papers: base
 * forecasts are taken as unbiased). Used as the diagonal W of WLS-var and the shrinkage target.
 */
export function residualVariances(residuals: Float64Array, n: number, t: number): Float64Array {
  if (residuals.length !== n * t) throw new CodedError('BAD_ARGUMENT', `residuals: expected ${n}x${t} values`);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let c = 0;
    for (let k = 0; k < t; k++) {
      const x = residuals[i * t + k]!;
      if (Number.isFinite(x)) {
        s += x * x;
        c++;
      }
    }
    v[i] = c > 0 ? s / c : Number.NaN;
  }
  return v;
}

/**
 * Schäfer-Strimmer shrinkage intensity toward the diagonal target, in the form used for MinT by
 * Wickramasuriya et al. (2019) and the hts/fable packages: with uncentred covariance S = E'E/T and
 * standardised residuals x_ti = e_ti / sqrt(S_ii),
 *   lambda = sum_{i!=j} Var(r_ij) / sum_{i!=j} r_ij^2,  r_ij = sum_t x_ti x_tj / T,
 *   Var(r_ij) = (sum_t x_ti^2 x_tj^2 - (sum_t x_ti x_tj)^2 / T) / (T (T - 1)),
 * clamped to [0, 1]. Both double sums are evaluated without forming any n x n matrix:
 * sum_{i,j} (sum_t x_ti x_tj)^2 is the squared Frobenius norm of the T x T Gram matrix X X', and
 * sum_{i,j} sum_t x_ti^2 x_tj^2 = sum_t (sum_i x_ti^2)^2. `e` is complete-case, n x T row-major.
 */
export function shrinkageIntensity(e: Float64Array, n: number, t: number): number {
  if (t < 2) return 1;
  const x = new Float64Array(n * t);
  const diagSq = new Float64Array(n); // sum_t x_ti^2: T for a node with variance, 0 without
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < t; k++) s += e[i * t + k]! ** 2;
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s / t);
    for (let k = 0; k < t; k++) x[i * t + k] = e[i * t + k]! * inv;
    diagSq[i] = t;
  }
  let sumW2All = 0; // sum_{i,j} sum_t x_ti^2 x_tj^2
  let sumW2Diag = 0; // its i = j part
  const colSq = new Float64Array(t);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < t; k++) {
      const v = x[i * t + k]! ** 2;
      colSq[k]! += v;
      sumW2Diag += v * v;
    }
  }
  for (let k = 0; k < t; k++) sumW2All += colSq[k]! ** 2;
  let gram2 = 0; // ||X X'||_F^2 over the T x T Gram matrix, by symmetry
  for (let a = 0; a < t; a++) {
    for (let b = a; b < t; b++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += x[i * t + a]! * x[i * t + b]!;
      gram2 += a === b ? g * g : 2 * g * g;
    }
  }
  let gramDiag = 0;
  for (let i = 0; i < n; i++) gramDiag += diagSq[i]! ** 2;
  const offCross2 = gram2 - gramDiag; // sum_{i!=j} (sum_t x_ti x_tj)^2
  const num = (sumW2All - sumW2Diag - offCross2 / t) / (t * (t - 1));
  const den = offCross2 / (t * t);
  if (!(den > 1e-300)) return 1;
  return Math.min(1, Math.max(0, num / den));
}

/**
 * The shrinkage covariance W = lambda diag(S) + (1 - lambda) S with S = E'E/T, as W U and
 * columns. `e` is complete-case, n x T row-major.
 */
export function shrinkCovariance(tree: Hierarchy, e: Float64Array, t: number, lambda: number): Covariance {
  const n = tree.parent.length;
  const na = tree.aggregates.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < t; k++) s += e[i * t + k]! ** 2;
    d[i] = s / t;
  }
  // E U (na x T): each time step's incoherence, from one bottom-up pass over all T at once.
  const sums = Float64Array.from(e);
  sumLeavesUp(tree, sums, t);
  const eu = new Float64Array(na * t);
  for (let a = 0; a < na; a++) {
    const node = tree.aggregates[a]!;
    for (let k = 0; k < t; k++) eu[a * t + k] = e[node * t + k]! - sums[node * t + k]!;
  }
  const wu = new Float64Array(n * na);
  const c = (1 - lambda) / t;
  for (let i = 0; i < n; i++) {
    const ri = i * t;
    for (let a = 0; a < na; a++) {
      let s = 0;
      const ra = a * t;
      for (let k = 0; k < t; k++) s += e[ri + k]! * eu[ra + k]!;
      wu[i * na + a] = c * s;
    }
  }
  // lambda D U: +d at (aggregate, itself), -d at (leaf, each aggregate above it).
  for (let i = 0; i < n; i++) {
    const di = lambda * d[i]!;
    if (di === 0) continue;
    if (!tree.isLeaf[i]) wu[i * na + tree.aggIndex[i]!]! += di;
    else for (let p = tree.parent[i]!; p >= 0; p = tree.parent[p]!) wu[i * na + tree.aggIndex[p]!]! -= di;
  }
  return {
    n,
    wu,
    column: (j, dst) => {
      const rj = j * t;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const ri = i * t;
        for (let k = 0; k < t; k++) s += e[ri + k]! * e[rj + k]!;
        dst[i] = c * s;
      }
      dst[j]! += lambda * d[j]!;
    },
  };
}
