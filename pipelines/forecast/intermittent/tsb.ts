/**
 * TSB (Teunter, Syntetos & Babai 2011): the demand probability is smoothed every period (so it decays
 * while no demand arrives, which Croston cannot do for an item going obsolete) and the size only at
 * demands; forecast = probability * size. Initial values are the whole-sample demand share and the
 * mean size. With enough demands the two constants are optimised separately on a grid: beta by the squared error of the
 * demand indicator, alpha by that of the sizes. Decoupling keeps it O(#demands) and each criterion
 * targets exactly what its constant smooths.
 */
import { ALPHA_GRID, DEFAULT_ALPHA, MIN_POINTS_TO_OPTIMISE } from './croston.ts';
import type { DemandEvents } from './events.ts';

export interface TsbParams {
  readonly alphaSize: number;
  readonly alphaProbability: number;
}

export interface TsbState {
  readonly size: number;
  readonly probability: number;
}

function initialSize(ev: DemandEvents): number {
  let s = 0;
  for (let k = 0; k < ev.count; k++) s += ev.sizes[k]!;
  return ev.count > 0 ? s / ev.count : 0;
}

/**
 * Squared error of the indicator 1[y > 0] under probability smoothing with beta. Zero runs are
 * stepped one period at a time: runs are short and a multiply beats Math.pow by far.
 */
export function probabilitySse(ev: DemandEvents, beta: number): number {
  let p = ev.observed > 0 ? ev.count / ev.observed : 0;
  const decay = 1 - beta;
  let sse = 0;
  for (let k = 0; k < ev.count; k++) {
    for (let j = ev.intervals[k]! - 1; j > 0; j--) {
      sse += p * p;
      p *= decay;
    }
    sse += (1 - p) * (1 - p);
    p += beta * (1 - p);
  }
  for (let j = ev.trailing; j > 0; j--) {
    sse += p * p;
    p *= decay;
  }
  return sse;
}

/** Squared error of the one-step size forecasts at demands. */
export function sizeSse(ev: DemandEvents, alpha: number): number {
  let z = initialSize(ev);
  let sse = 0;
  for (let k = 0; k < ev.count; k++) {
    const e = ev.sizes[k]! - z;
    sse += e * e;
    z += alpha * e;
  }
  return sse;
}

export function optimiseTsb(ev: DemandEvents, grid: readonly number[] = ALPHA_GRID): TsbParams {
  if (ev.count < MIN_POINTS_TO_OPTIMISE) return { alphaSize: DEFAULT_ALPHA, alphaProbability: DEFAULT_ALPHA };
  let bestA = 0.1;
  let bestB = 0.1;
  let sa = Infinity;
  let sb = Infinity;
  for (const a of grid) {
    const s = sizeSse(ev, a);
    if (s < sa) {
      sa = s;
      bestA = a;
    }
    const b = probabilitySse(ev, a);
    if (b < sb) {
      sb = b;
      bestB = a;
    }
  }
  return { alphaSize: bestA, alphaProbability: bestB };
}

/** Levels after all observations. */
export function tsbState(ev: DemandEvents, params: TsbParams): TsbState {
  let z = initialSize(ev);
  let p = ev.observed > 0 ? ev.count / ev.observed : 0;
  const decay = 1 - params.alphaProbability;
  for (let k = 0; k < ev.count; k++) {
    p *= decay ** (ev.intervals[k]! - 1);
    p += params.alphaProbability * (1 - p);
    z += params.alphaSize * (ev.sizes[k]! - z);
  }
  p *= decay ** ev.trailing;
  return { size: z, probability: p };
}

/** One-step fitted values per period (NaN at missing periods). */
export function tsbFitted(y: Float64Array, ev: DemandEvents, params: TsbParams): Float64Array {
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  let z = initialSize(ev);
  let p = ev.observed > 0 ? ev.count / ev.observed : 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    if (Number.isNaN(v)) continue;
    fitted[t] = p * z;
    const demand = v > 0;
    p += params.alphaProbability * ((demand ? 1 : 0) - p);
    if (demand) z += params.alphaSize * (v - z);
  }
  return fitted;
}

/**
 * Relative standard error of TSB's level (probability x size), the uncertainty every day of a
 * forecast shares. Each smoothed mean of a stationary process has variance sigma^2 alpha / (2 -
 * alpha); it is never below the whole sample's sigma^2 / n, which is where TSB starts. The two
 * errors are taken as independent: cv^2 = cv^2(probability) + cv^2(size). 0 without demand.
 */
export function tsbLevelCv(ev: DemandEvents, params: TsbParams = optimiseTsb(ev)): number {
  if (ev.count === 0 || ev.observed === 0) return 0;
  const p = ev.count / ev.observed;
  const smoothed = (a: number, n: number): number => Math.max(a / (2 - a), 1 / n);
  const cv2p = ((1 - p) / p) * smoothed(params.alphaProbability, ev.observed);
  let cv2z = 0;
  if (ev.count > 1) {
    const z = initialSize(ev);
    let ss = 0;
    for (let k = 0; k < ev.count; k++) ss += (ev.sizes[k]! - z) ** 2;
    cv2z = z > 0 ? (ss / (ev.count - 1) / (z * z)) * smoothed(params.alphaSize, ev.count) : 0;
  }
  return Math.sqrt(cv2p + cv2z);
}
