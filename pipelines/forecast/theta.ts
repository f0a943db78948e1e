/**
 * Theta models. `theta` is the standard Theta method of Assimakopoulos & Nikolopoulos (2000) in the
 * Hyndman & Billah (2003) form: simple exponential smoothing plus half the regression slope as drift.
 * `optimisedTheta` (OTM) and `dynamicTheta` (DOTM) are the models of Fiorucci et al. (2016,
 * IJF 32:1151): theta weight chosen by in-sample MSE; DOTM re-estimates the trend line at every step.
 *
 * Every variant has one-step predictions linear in the initial level and in the trend weight
 * w = 1 - 1/theta once alpha is fixed, so those two are solved exactly by least squares and only
 * alpha is searched (Brent). That is both faster and more reliable than a 3-D simplex.
 *
 * Seasonal series (90 % ACF test) are deseasonalised by classical multiplicative decomposition first,
 * as in the M3 practice, and the season is put back on the forecast.
 */
import { brentMinimize } from './optim/brent.ts';
import { checkHorizon, gaussianQuantiles, quantileLevels } from './baselines.ts';
import { deseasonalize, detectSeason, reseasonalize } from './seasonality.ts';
import type { SeasonalIndices } from './seasonality.ts';
import type { FitOptions, Forecast, Model } from './types.ts';

/**
 * standard: Hyndman-Billah SES + b/2 drift; classic: the original two theta lines (0 and 2) with SES
 * fitted on the theta=2 line (Fiorucci's STM); optimised: OTM; dynamic: DOTM.
 */
export type ThetaKind = 'standard' | 'classic' | 'optimised' | 'dynamic';

/** A fitted Theta model on the (deseasonalised, gap-free) series. */
export interface ThetaFit {
  readonly kind: ThetaKind;
  readonly alpha: number;
  /** Trend weight w = 1 - 1/theta; theta = 1/(1-w). Standard Theta reports 0.5 (theta = 2). */
  readonly weight: number;
  /** Sum of squared one-step in-sample errors. */
  readonly sse: number;
  /** Number of observations the errors cover. */
  readonly n: number;
  /** Estimated parameters, for information criteria (alpha, level, and theta where optimised). */
  readonly parameters: number;
  readonly fitted: Float64Array;
  readonly mean: (h: number) => Float64Array;
}

/**
 * Alpha bounds. Standard Theta uses the wide bounds of ETS; OTM/DOTM use [0.1, 0.99] as Fiorucci et
 * al.'s forecTheta does: with a free theta, a near-zero alpha lets the in-sample fit lean on the
 * whole-sample line and pick theta -> infinity.
 */
const ALPHA_BOUNDS: Record<ThetaKind, readonly [number, number]> = {
  standard: [1e-4, 0.9999],
  classic: [1e-4, 0.9999],
  optimised: [0.1, 0.99],
  dynamic: [0.1, 0.99],
};

/** Linear interpolation over interior gaps, ends carried flat: Theta's recursions need every step. */
export function fillGaps(y: Float64Array): Float64Array {
  const out = Float64Array.from(y);
  let prev = -1;
  for (let t = 0; t < out.length; t++) {
    if (Number.isNaN(out[t]!)) continue;
    if (prev === -1) {
      for (let j = 0; j < t; j++) out[j] = out[t]!;
    } else if (t - prev > 1) {
      const step = (out[t]! - out[prev]!) / (t - prev);
      for (let j = prev + 1; j < t; j++) out[j] = out[prev]! + step * (j - prev);
    }
    prev = t;
  }
  if (prev >= 0) for (let j = prev + 1; j < out.length; j++) out[j] = out[prev]!;
  return out;
}

/** OLS intercept and slope of x on t = 0..n-1. */
export function linearTrend(x: Float64Array): { intercept: number; slope: number } {
  const n = x.length;
  if (n < 2) return { intercept: n === 1 ? x[0]! : 0, slope: 0 };
  const tMean = (n - 1) / 2;
  let xMean = 0;
  for (let t = 0; t < n; t++) xMean += x[t]!;
  xMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tMean) * (x[t]! - xMean);
    sxx += (t - tMean) ** 2;
  }
  const slope = sxy / sxx;
  return { intercept: xMean - slope * tMean, slope };
}

