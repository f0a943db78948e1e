/**
 * The small dense linear algebra reconciliation needs: Cholesky factorisation of a symmetric
 * positive-definite k x k matrix (row-major) and solves with the factor. k is the number of
 * coherence constraints (aggregates) plus pinned leaves, so tens to a few hundred in practice.
 */

/**
 * Factorises a = L L' in place (lower triangle holds L; the strict upper triangle is left as is).
 * Returns false when a pivot is not clearly positive, i.e. the matrix is singular or indefinite
 * at working precision, so the caller can fall back instead of returning garbage.
 */
export function choleskyInPlace(a: Float64Array, k: number): boolean {
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * k + i]!));
  // Relative pivot floor: a pivot this small against the largest diagonal means rank deficiency.
  const floor = maxDiag * 1e-13;
  for (let j = 0; j < k; j++) {
    const rj = j * k;
    let d = a[rj + j]!;
    for (let p = 0; p < j; p++) d -= a[rj + p]! * a[rj + p]!;
    if (!(d > floor)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      const ri = i * k;
      let s = a[ri + j]!;
      for (let p = 0; p < j; p++) s -= a[ri + p]! * a[rj + p]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

/** Solves (L L') x = b in place given the factor from choleskyInPlace. */
export function choleskySolveInPlace(l: Float64Array, k: number, b: Float64Array): Float64Array {
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= l[ri + p]! * b[p]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let p = i + 1; p < k; p++) s -= l[p * k + i]! * b[p]!;
    b[i] = s / l[i * k + i]!;
  }
  return b;
}

/** Solves a x = b for symmetric positive-definite a (copied, not modified); null when singular. */
export function solveSpd(a: Float64Array, k: number, b: Float64Array): Float64Array | null {
  const l = Float64Array.from(a);
  if (!choleskyInPlace(l, k)) return null;
  return choleskySolveInPlace(l, k, Float64Array.from(b));
}
