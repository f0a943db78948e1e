/**
 * Distribution of total demand over a span of days, and the loss function the fill-rate math needs.
 * Counts use a negative binomial (or Poisson when there is no overdispersion) matched to the summed
 * mean and variance; past NORMAL_ABOVE units the normal approximation is accurate and far cheaper.
 */
import { CodedError } from '../errors.ts';
import { stdNormalCdf, stdNormalLoss } from './normal-math.ts';

export type DistributionKind = 'zero' | 'poisson' | 'negbin' | 'normal';

export interface DemandDistribution {
  readonly kind: DistributionKind;
  readonly mean: number;
  readonly variance: number;
  /** P(D = k) for k < pmf.length (discrete kinds only); the tail beyond holds under TAIL_MASS. */
  readonly pmf: Float64Array;
  /** cdf[k] = P(D <= k), same length as pmf. */
  readonly cdf: Float64Array;
  /** expectedMin[s] = E[min(D, s)] for s = 0..pmf.length; gives the loss function in O(1). */
  readonly expectedMin: Float64Array;
}

const NORMAL_ABOVE = 2000;
const TAIL_MASS = 1e-12;
const EMPTY = new Float64Array(0);

/** Build the count distribution with this mean and variance (variance below the mean is read as Poisson). */
/** The longest count support walked before the normal approximation takes over. */
const MAX_COUNT_SUPPORT = 2_000_000;

export function countDistribution(mean: number, variance: number): DemandDistribution {
  if (!Number.isFinite(mean) || mean < 0 || !Number.isFinite(variance) || variance < 0) {
    throw new CodedError('BAD_ARGUMENT', `demand mean and variance must be finite and >= 0 (got ${mean}, ${variance})`);
  }
  if (mean === 0) {
    return { kind: 'zero', mean: 0, variance: 0, pmf: Float64Array.of(1), cdf: Float64Array.of(1), expectedMin: Float64Array.of(0, 0) };
  }
  // Counts cannot be less variable than Poisson without a model we do not have; Poisson is the floor.
  const v = Math.max(variance, mean);
  // The count walk spans about 80 standard deviations: past a few million counts (a variance a
  // broken history can produce: once a 253-billion-entry array and a RangeError) the normal
  // approximation stands in, as it does for large means.
  if (mean > NORMAL_ABOVE || mean + 80 * Math.sqrt(v) > MAX_COUNT_SUPPORT) {
    return { kind: 'normal', mean, variance: v, pmf: EMPTY, cdf: EMPTY, expectedMin: EMPTY };
  }
  const overdispersed = v > mean * (1 + 1e-9);
  const size = overdispersed ? (mean * mean) / (v - mean) : Infinity;
  // log P(0) and the log-ratio P(k)/P(k-1) = log(a + b/k) + c, in logs so large means do not underflow.
  const logP0 = overdispersed ? size * Math.log(size / (size + mean)) : -mean;
  const logQ = overdispersed ? Math.log(mean / (size + mean)) : Math.log(mean);
  const cap = Math.ceil(mean + 80 * Math.sqrt(v) + 200);
  const buffer = new Float64Array(cap + 1);
  let logP = logP0;
  let total = 0;
  let n = 0;
  while (n <= cap) {
    const k = n;
    if (k > 0) logP += (overdispersed ? Math.log((k - 1 + size) / k) : -Math.log(k)) + logQ;
    const p = Math.exp(logP);
    buffer[n++] = p;
    total += p;
    if (k > mean && 1 - total < TAIL_MASS) break;
  }
  const pmfArr = buffer.slice(0, n);
  const cdf = new Float64Array(n);
  const expectedMin = new Float64Array(n + 1);
  let acc = 0;
  let em = 0;
  for (let k = 0; k < n; k++) {
    acc += pmfArr[k] as number;
    const c = acc < 1 ? acc : 1;
    cdf[k] = c;
    em += 1 - c;
    expectedMin[k + 1] = em;
  }
  return { kind: overdispersed ? 'negbin' : 'poisson', mean, variance: v, pmf: pmfArr, cdf, expectedMin };
}

/** P(D <= x). The normal branch uses a continuity correction because it stands in for counts. */
export function cdfAt(d: DemandDistribution, x: number): number {
  if (x < 0) return 0;
  if (d.kind === 'normal') return stdNormalCdf((Math.floor(x) + 0.5 - d.mean) / Math.sqrt(d.variance));
  const k = Math.floor(x);
  return k >= d.cdf.length ? 1 : (d.cdf[k] ?? 1);
}

/** P(D > x): the chance demand outruns x units. */
export function probExceeds(d: DemandDistribution, x: number): number {
  return Math.max(0, 1 - cdfAt(d, x));
}

/** Loss function E[(D - y)+]; piecewise linear between integers for counts. */
export function expectedShortfall(d: DemandDistribution, y: number): number {
  if (y <= 0) return d.mean - y;
  if (d.kind === 'normal') {
    const sd = Math.sqrt(d.variance);
    return sd * stdNormalLoss((y - d.mean) / sd);
  }
  const n = d.cdf.length;
  const s = Math.floor(y);
  if (s >= n) return 0;
  const atS = Math.max(0, d.mean - (d.expectedMin[s] ?? d.mean));
  const frac = y - s;
  return Math.max(0, atS - frac * (1 - (d.cdf[s] ?? 1)));
}

/** Smallest integer k with P(D <= k) >= p. */
export function quantile(d: DemandDistribution, p: number): number {
  if (!(p > 0 && p < 1)) throw new CodedError('BAD_ARGUMENT', `quantile level must be in (0, 1), got ${p}`);
  if (d.kind === 'normal') {
    let lo = 0;
    let hi = Math.ceil(d.mean + 40 * Math.sqrt(d.variance));
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (cdfAt(d, mid) >= p) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  for (let k = 0; k < d.cdf.length; k++) if ((d.cdf[k] ?? 1) >= p) return k;
  return d.cdf.length;
}