/**
 * Trend regressor D_t per step. Static: T_t - (zero-started SES of T)_{t-1} with T from the full-sample
 * line. Dynamic: (1-a)^t A_t + ((1-(1-a)^(t+1))/a) B_t with A_t, B_t the line fitted to the first t
 * points (Fiorucci et al. eq. for DOTM), which is the same quantity with the line re-estimated.
 */
interface Trend {
  readonly intercept: number;
  readonly slope: number;
  /** Dynamic only: A_t and B_t for t = 1..n (index t-1). */
  readonly a?: Float64Array;
  readonly b?: Float64Array;
}

function dynamicLines(x: Float64Array): { a: Float64Array; b: Float64Array } {
  const n = x.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let mean = 0;
  let slope = 0;
  for (let t = 1; t <= n; t++) {
    const y = x[t - 1]!;
    // Recursive OLS on times 1..t: the slope update uses the mean before y joins it.
    if (t > 1) slope = ((t - 2) * slope + (6 * (y - mean)) / t) / (t + 1);
    mean = ((t - 1) * mean + y) / t;
    a[t - 1] = mean - ((t + 1) / 2) * slope;
    b[t - 1] = slope;
  }
  return { a, b };
}

/** Running least-squares state of one pass for a given alpha. */
interface PassResult {
  level0: number;
  weight: number;
  sse: number;
}

/**
 * One pass over x: accumulate the normal equations of r_t = y_t - L_{t-1} on [c_{t-1}, D_t] (c the
 * weight of the initial level), solve with w clamped to [0, 1] (theta >= 1), and, when `fitted` is
 * given, write the one-step predictions.
 */
function pass(x: Float64Array, alpha: number, kind: ThetaKind, trend: Trend, fitted?: Float64Array, fixed?: PassResult): PassResult {
  const n = x.length;
  const beta = 1 - alpha;
  const useTrend = kind !== 'standard';
  const staticLine = kind === 'optimised' || kind === 'classic';
  let sCC = 0, sCD = 0, sDD = 0, sCR = 0, sDR = 0, sRR = 0;
  let level = 0;
  let trendLevel = 0;
  let c = 1;
  for (let t = 0; t < n; t++) {
    let d = 0;
    if (staticLine) d = trend.intercept + trend.slope * t - trendLevel;
    else if (kind === 'dynamic') {
      // Before any data the line is taken through the first point with no slope (A_0 = y_1,
      // B_0 = 0); this keeps DOTM shift-equivariant like the other variants.
      d = t > 0 ? c * trend.a![t - 1]! + ((1 - c * beta) / alpha) * trend.b![t - 1]! : x[0]!;
    }
    const r = x[t]! - level;
    if (fitted && fixed) fitted[t] = level + c * fixed.level0 + fixed.weight * d;
    sCC += c * c;
    sCD += c * d;
    sDD += d * d;
    sCR += c * r;
    sDR += d * r;
    sRR += r * r;
    level = alpha * x[t]! + beta * level;
    if (staticLine) trendLevel = alpha * (trend.intercept + trend.slope * t) + beta * trendLevel;
    c *= beta;
  }
  let l0 = sCR / sCC;
  let w = 0;
  if (kind === 'classic') {
    // theta = 2: equal weights on the two lines; the SSE of y is a quarter of that of the theta line.
    w = 0.5;
    l0 = (sCR - w * sCD) / sCC;
  } else if (useTrend) {
    const det = sCC * sDD - sCD * sCD;
    if (det > 1e-10 * sCC * sDD) {
      w = (sCC * sDR - sCD * sCR) / det;
      if (w < 0) w = 0;
      else if (w > 1) w = 1;
      l0 = (sCR - w * sCD) / sCC;
    }
  }
  const sse = sRR - 2 * (l0 * sCR + w * sDR) + l0 * l0 * sCC + 2 * l0 * w * sCD + w * w * sDD;
  return { level0: l0, weight: w, sse: Math.max(0, sse) };
}

/**
 * Fit one Theta variant on a gap-free, already deseasonalised series (length >= 3). Every variant is
 * shift-equivariant, so the fit runs on x - x[0]: the profiled normal equations then do not subtract
 * squares of the level from each other, which would lose digits on large values (1e9 turnover).
 * (An earlier DOTM that left the first step without a trend term was not equivariant; that cost
 * 0.17 sMAPE on M3 monthly.)
 */
