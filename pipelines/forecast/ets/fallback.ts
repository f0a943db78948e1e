import type { Forecast } from '../types.ts';
import { normalQuantile } from './normal.ts';

/** Below this many observations no ETS spec is fitted; the mean is forecast instead. */
export const MIN_ETS_OBSERVATIONS = 5;

/**
 * Why the series cannot carry an ETS fit, or null if it can. Constant covers all-zero series:
 * a likelihood with zero variance is degenerate, and the constant itself is the best forecast.
 */
export function fallbackReason(y: Float64Array): 'no data' | 'short series' | 'constant' | null {
  let count = 0;
  let first = NaN;
  let constant = true;
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    if (Number.isNaN(v)) continue;
    if (count === 0) first = v;
    else if (v !== first) constant = false;
    count++;
  }
  if (count === 0) return 'no data';
  if (constant) return 'constant';
  if (count < MIN_ETS_OBSERVATIONS) return 'short series';
  return null;
}

/**
 * Mean forecast with normal quantiles from the sample spread (sd * sqrt(1 + 1/n), the prediction
 * variance of a new draw around an estimated mean); zero-width when there is no spread.
 * The model name says which fallback ran: "Mean(short series)", "Mean(constant)", "Mean(no data)".
 */
export function fallbackForecast(y: Float64Array, h: number, levels: readonly number[], reason: string): Forecast {
  let n = 0;
  let sum = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) { n++; sum += y[t]!; }
  const mean = n > 0 ? sum / n : 0;
  let ss = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) ss += (y[t]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) * Math.sqrt(1 + 1 / n) : 0;
  const quantiles = new Map<number, Float64Array>();
  for (const p of levels) quantiles.set(p, new Float64Array(h).fill(mean + (sd > 0 ? normalQuantile(p) * sd : 0)));
  const fitted = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) fitted[t] = Number.isNaN(y[t]!) ? NaN : mean;
  return { model: `Mean(${reason})`, mean: new Float64Array(h).fill(mean), quantiles, fitted };
}
