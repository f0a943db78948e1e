/**
 * Interval coverage for count forecasts. A whole-unit interval [q_a, q_b] of a discrete forecast holds
 * its endpoints' whole probability mass, so the plain share of values inside runs far above nominal
 * (with most values 0, [q0.1, q0.9] = [0, 1] already holds most months). The randomized PIT fixes this
 * (Czado, Gneiting & Held 2009): for an observation y the PIT is uniform on [F(y-1), F(y)], and the
 * central (b - a) interval covers y with probability |[F(y-1), F(y)] ∩ [a, b]| / (F(y) - F(y-1)). Under a
 * calibrated forecast its mean is exactly b - a; for continuous forecasts it is the ordinary coverage.
 */

/**
 * F(k) from quantiles q at sorted levels (one step): the largest level whose quantile is <= k; 0 below
 * the lowest quantile, 1 at or above the highest. Resolution: the spacing of the levels.
 */
export function cdfFromQuantiles(levels: Float64Array, q: Float64Array, k: number): number {
  const m = levels.length;
  if (m === 0 || k < q[0]!) return 0;
  if (k >= q[m - 1]!) return 1;
  let lo = 0;
  let hi = m - 1;
  // Quantiles are non-decreasing in the level: binary search for the last q <= k.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (q[mid]! <= k) lo = mid;
    else hi = mid - 1;
  }
  return levels[lo]!;
}

/** Probability that the randomized PIT on [fBelow, fAt] lands in the central interval [a, b]. */
export function randomizedCoverage(fBelow: number, fAt: number, a: number, b: number): number {
  if (fAt <= fBelow) return fAt >= a && fAt <= b ? 1 : 0;
  return Math.max(0, Math.min(fAt, b) - Math.max(fBelow, a)) / (fAt - fBelow);
}

/** Levels 0.005, 0.010, ..., 0.995 plus `extra`, sorted: a CDF grid for whole-unit quantile forecasts. */
export function pitLevels(extra: readonly number[] = []): number[] {
  const grid = Array.from({ length: 199 }, (_, i) => Math.round((i + 1) * 5) / 1000);
  return [...new Set([...grid, ...extra])].sort((x, y) => x - y);
}
