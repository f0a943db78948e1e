/**
 * Plain recent-demand levels over the last h/2, h and 2h known periods. On slow movers these are as hard
 * to beat as any smoothing model (carparts, docs/benchmarks.md), and they cost one backward pass.
 */
import type { Model } from './types.ts';

/** Plain averages over the last h/2, h and 2h known periods (fewer when the history is shorter). */
export function recentMeans(y: Float64Array, h: number): Float64Array {
  const half = Math.max(1, Math.round(h / 2));
  const windows = [half, h, 2 * h];
  const out = new Float64Array(windows.length);
  windows.forEach((k, i) => {
    let sum = 0;
    let n = 0;
    for (let t = y.length - 1; t >= 0 && n < k; t--) {
      if (Number.isNaN(y[t]!)) continue;
      sum += y[t]!;
      n++;
    }
    out[i] = n > 0 ? sum / n : 0;
  });
  return out;
}

function windowNames(h: number): string {
  const half = Math.max(1, Math.round(h / 2));
  return `${half},${h},${2 * h}`;
}

/**
 * Mean of the plain averages over the last h/2, h and 2h known periods: the "recent demand" level at
 * three memories, which on intermittent parts data is as hard to beat as any smoothing model. Point
 * forecast only; the automatic layer adds the quantiles.
 */
export const recentWindows: Model = (y, h) => {
  const m = recentMeans(y, h);
  const level = (m[0]! + m[1]! + m[2]!) / 3;
  return { model: `RecentMean(${windowNames(h)})`, mean: new Float64Array(h).fill(level) };
};

/**
 * The lowest of the h/2, h and 2h recent means. Slow movers mostly decline (obsolescence: a part
 * leaves the fleet, a product leaves the shelf), and then the shortest memory is lowest; when demand
 * holds, the three means agree and the minimum costs little. Chosen on the carparts validation split
 * (docs/benchmarks.md), where it beat every smoothing model on MAE and RMSSE.
 */
export const recentMin: Model = (y, h) => {
  const m = recentMeans(y, h);
  return { model: `RecentMin(${windowNames(h)})`, mean: new Float64Array(h).fill(Math.min(m[0]!, m[1]!, m[2]!)) };
};
