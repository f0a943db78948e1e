/**
 * Predictive quantiles for count demand: Poisson, or negative binomial when the data are
 * over-dispersed (variance above the mean, the usual case for slow movers). Quantiles are exact
 * sums of the pmf, never a normal approximation, so small means (0.2 units a day) get the right
 * integer answers; they are never negative.
 *
 * Dispersion is a variance-to-mean ratio phi (Var = phi * mean): a per-series constant that scales
 * with the forecast mean, so one estimate serves every step of a changing mean path.
 */
import { CodedError } from '../errors.ts';

/** log Gamma(x) for x > 0, Lanczos approximation (g = 7, 9 terms; ~1e-15 relative). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

function checkMean(mu: number, size: number): void {
  if (!(mu >= 0) || !Number.isFinite(mu)) throw new CodedError('BAD_ARGUMENT', `mean ${mu} must be finite and >= 0`);
  if (!(size > 0)) throw new CodedError('BAD_ARGUMENT', `negative binomial size ${size} must be > 0`);
}

/** log pmf at k; size = Infinity is the Poisson limit. */
function logPmf(k: number, mu: number, size: number): number {
  if (!Number.isFinite(size)) return k * Math.log(mu) - mu - logGamma(k + 1);
  return (
    logGamma(k + size) - logGamma(size) - logGamma(k + 1) +
    size * Math.log(size / (size + mu)) + k * Math.log(mu / (size + mu))
  );
}

/** pmf(k+1) / pmf(k). */
function ratio(k: number, mu: number, size: number): number {
  return Number.isFinite(size) ? ((k + size) / (k + 1)) * (mu / (size + mu)) : mu / (k + 1);
}

/**
 * Where to start summing: far enough below the mean that the mass left out is below 1e-20 (both
 * left tails are lighter than a normal one) yet close enough that the pmf there does not underflow.
 */
function startPoint(mu: number, size: number): number {
  const sd = Math.sqrt(mu + (Number.isFinite(size) ? (mu * mu) / size : 0));
  return Math.max(0, Math.floor(mu - 10 * sd - 5));
}

/**
 * Quantiles (smallest k with F(k) >= p) for the sorted levels in one upward sweep of the pmf.
 * `out` receives them in the same order.
 */
function sweepQuantiles(mu: number, size: number, sortedLevels: ArrayLike<number>, out: Float64Array): void {
  const m = sortedLevels.length;
  if (mu === 0) {
    out.fill(0, 0, m);
    return;
  }
  let k = startPoint(mu, size);
  let p = Math.exp(logPmf(k, mu, size));
  let cdf = 0;
  let i = 0;
  const sd = Math.sqrt(mu + (Number.isFinite(size) ? (mu * mu) / size : 0));
  const stop = mu + 60 * sd + 200;
  while (i < m) {
    cdf += p;
    // Relative slack absorbs rounding in the running sum at an exact-tie cdf value.
    while (i < m && cdf >= sortedLevels[i]! * (1 - 1e-12)) out[i++] = k;
    if (k > stop) break;
    p *= ratio(k, mu, size);
    k++;
  }
  while (i < m) out[i++] = k;
}

function cdfAt(k: number, mu: number, size: number): number {
  if (k < 0) return 0;
  if (mu === 0) return 1;
  const kk = Math.floor(k);
  let j = startPoint(mu, size);
  if (kk < j) return 0;
  let p = Math.exp(logPmf(j, mu, size));
  let cdf = p;
  // Far in the right tail the remaining mass is below double precision: stop instead of walking to k.
  const sd = Math.sqrt(mu + (Number.isFinite(size) ? (mu * mu) / size : 0));
  const stop = Math.min(kk, mu + 60 * sd + 200);
  while (j < stop) {
    p *= ratio(j, mu, size);
    j++;
    cdf += p;
  }
  return Math.min(1, cdf);
}

