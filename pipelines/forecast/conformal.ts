import { probit } from 'simple-statistics';

/**
 * Split-conformal quantiles from out-of-sample errors (y - f) per horizon step.
 *
 * A rolling-origin backtest gives only a handful of errors per step, too few for a 99 % quantile. So the
 * errors are standardised by a per-step scale, pooled over all steps, and the pooled empirical quantile is
 * mapped back with each step's scale. The scale per step is the RMS error at that step, forced to be
 * non-decreasing (uncertainty does not shrink with the horizon), and extrapolated as sqrt(k) growth from
 * the last step that had errors.
 */
export function stepScales(errors: readonly Float64Array[]): Float64Array {
  const h = errors.length;
  const scale = new Float64Array(h).fill(Number.NaN);
  let lastK = -1;
  let lastS = Number.NaN;
  for (let k = 0; k < h; k++) {
    const e = errors[k]!;
    if (e.length === 0) continue;
    let ss = 0;
    for (const v of e) ss += v * v;
    const s = Math.sqrt(ss / e.length);
    scale[k] = Number.isFinite(lastS) ? Math.max(s, lastS) : s;
    lastS = scale[k]!;
    lastK = k;
  }
  if (lastK < 0) return scale;
  // Steps before the first with errors take its scale; steps after the last grow like sqrt(step).
  let first = 0;
  while (Number.isNaN(scale[first]!)) first++;
  for (let k = 0; k < first; k++) scale[k] = scale[first]!;
  for (let k = 0; k < h; k++) {
    if (Number.isNaN(scale[k]!)) {
      const prev = k > lastK ? scale[lastK]! * Math.sqrt((k + 1) / (lastK + 1)) : scale[k - 1]!;
      scale[k] = prev;
    }
  }
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
 * errors. Returns undefined when there are no errors at all (the caller must choose another method).
 */
export function conformalQuantiles(
  mean: Float64Array,
  errors: readonly Float64Array[],
  levels: readonly number[],
): Map<number, Float64Array> | undefined {
  const h = mean.length;
  const scale = stepScales(padErrors(errors, h));
  const pooled: number[] = [];
  for (let k = 0; k < h && k < errors.length; k++) {
    const s = scale[k]!;
    for (const e of errors[k]!) pooled.push(s > 0 ? e / s : 0);
  }
  if (pooled.length === 0) return undefined;
  const sorted = Float64Array.from(pooled).sort();
  const out = new Map<number, Float64Array>();
  for (const p of levels) {
    const z = conformalRank(sorted, p);
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
