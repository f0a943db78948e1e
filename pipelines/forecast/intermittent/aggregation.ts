/**
 * Temporal aggregation for intermittent demand. ADIDA (Nikolopoulos et al. 2011): sum the series into
 * non-overlapping buckets as long as the mean inter-demand interval, where demand is less
 * intermittent, smooth there with SES, and spread the bucket forecast evenly back over its periods.
 * IMAPA (Petropoulos & Kourentzes 2015): the same at every level 1..L and the mean of the results,
 * which hedges against a poorly chosen single level.
 *
 * Buckets are aligned to the END of the series so the latest periods form a full bucket; the leading
 * remainder is dropped. Missing periods are removed before aggregating.
 */
import { ALPHA_GRID, DEFAULT_ALPHA, MIN_POINTS_TO_OPTIMISE } from './croston.ts';

export interface SesResult {
  readonly alpha: number;
  /** Level after the last value: the forecast. */
  readonly level: number;
  /** Initial level (least-squares optimal for that alpha, clamped at 0 for demand). */
  readonly level0: number;
  readonly sse: number;
}

/**
 * SES over x[start..] with the initial level profiled out exactly (one-step predictions are linear in
 * it) and alpha from the grid by SSE.
 */
export function sesGrid(x: Float64Array, start = 0, step = 1, grid: readonly number[] = ALPHA_GRID): SesResult {
  let best: SesResult = { alpha: grid[0] ?? 0.1, level: 0, level0: 0, sse: Infinity };
  for (const alpha of grid) {
    const beta = 1 - alpha;
    let level = 0;
    let c = 1;
    let sCC = 0;
    let sCR = 0;
    let sRR = 0;
    for (let t = start; t < x.length; t += step) {
      const r = x[t]! - level;
      sCC += c * c;
      sCR += c * r;
      sRR += r * r;
      level += alpha * r;
      c *= beta;
    }
    if (sCC === 0) return best;
    const l0 = Math.max(0, sCR / sCC);
    const sse = sRR - 2 * l0 * sCR + l0 * l0 * sCC;
    if (sse < best.sse) best = { alpha, level: level + c * l0, level0: l0, sse };
  }
  return best;
}

/** sesGrid with alpha searched only when the series is long enough to say anything about it. */
export function sesAuto(x: Float64Array): SesResult {
  return sesGrid(x, 0, 1, x.length >= MIN_POINTS_TO_OPTIMISE ? ALPHA_GRID : [DEFAULT_ALPHA]);
}

/** Running sums: cum[t] = x[0] + ... + x[t-1], so any bucket sum is one difference. */
export function cumulativeSums(x: Float64Array): Float64Array {
  const cum = new Float64Array(x.length + 1);
  for (let t = 0; t < x.length; t++) cum[t + 1] = cum[t]! + x[t]!;
  return cum;
}

/**
 * Bucket sums of size `level`, aligned to the end of x. With `cum` (cumulativeSums of x) each bucket is
 * one difference: IMAPA aggregates the same series at up to 12 levels. Differences of running sums
 * are exact for whole-unit demand; for fractional data they may differ from direct sums in the last bits.
 */
export function aggregate(x: Float64Array, level: number, cum?: Float64Array): Float64Array {
  const buckets = Math.floor(x.length / level);
  const out = new Float64Array(buckets);
  const offset = x.length - buckets * level;
  if (cum) {
    for (let b = 0; b < buckets; b++) out[b] = cum[offset + (b + 1) * level]! - cum[offset + b * level]!;
    return out;
  }
  for (let b = 0; b < buckets; b++) {
    let s = 0;
    const base = offset + b * level;
    for (let j = 0; j < level; j++) s += x[base + j]!;
    out[b] = s;
  }
  return out;
}

/**
 * Per-period forecast from SES at aggregation `level`, and, when `fitted` is given, add
 * `weight` * the per-period one-step fitted values (bucket level before the bucket / level) into it.
 * Periods in the dropped leading remainder get the initial level.
 */
export function aggregatedSes(x: Float64Array, level: number, fitted?: Float64Array, weight = 1, cum?: Float64Array): number {
  const agg = level === 1 ? x : aggregate(x, level, cum);
  // Always searched: at level L a fixed 0.1 per bucket would mean a memory of 10L periods.
  const fit = sesGrid(agg);
  if (fitted) {
    const offset = x.length - agg.length * level;
    let l = fit.level0;
    for (let t = 0; t < offset; t++) fitted[t] = fitted[t]! + (weight * l) / level;
    for (let b = 0; b < agg.length; b++) {
      const f = (weight * l) / level;
      const base = offset + b * level;
      for (let j = 0; j < level; j++) fitted[base + j] = fitted[base + j]! + f;
      l += fit.alpha * (agg[b]! - l);
    }
  }
  return fit.level / level;
}

/** Largest level that still leaves at least `minBuckets` buckets. */
function capLevel(level: number, n: number, minBuckets = 4): number {
  return Math.max(1, Math.min(Math.round(level), Math.floor(n / minBuckets)));
}

/** ADIDA per-period forecast at level round(adi); x must hold known values only. */
export function adidaForecast(x: Float64Array, adi: number, fitted?: Float64Array): number {
  return aggregatedSes(x, capLevel(adi, x.length), fitted);
}

/** IMAPA per-period forecast: mean over levels 1..max(2, ceil(adi)) (capped at 12 and n/4). */
export function imapaForecast(x: Float64Array, adi: number, fitted?: Float64Array): number {
  const top = capLevel(Math.min(12, Math.max(2, Math.ceil(adi))), x.length);
  let sum = 0;
  const cum = top > 2 ? cumulativeSums(x) : undefined;
  for (let level = 1; level <= top; level++) sum += aggregatedSes(x, level, fitted, 1 / top, cum);
  return sum / top;
}
