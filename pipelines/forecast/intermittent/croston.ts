/**
 * Croston's method (1972) and its bias-corrected and optimised forms. Size and interval are smoothed
 * separately, only when a demand occurs; the forecast per period is size / interval.
 * - classic: alpha 0.1 for both, no correction (biased upwards, Syntetos & Boylan 2001);
 * - SBA: times (1 - alpha_interval / 2) (Syntetos & Boylan 2005);
 * - optimised: separate alphas for size and interval chosen on a grid by in-sample MSE
 *   (every observed period after the first demand counts, zeros included).
 * Initial size and interval are the first demand and its distance from the start.
 */
import type { DemandEvents } from './events.ts';

/** Smoothing constants searched by the optimised forms. */
export const ALPHA_GRID: readonly number[] = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];

export interface CrostonState {
  readonly size: number;
  readonly interval: number;
}

/** Size and interval levels after every event. count must be >= 1. */
export function crostonState(ev: DemandEvents, alphaSize: number, alphaInterval: number): CrostonState {
  let z = ev.sizes[0]!;
  let p = ev.intervals[0]!;
  for (let k = 1; k < ev.count; k++) {
    z += alphaSize * (ev.sizes[k]! - z);
    p += alphaInterval * (ev.intervals[k]! - p);
  }
  return { size: z, interval: p };
}

/**
 * In-sample SSE of factor * z / p over observed periods after the first demand, from events:
 * between demands the forecast is constant and the actuals are zero.
 */
export function crostonSse(ev: DemandEvents, alphaSize: number, alphaInterval: number, factor = 1): number {
  if (ev.count === 0) return 0;
  let z = ev.sizes[0]!;
  let p = ev.intervals[0]!;
  let sse = 0;
  for (let k = 1; k < ev.count; k++) {
    const f = (factor * z) / p;
    const d = ev.sizes[k]!;
    sse += (ev.intervals[k]! - 1) * f * f + (d - f) * (d - f);
    z += alphaSize * (d - z);
    p += alphaInterval * (ev.intervals[k]! - p);
  }
  const f = (factor * z) / p;
  return sse + ev.trailing * f * f;
}

/** Best (alphaSize, alphaInterval) on the grid by in-sample SSE. */
export function optimiseCroston(ev: DemandEvents, factor = 1, grid: readonly number[] = ALPHA_GRID): { alphaSize: number; alphaInterval: number; sse: number } {
  let best = { alphaSize: 0.1, alphaInterval: 0.1, sse: Infinity };
  if (ev.count < 3) return { ...best, sse: crostonSse(ev, 0.1, 0.1, factor) };
  for (const aZ of grid) {
    for (const aP of grid) {
      const sse = crostonSse(ev, aZ, aP, factor);
      if (sse < best.sse) best = { alphaSize: aZ, alphaInterval: aP, sse };
    }
  }
  return best;
}

/**
 * One-step fitted values per period (NaN before the first demand and at missing periods).
 */
export function crostonFitted(y: Float64Array, alphaSize: number, alphaInterval: number, factor = 1): Float64Array {
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  let z = Number.NaN;
  let p = Number.NaN;
  let since = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    if (Number.isNaN(v)) continue;
    fitted[t] = (factor * z) / p;
    since++;
    if (v > 0) {
      if (Number.isNaN(z)) {
        z = v;
        p = since;
      } else {
        z += alphaSize * (v - z);
        p += alphaInterval * (since - p);
      }
      since = 0;
    }
  }
  return fitted;
}