export function fitTheta(x: Float64Array, kind: ThetaKind): ThetaFit {
  const origin = x.length > 0 ? x[0]! : 0;
  const shifted = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) shifted[t] = x[t]! - origin;
  const fit = fitCentred(shifted, kind);
  const fitted = fit.fitted;
  for (let t = 0; t < fitted.length; t++) fitted[t] = fitted[t]! + origin;
  return {
    ...fit,
    fitted,
    mean: (h) => {
      const out = fit.mean(h);
      for (let k = 0; k < h; k++) out[k] = out[k]! + origin;
      return out;
    },
  };
}

function fitCentred(x: Float64Array, kind: ThetaKind): ThetaFit {
  const n = x.length;
  const line = linearTrend(x);
  const trend: Trend = kind === 'dynamic' ? { ...line, ...dynamicLines(x) } : line;
  const [lo, hi] = ALPHA_BOUNDS[kind];
  const best = brentMinimize((a) => pass(x, a, kind, trend).sse, lo, hi, 1e-6, 60);
  const alpha = best.x;
  const solved = pass(x, alpha, kind, trend);
  const fitted = new Float64Array(n);
  pass(x, alpha, kind, trend, fitted, solved);
  // Final SES level of x and of the full-sample line, for the forecast equations.
  let level = 0;
  let trendLevel = 0;
  let c = 1;
  for (let t = 0; t < n; t++) {
    level = alpha * x[t]! + (1 - alpha) * level;
    trendLevel = alpha * (line.intercept + line.slope * t) + (1 - alpha) * trendLevel;
    c *= 1 - alpha;
  }
  const lastLevel = level + c * solved.level0;
  if (kind === 'standard') {
    // Hyndman & Billah: the SES fit plus drift b/2 * (k - 1 + (1 - (1-a)^n)/a); the in-sample
    // counterpart at step t is the same drift with t observations seen.
    const drift = line.slope / 2;
    let ct = 1;
    for (let t = 0; t < n; t++) {
      fitted[t] = fitted[t]! + (drift * (1 - ct)) / alpha;
      ct *= 1 - alpha;
    }
    const mean = (h: number): Float64Array => {
      const out = new Float64Array(h);
      for (let k = 0; k < h; k++) out[k] = lastLevel + drift * (k + (1 - c) / alpha);
      return out;
    };
    return { kind, alpha, weight: 0.5, sse: sumSquares(x, fitted), n, parameters: 2, fitted, mean };
  }
  const w = solved.weight;
  const mean = (h: number): Float64Array => {
    const out = new Float64Array(h);
    for (let k = 1; k <= h; k++) {
      let d: number;
      if (kind !== 'dynamic') d = line.intercept + line.slope * (n - 1 + k) - trendLevel;
      else d = c * trend.a![n - 1]! + (k - 1 + (1 - c * (1 - alpha)) / alpha) * trend.b![n - 1]!;
      out[k - 1] = lastLevel + w * d;
    }
    return out;
  };
  return { kind, alpha, weight: w, sse: solved.sse, n, parameters: kind === 'classic' ? 2 : 3, fitted, mean };
}

function sumSquares(x: Float64Array, fitted: Float64Array): number {
  let s = 0;
  for (let t = 0; t < x.length; t++) s += (x[t]! - fitted[t]!) ** 2;
  return s;
}

const NAMES: Record<ThetaKind, string> = { standard: 'Theta', classic: 'STM', optimised: 'OTM', dynamic: 'DOTM' };

/** AIC of Gaussian one-step errors with k parameters plus the variance. */
function aicOf(sse: number, n: number, k: number): number {
  const p = k + 1;
  const base = n * Math.log(Math.max(sse, 1e-300) / n) + 2 * p;
  return n - p - 1 > 0 ? base + (2 * p * (p + 1)) / (n - p - 1) : Infinity;
}

interface Prepared {
  readonly x: Float64Array;
  readonly season: SeasonalIndices | undefined;
}

function prepare(y: Float64Array, period: number | undefined): Prepared {
  const filled = fillGaps(y);
  const season = detectSeason(filled, period);
  return { x: season ? deseasonalize(filled, season) : filled, season };
}

