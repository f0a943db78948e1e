/**
 * Count quantiles of a blend: weight w on the empirical distribution of recent demand, 1 - w on a
 * Poisson / negative binomial around a level. The model distribution alone spreads its mass by a
 * parametric shape; the recent values alone are few and jumpy. The blend is the combination hedge
 * applied to distributions (a linear pool); the weight the automatic layer uses was chosen on the
 * carparts validation split (auto-engine.ts, docs/benchmarks.md).
 */
import { CodedError } from '../errors.ts';

/** Whole-unit quantiles of w * ECDF(recent) + (1 - w) * F_count(mu, phi), in the order of `levels`. */
export function blendedCountQuantiles(
  recent: Float64Array,
  mu: number,
  phi: number,
  levels: readonly number[],
  weight = 0.5,
): Float64Array {
  if (!(weight >= 0 && weight <= 1)) throw new CodedError('BAD_ARGUMENT', `blend weight ${weight} is not in [0, 1]`);
  if (!(mu >= 0) || !Number.isFinite(mu)) throw new CodedError('BAD_ARGUMENT', `mean ${mu} must be finite and >= 0`);
  const out = new Float64Array(levels.length);
  if (levels.length === 0) return out;
  const sorted = Float64Array.from(recent).sort();
  const n = sorted.length;
  const w = n > 0 ? weight : 0;
  const order = levels.map((_, i) => i).sort((a, b) => levels[a]! - levels[b]!);
  // pmf by recursion from k = 0, in logs: exp(-mu) underflows to 0 past mu of about 745, and a
  // walk started from 0 then never gathered any mass (every quantile fell to the walk's end).
  const size = phi <= 1 + 1e-6 ? Infinity : mu / (phi - 1);
  const poisson = mu === 0 || !Number.isFinite(size);
  let logPmf = mu === 0 ? 0 : poisson ? -mu : size * Math.log(size / (size + mu));
  const logRatio = mu === 0 ? -Infinity : Math.log(poisson ? mu : mu / (size + mu));
  let cdf = 0;
  let j = 0;
  let i = 0;
  const top = Math.max(n > 0 ? sorted[n - 1]! : 0, mu + 60 * Math.sqrt(mu * Math.max(1, phi)) + 200);
  for (let k = 0; i < order.length; k++) {
    cdf += Math.exp(logPmf);
    logPmf += logRatio + (poisson ? -Math.log(k + 1) : Math.log((k + size) / (k + 1)));
    while (j < n && sorted[j]! <= k) j++;
    const f = w * (n > 0 ? j / n : 0) + (1 - w) * Math.min(1, cdf);
    while (i < order.length && (f >= levels[order[i]!]! * (1 - 1e-12) || k >= top)) out[order[i++]!] = k;
  }
  return out;
}
