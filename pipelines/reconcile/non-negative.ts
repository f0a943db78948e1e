/**
 * Non-negative reconciliation of one horizon step by an active-set method on the same GLS
 * objective the unconstrained method minimises (not by clipping the answer).
 *
 * Loop: solve with the pinned leaves held at zero; pin every free leaf that came out negative;
 * when none is negative, check the KKT multipliers of the pinned leaves and release the one whose
 * multiplier says the objective would fall if it rose above zero; stop when neither happens. At
 * that point the KKT conditions of min (y - yhat)' W^-1 (y - yhat) s.t. coherence and leaves >= 0
 * hold, and since the problem is convex that is the global optimum. Pinning several leaves at once
 * is what keeps this to a handful of solves; it can in principle cycle, so the loop is capped and
 * then falls back to zeroing the remaining negative leaves (reported as `clipped`).
 */

export interface ColumnProblem {
  /** Number of nodes. */
  readonly n: number;
  /** Node indices of the leaves. */
  readonly leaves: Int32Array;
  /** Solves with leaves where pinned[i] = 1 held at zero; writes all n nodes of y. False if singular. */
  solve(pinned: Uint8Array, y: Float64Array): boolean;
  /** After solve: KKT multiplier of pinned leaf `leaf` in demand units; negative = wants to rise. */
  multiplier(leaf: number, y: Float64Array): number;
}

export type ActiveSetOutcome = 'optimal' | 'clipped' | 'singular';

/**
 * Runs the active set for one step. `y` holds the unconstrained solution on entry (already
 * computed by the caller's fast path) and the non-negative one on exit (leaves only; aggregates
 * are left for the caller to re-sum). `scale` sets the tolerances (e.g. the largest |yhat|).
 */
export function activeSetColumn(
  problem: ColumnProblem,
  y: Float64Array,
  scale: number,
  pinned: Uint8Array,
): ActiveSetOutcome {
  const { leaves } = problem;
  const tol = 1e-9 * Math.max(1, scale);
  pinned.fill(0);
  const maxIter = 2 * leaves.length + 20;
  for (let iter = 0; iter < maxIter; iter++) {
    let pinnedSome = false;
    for (const j of leaves) {
      if (!pinned[j] && y[j]! < -tol) {
        pinned[j] = 1;
        pinnedSome = true;
      }
    }
    if (!pinnedSome) {
      let worst = -tol;
      let release = -1;
      for (const j of leaves) {
        if (!pinned[j]) continue;
        const mu = problem.multiplier(j, y);
        if (mu < worst) {
          worst = mu;
          release = j;
        }
      }
      if (release < 0) {
        zeroTiny(leaves, y);
        return 'optimal';
      }
      pinned[release] = 0;
    }
    if (!problem.solve(pinned, y)) {
      zeroTiny(leaves, y);
      return 'singular';
    }
  }
  zeroTiny(leaves, y);
  return 'clipped';
}

/** Leaves within rounding of zero, or left negative by a capped loop, become exactly zero. */
function zeroTiny(leaves: Int32Array, y: Float64Array): void {
  for (const j of leaves) if (!(y[j]! > 0)) y[j] = 0;
}
