/**
 * Censoring-aware demand estimation. On a day the shelf ran empty, sales are a lower bound of
 * demand (D >= sales); a day with nothing on the shelf all day (sales 0) says nothing at all. Counting
 * those days as ordinary sales biases demand down; dropping them also biases it down, because the
 * days that run out are the busy ones. Instead we fit a count model by EM: each censored day is
 * replaced by E[D | D >= sales] under the current fit, the fit is redone on the completed series,
 * and this repeats to a fixed point.
 *
 * Model: D_t ~ NegBin(mean mu_t, size k) with mu_t = mean of the day's seasonal phase (day of week
 * when period = 7), phase means shrunk toward the overall mean by SHRINK_DAYS pseudo-days so a
 * phase with few clean days does not swing. k by method of moments on the completed second
 * moments, no excess variance giving Poisson (k = Infinity), but never below half the k of the
 * uncensored days alone. The bound matters: on slow movers the unbounded version runs away (one
 * day that sold its last unit implies a heavy tail, which inflates E[D | D >= 1], which implies a
 * heavier tail, down to any floor); clean days alone understate the spread (the busiest days are
 * the censored ones), so the tail may grow past theirs, up to doubling their excess variance.
 */
import { CodedError } from '../errors.ts';

export interface CensorOptions {
  /** Seasonal period of the phase means (7 = day of week for daily data); 1 = none. @defaultValue 7 */
  readonly period?: number;
  /** 'poisson' fixes k = Infinity. @defaultValue 'negbin' */
  readonly family?: 'negbin' | 'poisson';
  /** @defaultValue 60 */
  readonly maxIterations?: number;
  /** Stop when phase means and 1/k move less than this (relative). @defaultValue 1e-5 */
  readonly tolerance?: number;
  /**
   * Known multipliers of each day's mean (calendar events and season): demand on a festival day is
   * expected higher, so its stock-out hides more. With it the level moves by blocks of `levelBlockDays`.
   */
  readonly profile?: Float64Array;
  /** Days per block of the moving level (with `profile`). @defaultValue 28 */
  readonly levelBlockDays?: number;
}

export interface CensoredFit {
  /** Sales with each censored day replaced by E[D | D >= sales]. */
  readonly completed: Float64Array;
  /** Expected demand per day under the fit. */
  readonly dailyMean: Float64Array;
  /** Mean demand per seasonal phase; phase of day t is t mod period. */
  readonly phaseMeans: Float64Array;
  /** NB size; Infinity = Poisson. */
  readonly size: number;
  readonly iterations: number;
  readonly converged: boolean;
}

const SHRINK_DAYS = 2;
const MIN_DISPERSION = 0.1;

/**
 * Fit by EM. `censored[t]` true (or 1) marks a stock-out day; NaN sales count as censored at 0
 * (no information). Uncensored days are returned unchanged.
 */
