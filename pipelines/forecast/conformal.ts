import { probit } from 'simple-statistics';

/**
 * Split-conformal quantiles from out-of-sample errors (y - f) per horizon step.
 *
 * A rolling-origin backtest gives only a handful of errors per step, too few for a 99 % quantile. So the
 * errors are standardised by a per-step scale, pooled over all steps, and the pooled empirical quantile is
 * mapped back with each step's scale. The scale is the power law s_k = c * k^b fitted to the per-step
 * RMS errors (log-linear least squares weighted by error counts, b clamped to [0, 1]), not the raw RMS of
 * each step: standardising a few errors by their own RMS bounds every |z| by sqrt(count) and makes the
 * tails far too thin. One step with errors gives b = 0.5, the random-walk growth.
 */
export function stepScales(errors: readonly Float64Array[]): Float64Array {
  const h = errors.length;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < h; k++) {
    const e = errors[k]!;
    if (e.length === 0) continue;
    let ss = 0;
    for (const v of e) ss += v * v;
    const rms = Math.sqrt(ss / e.length);
    if (!(rms > 0)) continue;
    const w = e.length;
    const x = Math.log(k + 1);
    const yv = Math.log(rms);
    sw += w;
    sx += w * x;
    sy += w * yv;
    sxx += w * x * x;
    sxy += w * x * yv;
  }
  const scale = new Float64Array(h);
  if (sw === 0) return scale; // every error is zero (or there are none): zero width
  const mx = sx / sw;
  const my = sy / sw;
  const vx = sxx / sw - mx * mx;
  const b = vx > 1e-12 ? Math.min(1, Math.max(0, (sxy / sw - mx * my) / vx)) : 0.5;
  const logC = my - b * mx;
  for (let k = 0; k < h; k++) scale[k] = Math.exp(logC + b * Math.log(k + 1));
  return scale;
}

/**
 * The conformal quantile of a sample at level p: the ceil((n+1)p)-th smallest for p >= 0.5 and the
 * floor((n+1)p)-th for p < 0.5, which keeps finite-sample coverage at least nominal. When the rank falls
 * outside the sample (too few values for an extreme level), a normal tail with the sample's RMS is used,
 * never narrower than the most extreme value seen.
 */
export function conformalRank(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = p >= 0.5 ? Math.ceil((n + 1) * p) : Math.floor((n + 1) * p);
  if (rank >= 1 && rank <= n) return sorted[rank - 1]!;
  let ss = 0;
  for (const v of sorted) ss += v * v;
  const tail = probit(p) * Math.sqrt(ss / n);
  return p >= 0.5 ? Math.max(sorted[n - 1]!, tail) : Math.min(sorted[0]!, tail);
}

/**
 * Quantiles mean[k] + scale[k] * z_p, where z_p is the conformal quantile of the pooled standardised
 * errors. `symmetric` uses |z| instead (z_p = +-quantile of |z| at |2p - 1|): a few recent origins often
 * share one sign of error, and signed quantiles would then skew every interval the same wrong way.
 * Returns undefined when there are no errors at all (the caller must choose another method).
 */
export function conformalQuantiles(
  mean: Float64Array,
  errors: readonly Float64Array[],
  levels: readonly number[],
  options: { readonly symmetric?: boolean } = {},
): Map<number, Float64Array> | undefined {
  const h = mean.length;
  const scale = stepScales(padErrors(errors, h));
  const pooled: number[] = [];
  for (let k = 0; k < h && k < errors.length; k++) {
    const s = scale[k]!;
    for (const e of errors[k]!) pooled.push(s > 0 ? (options.symmetric ? Math.abs(e) : e) / s : 0);
  }
  if (pooled.length === 0) return undefined;
  const sorted = Float64Array.from(pooled).sort();
  const out = new Map<number, Float64Array>();
  for (const p of levels) {
    const z = options.symmetric
      ? p === 0.5
        ? 0
        : Math.sign(p - 0.5) * conformalRank(sorted, Math.abs(2 * p - 1))
      : conformalRank(sorted, p);
    const q = new Float64Array(h);
    for (let k = 0; k < h; k++) q[k] = mean[k]! + scale[k]! * z;
    out.set(p, q);
  }
  return out;
}

function padErrors(errors: readonly Float64Array[], h: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let k = 0; k < h; k++) out.push(errors[k] ?? new Float64Array(0));
  return out;
}
