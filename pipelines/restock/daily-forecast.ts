/**
 * The demand forecast the restock math consumes, and sums of it over a span of days.
 *
 * Independence assumption: daily demands are treated as independent given the forecast, so
 * variances add. Real shop demand is positively autocorrelated (weather, a neighbour's wedding),
 * which makes the sum more variable than that; `levelCv` carries the part we can name, the
 * uncertainty of the forecast level itself, which is shared by every day and so adds
 * (levelCv * total mean)^2 rather than growing linearly with the span. `effectSd` does the same
 * for the calendar multipliers, which are estimates too.
 */
import { CodedError } from '../errors.ts';
import { countDistribution } from './demand-distribution.ts';
import type { DemandDistribution } from './demand-distribution.ts';

export interface DailyDemandForecast {
  /** Expected demand per day, day 0 = today. */
  readonly mean: Float64Array;
  /** Variance per day; wins over `size` when given. */
  readonly variance?: Float64Array;
  /**
   * Negative-binomial size k (variance = mean + mean^2 / k); absent or Infinity = Poisson. Not a
   * "dispersion": in this project that word means variance / mean (forecast_dispersion).
   */
  readonly size?: number;
  /** Relative standard error of the forecast level, common to all days (0 when absent). */
  readonly levelCv?: number;
  /**
   * Per day, the sd of the log of the calendar multiplier the day's mean carries (absent or 0: none).
   * The multiplier is one estimate shared by every day of its window, so its errors are taken as
   * fully correlated across the span: they add (sum of mean x relative sd)^2.
   */
  readonly effectSd?: Float64Array;
}

/**
 * Mean on day i. Past the forecast horizon the last week repeats, so a short forecast still
 * covers a long lead time or shelf life with its weekly shape.
 */
export function meanAt(fc: DailyDemandForecast, i: number): number {
  return valueAt(fc.mean, i);
}

export function varianceAt(fc: DailyDemandForecast, i: number): number {
  const m = meanAt(fc, i);
  if (fc.variance && fc.variance.length > 0) return Math.max(valueAt(fc.variance, i), 0);
  const k = fc.size;
  return k !== undefined && Number.isFinite(k) && k > 0 ? m + (m * m) / k : m;
}

function valueAt(series: Float64Array, i: number): number {
  const n = series.length;
  if (n === 0) return 0;
  if (i < n) return series[i] ?? 0;
  const cycle = Math.min(7, n);
  return series[n - cycle + ((i - n) % cycle)] ?? 0;
}

export interface SpanMoments {
  readonly mean: number;
  readonly variance: number;
}

/** Mean and variance of total demand over days [from, to). */
export function spanMoments(fc: DailyDemandForecast, from: number, to: number): SpanMoments {
  let mean = 0;
  let variance = 0;
  let effect = 0;
  const sd = fc.effectSd;
  for (let i = from; i < to; i++) {
    const m = meanAt(fc, i);
    mean += m;
    variance += varianceAt(fc, i);
    if (sd && sd.length > 0) {
      const s = valueAt(sd, i);
      // The relative sd of exp(X) for X ~ N(mu, s^2).
      if (s > 0) effect += m * Math.sqrt(Math.expm1(s * s));
    }
  }
  const cv = fc.levelCv ?? 0;
  return { mean, variance: variance + cv * cv * mean * mean + effect * effect };
}

/** Distribution of total demand over days [from, to). */
export function spanDistribution(fc: DailyDemandForecast, from: number, to: number): DemandDistribution {
  const m = spanMoments(fc, from, to);
  return countDistribution(m.mean, m.variance);
}

/** Reject forecasts the math cannot use, with a message naming the problem. */
export function checkForecast(fc: DailyDemandForecast): void {
  if (fc.mean.length === 0) throw new CodedError('BAD_ARGUMENT', 'forecast mean is empty');
  for (const m of fc.mean) {
    if (!Number.isFinite(m) || m < 0) throw new CodedError('BAD_ARGUMENT', `forecast means must be finite and >= 0, got ${m}`);
  }
  if (fc.variance && fc.variance.length !== fc.mean.length) {
    throw new CodedError('BAD_ARGUMENT', 'forecast variance must have the same length as the mean');
  }
  if (fc.size !== undefined && !(fc.size > 0)) {
    throw new CodedError('BAD_ARGUMENT', `negative-binomial size must be > 0, got ${fc.size}`);
  }
  if (fc.levelCv !== undefined && !(fc.levelCv >= 0 && Number.isFinite(fc.levelCv))) {
    throw new CodedError('BAD_ARGUMENT', `levelCv must be finite and >= 0, got ${fc.levelCv}`);
  }
  if (fc.effectSd && fc.effectSd.length !== fc.mean.length) {
    throw new CodedError('BAD_ARGUMENT', 'forecast effectSd must have the same length as the mean');
  }
  for (const v of fc.effectSd ?? []) {
    if (!(v >= 0 && Number.isFinite(v))) throw new CodedError('BAD_ARGUMENT', `effectSd must be finite and >= 0, got ${v}`);
  }
}