export function fitCensored(sales: Float64Array, censored: ArrayLike<boolean | number>, options: CensorOptions = {}): CensoredFit {
  const n = sales.length;
  if (censored.length !== n) throw new CodedError('BAD_ARGUMENT', `censored mask has length ${censored.length}, sales ${n}`);
  if (options.profile && options.profile.length !== n) throw new CodedError('BAD_ARGUMENT', `profile has length ${options.profile.length}, sales ${n}`);
  const period = options.period ?? 7;
  if (!Number.isInteger(period) || period < 1) throw new CodedError('BAD_ARGUMENT', `period must be an integer >= 1, got ${period}`);
  const maxIter = options.maxIterations ?? 60;
  const tol = options.tolerance ?? 1e-5;
  const poissonOnly = options.family === 'poisson';

  const lower = new Float64Array(n);
  const isCens = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const s = sales[t] ?? NaN;
    if (Number.isNaN(s)) {
      isCens[t] = 1;
      continue;
    }
    if (s < 0) throw new CodedError('BAD_ARGUMENT', `sales must be >= 0, got ${s} at day ${t}`);
    lower[t] = s;
    isCens[t] = censored[t] ? 1 : 0;
  }
  const completed = new Float64Array(n);
  const second = new Float64Array(n);
  const phaseMeans = new Float64Array(period);
  const dailyMean = new Float64Array(n);
  if (n === 0) return { completed, dailyMean, phaseMeans, size: Infinity, iterations: 0, converged: true };

  // Start from the observed sales: a lower bound, so EM climbs from below.
  for (let t = 0; t < n; t++) {
    completed[t] = lower[t] ?? 0;
    second[t] = (lower[t] ?? 0) ** 2;
  }
  let k = poissonOnly ? Infinity : 1;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIter; iterations++) {
    const prev = Float64Array.from(phaseMeans);
    const prevInvK = 1 / k;
    // M-step: phase means and NB size from the completed first and second moments.
    if (options.profile) mStepProfile(completed, period, options.profile, options.levelBlockDays ?? 28, phaseMeans, dailyMean);
    else {
      mStepMeans(completed, period, phaseMeans);
      for (let t = 0; t < n; t++) dailyMean[t] = phaseMeans[t % period] ?? 0;
    }
    if (!poissonOnly) k = Math.max(momentDispersion(completed, second, dailyMean, null), momentDispersion(completed, second, dailyMean, isCens) / 2);
    // E-step.
    for (let t = 0; t < n; t++) {
      if (!isCens[t]) continue;
      const m = tailMoments(dailyMean[t] ?? 0, k, lower[t] ?? 0);
      completed[t] = m.first;
      second[t] = m.second;
    }
    let change = Math.abs(1 / k - prevInvK);
    for (let j = 0; j < period; j++) {
      const a = phaseMeans[j] ?? 0;
      const b = prev[j] ?? 0;
      change = Math.max(change, Math.abs(a - b) / Math.max(a, 1e-9));
    }
    if (iterations > 0 && change < tol) {
      converged = true;
      iterations += 1;
      break;
    }
  }
  return { completed, dailyMean, phaseMeans, size: k, iterations, converged };
}

/** The completed series alone: censored days replaced by their conditional expected demand. */
export function uncensor(sales: Float64Array, censored: ArrayLike<boolean | number>, options?: CensorOptions): Float64Array {
  return fitCensored(sales, censored, options).completed;
}

function mStepMeans(completed: Float64Array, period: number, out: Float64Array): void {
  const n = completed.length;
  let total = 0;
  for (let t = 0; t < n; t++) total += completed[t] ?? 0;
  const overall = total / n;
  for (let j = 0; j < period; j++) {
    let s = 0;
    let c = 0;
    for (let t = j; t < n; t += period) {
      s += completed[t] ?? 0;
      c += 1;
    }
    out[j] = (s + SHRINK_DAYS * overall) / (c + SHRINK_DAYS);
  }
}

/**
 * M-step under a known profile: mean_t = level(block of t) x phase factor x profile_t. The level is
 * the block's mean of completed / (phase x profile), smoothed [1, 2, 1] over neighbouring blocks;
 * phase factors (mean 1, shrunk toward 1 by SHRINK_DAYS) from completed / (level x profile).
 * `phaseMeans` gets the phase factors times the mean level.
 */
