/**
 * Non-negative reconciliation of one horizon step on the same GLS objective the unconstrained
 * method minimises (not by clipping the answer): min (y - yhat)' W^-1 (y - yhat) over coherent y
 * with every leaf >= 0.
 *
 * Method: block principal pivoting (Júdice & Pires 1994; Kim & Park 2011 for NNLS). A partition
 * of the leaves into free and pinned-at-zero is solved as an equality-constrained GLS; the
 * infeasible leaves are the free ones that came out negative and the pinned ones whose KKT
 * multiplier says the objective would fall if they rose. All of them switch sides at once while
 * that keeps reducing the number of infeasibilities (a few solves even with hundreds of villages
 * at zero); when it stops doing so, only the highest-numbered infeasible leaf switches (Murty's
 * rule, which cannot cycle). No infeasible leaf left means the KKT conditions hold, and the
 * problem is convex, so that is the optimum. An iteration cap guards the worst case; if it is hit
 * the remaining negative leaves are zeroed and the step is reported as `clipped`.
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
 * are left for the caller to re-sum); `pinned` holds the final zero set on exit. `scale` sets the
 * tolerances (e.g. the largest |yhat|). `start`, if given, is the zero set to begin from.
 */
export function activeSetColumn(
  problem: ColumnProblem,
  y: Float64Array,
  scale: number,
  pinned: Uint8Array,
  start?: Uint8Array,
): ActiveSetOutcome {
  const { leaves } = problem;
  const tol = 1e-9 * Math.max(1, scale);
  pinned.fill(0);
  if (start !== undefined) {
    // Warm start from a neighbouring step's answer: forecasts change little along the horizon,
    // so the same villages tend to be at zero and pivoting then needs one or two solves.
    for (const j of leaves) pinned[j] = start[j]!;
    if (!problem.solve(pinned, y)) {
      zeroTiny(leaves, y);
      return 'singular';
    }
  }
  let best = leaves.length + 1;
  let backup = 3;
  const maxIter = 5 * leaves.length + 50;
  for (let iter = 0; iter < maxIter; iter++) {
    let count = 0;
    let last = -1;
    for (const j of leaves) {
      const bad = pinned[j] ? problem.multiplier(j, y) < -tol : y[j]! < -tol;
      if (bad) {
        count++;
        last = j;
      }
    }
    if (count === 0) {
      zeroTiny(leaves, y);
      return 'optimal';
    }
    if (count < best || backup > 0) {
      if (count < best) {
        best = count;
        backup = 3;
      } else backup--;
      // Multipliers must all be read before any flip, so decide first, then switch.
      const flip: number[] = [];
      for (const j of leaves) {
        if (pinned[j] ? problem.multiplier(j, y) < -tol : y[j]! < -tol) flip.push(j);
      }
      for (const j of flip) pinned[j] = pinned[j] ? 0 : 1;
    } else {
      pinned[last] = pinned[last] ? 0 : 1;
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
