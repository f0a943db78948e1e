/**
 * The intermittent-demand models as `Model`s: constant per-period forecasts with one-step fitted
 * values and count-aware quantiles. Missing periods are skipped (not counted as zero). A series
 * with no demand forecasts zero; with a single demand the Croston forms use it as both initial values.
 *
 * Each model is a `DemandFitter` (level + fitted, no quantiles) wrapped once, so the selector can
 * compare fitters and build quantiles only for the winner.
 */
import { checkHorizon, quantileLevels } from '../baselines.ts';
import type { FitOptions, Forecast, Model } from '../types.ts';
import { adidaForecast, imapaForecast, sesAuto } from './aggregation.ts';
import { crostonFitted, crostonState, optimiseCroston } from './croston.ts';
import { demandEvents, knownValues } from './events.ts';
import type { DemandEvents } from './events.ts';
import { demandQuantiles } from './quantiles.ts';
import { optimiseTsb, tsbFitted, tsbState } from './tsb.ts';

export interface DemandFit {
  readonly name: string;
  /** Per-period forecast. */
  readonly level: number;
  /** One-step fitted values per period (NaN where undefined); empty when the caller did not ask for them. */
  readonly fitted: Float64Array;
}

/**
 * Fit on y given its events and known values (pass `y` itself when nothing is missing). withFitted
 * false skips the fitted values: backtests and point forecasts of counts need the level only, and the
 * fitted pass costs as much as the fit (default true).
 */
export type DemandFitter = (y: Float64Array, ev: DemandEvents, known: Float64Array, withFitted?: boolean) => DemandFit;

/** The fitted values of a level-only fit. */
const NO_FITTED = new Float64Array(0);

/** Assemble a Forecast from a constant per-period level. */
export function constantForecast(model: string, y: Float64Array, level: number, h: number, fittedIn: Float64Array | undefined, options?: FitOptions): Forecast {
  let fitted = fittedIn;
  const mean = new Float64Array(h).fill(Number.isFinite(level) && level > 0 ? level : 0);
  const levels = quantileLevels(options);
  if (fitted !== undefined && fitted.length === 0) fitted = undefined;
  // Point only (backtests, counts whose quantiles come later): no dispersion pass over the history.
  if (levels.length === 0) return fitted ? { model, mean, fitted } : { model, mean };
  const quantiles = demandQuantiles(y, mean, fitted, levels);
  const base = fitted ? { model, mean, fitted } : { model, mean };
  return quantiles ? { ...base, quantiles } : base;
}

/** Put fitted values computed on the known values back at their periods (NaN at missing ones). */
export function spreadFitted(y: Float64Array, known: Float64Array, fittedKnown: Float64Array): Float64Array {
  if (known === y) return fittedKnown;
  const out = new Float64Array(y.length).fill(Number.NaN);
  let j = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) out[t] = fittedKnown[j++]!;
  return out;
}

function zeroFit(name: string, y: Float64Array, withFitted = true): DemandFit {
  if (!withFitted) return { name, level: 0, fitted: NO_FITTED };
  const fitted = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) fitted[t] = Number.isNaN(y[t]!) ? Number.NaN : 0;
  return { name, level: 0, fitted };
}

function crostonFit(name: string, y: Float64Array, ev: DemandEvents, aZ: number, aP: number, factor: number, withFitted = true): DemandFit {
  if (ev.count === 0) return zeroFit(name, y, withFitted);
  const s = crostonState(ev, aZ, aP);
  return { name, level: (factor * s.size) / s.interval, fitted: withFitted ? crostonFitted(y, ev, aZ, aP, factor) : NO_FITTED };
}

export const fitCroston: DemandFitter = (y, ev, _k, w) => crostonFit('Croston', y, ev, 0.1, 0.1, 1, w);
export const fitSba: DemandFitter = (y, ev, _k, w) => crostonFit('Croston-SBA', y, ev, 0.1, 0.1, 1 - 0.1 / 2, w);
export const fitOptimisedCroston: DemandFitter = (y, ev, _k, w) => {
  const best = optimiseCroston(ev);
  return crostonFit('Croston-Opt', y, ev, best.alphaSize, best.alphaInterval, 1, w);
};

export const fitTsb: DemandFitter = (y, ev, _k, withFitted = true) => {
  if (ev.count === 0) return zeroFit('TSB', y, withFitted);
  const params = optimiseTsb(ev);
  const s = tsbState(ev, params);
  return { name: 'TSB', level: s.probability * s.size, fitted: withFitted ? tsbFitted(y, ev, params) : NO_FITTED };
};

function aggregationFitter(name: string, method: typeof adidaForecast): DemandFitter {
  return (y, ev, known, withFitted = true) => {
    if (ev.count === 0) return zeroFit(name, y, withFitted);
    if (!withFitted) return { name, level: method(known, ev.observed / ev.count), fitted: NO_FITTED };
    const fitted = new Float64Array(known.length);
    const level = method(known, ev.observed / ev.count, fitted);
    return { name, level, fitted: spreadFitted(y, known, fitted) };
  };
}

export const fitAdida: DemandFitter = aggregationFitter('ADIDA', adidaForecast);
export const fitImapa: DemandFitter = aggregationFitter('IMAPA', imapaForecast);

export const fitSes: DemandFitter = (y, _ev, known, withFitted = true) => {
  if (known.length === 0) return zeroFit('SES', y, withFitted);
  const fit = sesAuto(known);
  if (!withFitted) return { name: 'SES', level: fit.level, fitted: NO_FITTED };
  const fitted = new Float64Array(known.length);
  let l = fit.level0;
  for (let t = 0; t < known.length; t++) {
    fitted[t] = l;
    l += fit.alpha * (known[t]! - l);
  }
  return { name: 'SES', level: fit.level, fitted: spreadFitted(y, known, fitted) };
};

/** Whole-history mean (the 'short' route): fitted is the running mean. */
export const fitMean: DemandFitter = (y, _ev, known) => {
  const fittedKnown = new Float64Array(known.length);
  let sum = 0;
  for (let t = 0; t < known.length; t++) {
    fittedKnown[t] = t > 0 ? sum / t : Number.NaN;
    sum += known[t]!;
  }
  return { name: 'Mean', level: known.length > 0 ? sum / known.length : 0, fitted: spreadFitted(y, known, fittedKnown) };
};

export const fitZero: DemandFitter = (y) => zeroFit('Zero', y);

export function asModel(fitter: DemandFitter): Model {
  return (y, h, options) => {
    checkHorizon(h);
    const fit = fitter(y, demandEvents(y), knownValues(y), quantileLevels(options).length > 0);
    return constantForecast(fit.name, y, fit.level, h, fit.fitted, options);
  };
}

/** Croston's method with the classic alpha = 0.1 for size and interval. */
export const croston: Model = asModel(fitCroston);
/** Syntetos-Boylan approximation: Croston times (1 - alpha/2), alpha = 0.1. */
export const sba: Model = asModel(fitSba);
/** Croston with separate size and interval constants chosen by in-sample MSE on a grid. */
export const optimisedCroston: Model = asModel(fitOptimisedCroston);
/** Teunter-Syntetos-Babai with both constants optimised. */
export const tsb: Model = asModel(fitTsb);
/** ADIDA: SES on buckets of the mean inter-demand interval, spread evenly back. */
export const adida: Model = asModel(fitAdida);
/** IMAPA: mean of SES forecasts over aggregation levels 1..ceil(ADI). */
export const imapa: Model = asModel(fitImapa);
/** SES on the known values, alpha from the grid, initial level profiled: the smooth-demand route. */
export const sesDemand: Model = asModel(fitSes);