function mStepProfile(completed: Float64Array, period: number, profile: Float64Array, blockDays: number, phaseMeans: Float64Array, dailyMean: Float64Array): void {
  const n = completed.length;
  const blocks = Math.max(1, Math.round(n / blockDays));
  const blockOf = (t: number): number => Math.min(blocks - 1, Math.floor((t * blocks) / n));
  const phase = new Float64Array(period).fill(1);
  const level = new Float64Array(blocks);
  for (let pass = 0; pass < 2; pass++) {
    const num = new Float64Array(blocks);
    const den = new Float64Array(blocks);
    for (let t = 0; t < n; t++) {
      const b = blockOf(t);
      num[b] = (num[b] as number) + (completed[t] as number);
      den[b] = (den[b] as number) + (phase[t % period] as number) * Math.max(profile[t] as number, 1e-9);
    }
    const raw = Array.from(num, (v, b) => v / Math.max(den[b] as number, 1e-9));
    for (let b = 0; b < blocks; b++) {
      const l = raw[Math.max(0, b - 1)] as number;
      const r = raw[Math.min(blocks - 1, b + 1)] as number;
      level[b] = (l + 2 * (raw[b] as number) + r) / 4;
    }
    const pn = new Float64Array(period);
    const pd = new Float64Array(period);
    for (let t = 0; t < n; t++) {
      const j = t % period;
      pn[j] = (pn[j] as number) + (completed[t] as number);
      pd[j] = (pd[j] as number) + (level[blockOf(t)] as number) * Math.max(profile[t] as number, 1e-9);
    }
    let mean = 0;
    for (let j = 0; j < period; j++) {
      phase[j] = ((pn[j] as number) + SHRINK_DAYS) / ((pd[j] as number) + SHRINK_DAYS);
      mean += (phase[j] as number) / period;
    }
    for (let j = 0; j < period; j++) phase[j] = mean > 0 ? (phase[j] as number) / mean : 1;
  }
  const avgLevel = level.reduce((a, b) => a + b, 0) / blocks;
  for (let j = 0; j < period; j++) phaseMeans[j] = (phase[j] as number) * avgLevel;
  for (let t = 0; t < n; t++) dailyMean[t] = (level[blockOf(t)] as number) * (phase[t % period] as number) * (profile[t] as number);
}

/** NB size by moments over all days (skip = null) or over the days where skip is 0. */
function momentDispersion(first: Float64Array, second: Float64Array, mean: Float64Array, skip: Uint8Array | null): number {
  let excess = 0;
  let meanSq = 0;
  for (let t = 0; t < first.length; t++) {
    if (skip && skip[t]) continue;
    const mu = mean[t] ?? 0;
    // E[(D - mu)^2] from the (completed) moments, minus the Poisson part mu.
    excess += (second[t] ?? 0) - 2 * mu * (first[t] ?? 0) + mu * mu - mu;
    meanSq += mu * mu;
  }
  if (!(excess > 0) || !(meanSq > 0)) return Infinity;
  return Math.max(MIN_DISPERSION, meanSq / excess);
}

export interface TailMoments {
  /** E[D | D >= s]. */
  readonly first: number;
  /** E[D^2 | D >= s]. */
  readonly second: number;
  /** P(D >= s). */
  readonly tail: number;
}

/** Moments of NegBin(mean, size) (Poisson when size is Infinity) conditional on D >= s. */
export function tailMoments(mean: number, size: number, s: number): TailMoments {
  const variance = Number.isFinite(size) ? mean + (mean * mean) / size : mean;
  const full2 = variance + mean * mean;
  const lo = Math.ceil(s - 1e-9);
  if (lo <= 0 || mean <= 0) return mean <= 0 && lo > 0 ? { first: lo, second: lo * lo, tail: 0 } : { first: mean, second: full2, tail: 1 };
  const nb = Number.isFinite(size);
  let logP = nb ? size * Math.log(size / (size + mean)) : -mean;
  const logQ = nb ? Math.log(mean / (size + mean)) : Math.log(mean);
  let below = 0;
  let below1 = 0;
  let below2 = 0;
  for (let j = 0; j < lo; j++) {
    if (j > 0) logP += (nb ? Math.log((j - 1 + size) / j) : -Math.log(j)) + logQ;
    const p = Math.exp(logP);
    below += p;
    below1 += j * p;
    below2 += j * j * p;
  }
  const tail = 1 - below;
  // Far in the upper tail the subtraction loses all precision; demand is then about s itself.
  if (tail < 1e-10) return { first: lo, second: lo * lo, tail: Math.max(tail, 0) };
  const first = Math.max(lo, (mean - below1) / tail);
  const second = Math.max(first * first, (full2 - below2) / tail);
  return { first, second, tail };
}