/** Trivial forecast for series too short for a trend: the last value (0 when nothing is known). */
function tooShort(name: string, y: Float64Array, h: number): Forecast {
  const filled = fillGaps(y);
  const last = filled.length > 0 && !Number.isNaN(filled[filled.length - 1]!) ? filled[filled.length - 1]! : 0;
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  for (let t = 1; t < y.length; t++) fitted[t] = filled[t - 1]!;
  return { model: name, mean: new Float64Array(h).fill(last), fitted };
}

function finish(fit: ThetaFit, prepared: Prepared, y: Float64Array, h: number, options: FitOptions | undefined, name: string): Forecast {
  const { season } = prepared;
  const levels = quantileLevels(options);
  const raw = fit.mean(h);
  // SES-with-drift variance: the drift is deterministic, so Var(e_h) = sigma^2 (1 + (h-1) alpha^2).
  const sigma = Math.sqrt(fit.sse / Math.max(1, fit.n - fit.parameters));
  const sd = new Float64Array(h);
  for (let k = 0; k < h; k++) sd[k] = sigma * Math.sqrt(1 + k * fit.alpha * fit.alpha);
  const q = gaussianQuantiles(raw, sd, levels);
  const mean = season ? reseasonalize(raw, season, y.length) : raw;
  const fitted = season ? reseasonalize(fit.fitted, season, 0) : fit.fitted;
  let quantiles: Map<number, Float64Array> | undefined;
  if (q) {
    quantiles = new Map();
    for (const [level, values] of q) quantiles.set(level, season ? reseasonalize(values, season, y.length) : values);
  }
  let sse = 0;
  let count = 0;
  for (let t = 0; t < y.length; t++) {
    const e = y[t]! - fitted[t]!;
    if (Number.isNaN(e)) continue;
    sse += e * e;
    count++;
  }
  const aicc = aicOf(sse, count, fit.parameters + (season ? season.period - 1 : 0));
  return quantiles ? { model: name, mean, fitted, quantiles, aicc } : { model: name, mean, fitted, aicc };
}

function variant(kind: ThetaKind): Model {
  return (y, h, options) => {
    checkHorizon(h);
    if (y.length - countMissing(y) < 3) return tooShort(NAMES[kind], y, h);
    const prepared = prepare(y, options?.period);
    return finish(fitTheta(prepared.x, kind), prepared, y, h, options, NAMES[kind]);
  };
}

function countMissing(y: Float64Array): number {
  let m = 0;
  for (let t = 0; t < y.length; t++) if (Number.isNaN(y[t]!)) m++;
  return m;
}

/** Standard Theta (SES + half-slope drift), the M3 winner. */
export const theta: Model = variant('standard');
/** The original two-line Theta (theta = 0 and 2, SES on the second): Fiorucci et al.'s STM. */
export const classicTheta: Model = variant('classic');
/** Optimised Theta Model (Fiorucci et al. 2016): theta >= 1 chosen by in-sample MSE. */
export const optimisedTheta: Model = variant('optimised');
/** Dynamic Optimised Theta Model (Fiorucci et al. 2016): trend line re-estimated every step. */
export const dynamicTheta: Model = variant('dynamic');

/** Which variants `autoTheta` compares. */
export interface AutoThetaOptions extends FitOptions {
  /** @defaultValue ['standard', 'dynamic'] (static OTM overfits: its trend line sees the whole sample) */
  readonly candidates?: readonly ThetaKind[];
}

/**
 * Fits the candidate variants on the same deseasonalised series and keeps the lowest AICc of the
 * one-step errors, so OTM/DOTM must buy their extra parameter with a real fit improvement.
 */
export const autoTheta = (y: Float64Array, h: number, options?: AutoThetaOptions): Forecast => {
  checkHorizon(h);
  if (y.length - countMissing(y) < 3) return tooShort('Theta', y, h);
  const prepared = prepare(y, options?.period);
  const kinds = options?.candidates ?? (['standard', 'dynamic'] as const);
  let best: ThetaFit | undefined;
  let bestScore = Infinity;
  for (const kind of kinds) {
    const fit = fitTheta(prepared.x, kind);
    const score = aicOf(fit.sse, fit.n, fit.parameters);
    if (best === undefined || score < bestScore) {
      best = fit;
      bestScore = score;
    }
  }
  if (best === undefined) return tooShort('Theta', y, h);
  return finish(best, prepared, y, h, options, NAMES[best.kind]);
};