export function poissonCdf(k: number, mu: number): number {
  checkMean(mu, Infinity);
  return cdfAt(k, mu, Infinity);
}

/** Negative binomial with mean mu and size r (Var = mu + mu^2 / r). */
export function negBinomialCdf(k: number, mu: number, size: number): number {
  checkMean(mu, size);
  return cdfAt(k, mu, size);
}

function checkLevel(p: number): void {
  if (!(p > 0 && p < 1)) throw new CodedError('BAD_ARGUMENT', `probability ${p} is not in (0, 1)`);
}

export function poissonQuantile(mu: number, p: number): number {
  checkMean(mu, Infinity);
  checkLevel(p);
  const out = new Float64Array(1);
  sweepQuantiles(mu, Infinity, [p], out);
  return out[0]!;
}

export function negBinomialQuantile(mu: number, size: number, p: number): number {
  checkMean(mu, size);
  checkLevel(p);
  const out = new Float64Array(1);
  sweepQuantiles(mu, size, [p], out);
  return out[0]!;
}

/** Dispersion index phi below which Poisson is used (NB's size would exceed mean * 1e6). */
const POISSON_EDGE = 1 + 1e-6;

/**
 * Variance-to-mean ratio of the known values (sample variance), at least 1. All-zero or empty
 * series give 1 (Poisson), so the quantiles are simply 0.
 */
export function seriesDispersion(y: Float64Array): number {
  let n = 0;
  let sum = 0;
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(y[t]!)) continue;
    sum += y[t]!;
    n++;
  }
  if (n < 2 || sum <= 0) return 1;
  const mean = sum / n;
  let ss = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) ss += (y[t]! - mean) ** 2;
  return Math.max(1, ss / (n - 1) / mean);
}

/**
 * Moment estimate of phi from one-step residuals: mean squared error over mean fitted value, on the
 * steps where both are known and the fit is positive. At least 1.
 */
export function residualDispersion(y: Float64Array, fitted: Float64Array): number {
  let ss = 0;
  let sf = 0;
  let n = 0;
  for (let t = 0; t < y.length; t++) {
    const f = fitted[t]!;
    const e = y[t]! - f;
    if (Number.isNaN(e) || !(f > 0)) continue;
    ss += e * e;
    sf += f;
    n++;
  }
  if (n < 2 || sf <= 0) return 1;
  return Math.max(1, ss / n / (sf / n));
}

/**
 * Quantile map for a mean path under Var = phi * mean: Poisson when phi <= 1, otherwise negative
 * binomial with size mean / (phi - 1) at each step. Negative or NaN means are treated as 0.
 */
export function countQuantileMap(
  meanPath: Float64Array,
  phi: number,
  levels: readonly number[],
): ReadonlyMap<number, Float64Array> {
  for (const p of levels) checkLevel(p);
  if (!(phi >= 0) || !Number.isFinite(phi)) throw new CodedError('BAD_ARGUMENT', `dispersion ${phi} must be finite`);
  const order = levels.map((_, i) => i).sort((a, b) => levels[a]! - levels[b]!);
  const sorted = Float64Array.from(order, (i) => levels[i]!);
  const cols = levels.map(() => new Float64Array(meanPath.length));
  const q = new Float64Array(levels.length);
  let previous = Number.NaN;
  for (let k = 0; k < meanPath.length; k++) {
    const raw = meanPath[k]!;
    const mu = raw > 0 ? raw : 0;
    // Constant paths (every intermittent model) need one sweep, not one per step.
    if (mu !== previous) {
      const size = phi <= POISSON_EDGE ? Infinity : mu / (phi - 1);
      sweepQuantiles(mu, size > 0 ? size : Infinity, sorted, q);
      previous = mu;
    }
    for (let j = 0; j < order.length; j++) cols[order[j]!]![k] = q[j]!;
  }
  const out = new Map<number, Float64Array>();
  levels.forEach((p, i) => out.set(p, cols[i]!));
  return out;
}
