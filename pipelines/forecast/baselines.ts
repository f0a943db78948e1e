/**
 * Benchmark forecasts every fancier model must beat, with the textbook Gaussian intervals
 * (Hyndman & Athanasopoulos, FPP3 section 5.5).
 */
import { CodedError } from '../errors.ts';
import { normalQuantile } from './ets/normal.ts';
import { DEFAULT_QUANTILES } from './types.ts';
import type { FitOptions, Forecast, Model } from './types.ts';

/** Validate levels once so every model rejects the same bad input the same way. */
export function quantileLevels(options?: FitOptions): readonly number[] {
  const levels = options?.quantiles ?? DEFAULT_QUANTILES;
  for (const q of levels) {
    if (!(q > 0 && q < 1)) throw new CodedError('BAD_ARGUMENT', `quantile level ${q} is not in (0, 1)`);
  }
  return levels;
}

export function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 0) throw new CodedError('BAD_ARGUMENT', `horizon ${h} is not a non-negative integer`);
}

/** mean + z_q * sd[k] per level; sd NaN (too little data) yields no quantiles rather than NaN ones. */
export function gaussianQuantiles(
  mean: Float64Array,
  sd: Float64Array,
  levels: readonly number[],
): ReadonlyMap<number, Float64Array> | undefined {
  for (let k = 0; k < sd.length; k++) if (!Number.isFinite(sd[k]!)) return undefined;
  const out = new Map<number, Float64Array>();
  for (const q of levels) {
    const z = normalQuantile(q);
    const v = new Float64Array(mean.length);
    for (let k = 0; k < v.length; k++) v[k] = mean[k]! + z * sd[k]!;
    out.set(q, v);
  }
  return out;
}

/** Root mean square of the known one-step residuals y - fitted (NaN when fewer than two). */
export function residualSd(y: Float64Array, fitted: Float64Array, parameters = 0): number {
  let ss = 0;
  let n = 0;
  for (let t = 0; t < y.length; t++) {
    const e = y[t]! - fitted[t]!;
    if (Number.isNaN(e)) continue;
    ss += e * e;
    n++;
  }
  const dof = n - parameters;
  return dof >= 1 && n >= 2 ? Math.sqrt(ss / dof) : Number.NaN;
}

function lastKnown(y: Float64Array, end: number): number {
  for (let t = end - 1; t >= 0; t--) if (!Number.isNaN(y[t]!)) return y[t]!;
  return Number.NaN;
}

function build(model: string, mean: Float64Array, fitted: Float64Array, sd: Float64Array, options?: FitOptions): Forecast {
  const quantiles = gaussianQuantiles(mean, sd, quantileLevels(options));
  return quantiles ? { model, mean, fitted, quantiles } : { model, mean, fitted };
}

/** Last known value carried forward; sigma*sqrt(h) intervals of a random walk. */
export const naive: Model = (y, h, options) => {
  checkHorizon(h);
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  let last = Number.NaN;
  for (let t = 0; t < y.length; t++) {
    fitted[t] = last;
    if (!Number.isNaN(y[t]!)) last = y[t]!;
  }
  const point = Number.isNaN(last) ? 0 : last;
  const sigma = residualSd(y, fitted);
  const mean = new Float64Array(h).fill(point);
  const sd = new Float64Array(h);
  for (let k = 0; k < h; k++) sd[k] = sigma * Math.sqrt(k + 1);
  return build('Naive', mean, fitted, sd, options);
};

/**
 * Value of the same season one cycle back; a missing one falls back to the latest known value
 * of that season, then to the plain naive. Intervals sigma*sqrt(floor((h-1)/m)+1).
 */
export const seasonalNaive: Model = (y, h, options) => {
  checkHorizon(h);
  const m = Math.max(1, Math.round(options?.period ?? 1));
  if (m === 1 || y.length < m) {
    const f = naive(y, h, options);
    return { ...f, model: 'SNaive' };
  }
  const season = new Float64Array(m).fill(Number.NaN);
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  for (let t = 0; t < y.length; t++) {
    fitted[t] = season[t % m]!;
    if (!Number.isNaN(y[t]!)) season[t % m] = y[t]!;
  }
  const fallback = lastKnown(y, y.length);
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  const sigma = residualSd(y, fitted);
  for (let k = 0; k < h; k++) {
    const s = season[(y.length + k) % m]!;
    mean[k] = Number.isNaN(s) ? (Number.isNaN(fallback) ? 0 : fallback) : s;
    sd[k] = sigma * Math.sqrt(Math.floor(k / m) + 1);
  }
  return build('SNaive', mean, fitted, sd, options);
};

/** Options of the window average. */
export interface WindowOptions extends FitOptions {
  /** Number of most recent known values averaged; Infinity = whole-history mean. @defaultValue Infinity */
  readonly window?: number;
}

/**
 * Mean of the last k known values (whole history when k is Infinity). Fitted values are the
 * same rolling mean, one step ahead.
 */
export const windowAverage = (y: Float64Array, h: number, options?: WindowOptions): Forecast => {
  checkHorizon(h);
  const requested = options?.window ?? Infinity;
  if (!(requested >= 1)) throw new CodedError('BAD_ARGUMENT', `window ${requested} must be at least 1`);
  const whole = !Number.isFinite(requested);
  // A window longer than the series is the whole history; capping keeps the ring small.
  const k = whole ? 1 : Math.max(1, Math.min(Math.floor(requested), y.length));
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  // Ring of the last k known values so each step costs O(1).
  const ring = new Float64Array(k);
  let count = 0;
  let sum = 0;
  for (let t = 0; t < y.length; t++) {
    const inWindow = whole ? count : Math.min(count, k);
    if (inWindow > 0) fitted[t] = sum / inWindow;
    const v = y[t]!;
    if (Number.isNaN(v)) continue;
    if (!whole) {
      const slot = count % k;
      if (count >= k) sum -= ring[slot]!;
      ring[slot] = v;
    }
    sum += v;
    count++;
  }
  const used = whole ? count : Math.min(count, k);
  const point = used > 0 ? sum / used : 0;
  // Whole mean: sample sd about the mean times sqrt(1 + 1/n), exact for iid data. Window: the
  // rolling one-step residuals already carry the estimation error of a k-point mean.
  let sigma: number;
  if (whole) {
    let ss = 0;
    for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) ss += (y[t]! - point) ** 2;
    sigma = count >= 2 ? Math.sqrt(ss / (count - 1)) * Math.sqrt(1 + 1 / count) : Number.NaN;
  } else {
    sigma = residualSd(y, fitted);
  }
  const mean = new Float64Array(h).fill(point);
  const sd = new Float64Array(h).fill(sigma);
  return build(whole ? 'Mean' : `WindowAverage(${requested})`, mean, fitted, sd, options);
};

/** Whole-history mean. */
export const meanForecast: Model = (y, h, options) => windowAverage(y, h, { ...options, window: Infinity });

/** A window-average model with k fixed, for model lists that take plain `Model`s. */
export function windowAverageModel(k: number): Model {
  return (y, h, options) => windowAverage(y, h, { ...options, window: k });
}
