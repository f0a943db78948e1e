/**
 * Croston's method (1972) and its bias-corrected and optimised forms. Size and interval are smoothed
 * separately, only when a demand occurs; the forecast per period is size / interval.
 * - classic: alpha 0.1 for both, no correction (biased upwards, Syntetos & Boylan 2001);
 * - SBA: times (1 - alpha_interval / 2) (Syntetos & Boylan 2005);
 * - optimised: separate alphas for size and interval chosen on a grid by in-sample MSE
 *   (every observed period after the first demand counts, zeros included).
 * Initial values: see `CrostonInit`; the models here use 'mean'.
 */
import type { DemandEvents } from './events.ts';

/** Smoothing constants searched by the optimised forms. */
export const ALPHA_GRID: readonly number[] = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];

/** The classic constant, used wherever there is too little data to choose one. */
export const DEFAULT_ALPHA = 0.1;

/**
 * Fewer demands (or, for SES, points) than this and in-sample optimisation of a smoothing constant
 * is mostly noise-fitting (Syntetos & Boylan advise fixed low constants for short intermittent
 * histories), so the classic 0.1 is used instead.
 */
export const MIN_POINTS_TO_OPTIMISE = 20;

export interface CrostonState {
  readonly size: number;
  readonly interval: number;
}

/**
 * 'first': the first demand and its distance from the start (Croston's own choice, no look-ahead);
 * 'mean': the mean size and mean interval of the whole history, updated from the first demand on,
 * which keeps an early odd demand from dominating short histories.
 */
export type CrostonInit = 'first' | 'mean';

function initialState(ev: DemandEvents, init: CrostonInit): { z: number; p: number; from: number } {
  if (init === 'first') return { z: ev.sizes[0]!, p: ev.intervals[0]!, from: 1 };
  let zs = 0;
  let ps = 0;
  for (let k = 0; k < ev.count; k++) {
    zs += ev.sizes[k]!;
    ps += ev.intervals[k]!;
  }
  return { z: zs / ev.count, p: ps / ev.count, from: 0 };
}

/** Size and interval levels after every event. count must be >= 1. */
export function crostonState(ev: DemandEvents, alphaSize: number, alphaInterval: number, init: CrostonInit = 'mean'): CrostonState {
  let { z, p, from } = initialState(ev, init);
  for (let k = from; k < ev.count; k++) {
    z += alphaSize * (ev.sizes[k]! - z);
    p += alphaInterval * (ev.intervals[k]! - p);
  }
  return { size: z, interval: p };
}

/**
 * In-sample SSE of factor * z / p over the observed periods where the model has a forecast (after
 * the first demand for 'first', all for 'mean'), from events: between demands the forecast is
 * constant and the actuals are zero.
 */
export function crostonSse(ev: DemandEvents, alphaSize: number, alphaInterval: number, factor = 1, init: CrostonInit = 'mean'): number {
  if (ev.count === 0) return 0;
  let { z, p, from } = initialState(ev, init);
  let sse = 0;
  for (let k = from; k < ev.count; k++) {
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
export function optimiseCroston(
  ev: DemandEvents,
  factor = 1,
  init: CrostonInit = 'mean',
  grid: readonly number[] = ALPHA_GRID,
): { alphaSize: number; alphaInterval: number; sse: number } {
  let best = { alphaSize: DEFAULT_ALPHA, alphaInterval: DEFAULT_ALPHA, sse: Infinity };
  if (ev.count < 3) return { ...best, sse: crostonSse(ev, DEFAULT_ALPHA, DEFAULT_ALPHA, factor, init) };
  for (const aZ of grid) {
    for (const aP of grid) {
      const sse = crostonSse(ev, aZ, aP, factor, init);
      if (sse < best.sse) best = { alphaSize: aZ, alphaInterval: aP, sse };
    }
  }
  return best;
}

/** One-step fitted values per period (NaN at missing periods, and before the first demand for 'first'). */
export function crostonFitted(y: Float64Array, ev: DemandEvents, alphaSize: number, alphaInterval: number, factor = 1, init: CrostonInit = 'mean'): Float64Array {
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  if (ev.count === 0) return fitted;
  const start = initialState(ev, init);
  let z = init === 'first' ? Number.NaN : start.z;
  let p = init === 'first' ? Number.NaN : start.p;
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
