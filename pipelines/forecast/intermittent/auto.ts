/**
 * Automatic intermittent-demand forecasting: classify the series (SBC), take the class's candidate
 * models, and either keep the one with the lowest in-sample one-step MSE ('select'), take the class's
 * first choice ('route'), or average the candidates' levels ('combine'). Quantiles are built once,
 * for the result, from the count distribution when the data are counts.
 */
import { checkHorizon } from '../baselines.ts';
import { classifyDemand, routeModels } from '../classify.ts';
import type { ClassifyOptions, DemandProfile, RoutedModel } from '../classify.ts';
import type { FitOptions, Forecast } from '../types.ts';
import { demandEvents, knownValues } from './events.ts';
import {
  constantForecast, fitAdida, fitCroston, fitImapa, fitMean, fitSba, fitSes, fitTsb, fitZero,
} from './models.ts';
import type { DemandFit, DemandFitter } from './models.ts';

export type IntermittentStrategy = 'select' | 'route' | 'combine';

export interface AutoIntermittentOptions extends FitOptions {
  /** @defaultValue 'select' (on carparts it beat 'combine' on MAE, RMSSE and pinball loss) */
  readonly strategy?: IntermittentStrategy;
  readonly classify?: ClassifyOptions;
}

/** Our stand-ins for each routed name; 'ets' is served by SES here (ETS lives elsewhere). */
const FITTERS: Readonly<Record<RoutedModel, DemandFitter>> = {
  ets: fitSes,
  ses: fitSes,
  croston: fitCroston,
  sba: fitSba,
  tsb: fitTsb,
  adida: fitAdida,
  imapa: fitImapa,
  mean: fitMean,
  zero: fitZero,
};

/** The fitter standing behind a routed model name (for selection layers that run their own contest). */
export function demandFitter(name: RoutedModel): DemandFitter {
  return FITTERS[name];
}

/** MSE over periods from `from` on where fitted is known. */
function mseFrom(y: Float64Array, fitted: Float64Array, from: number): number {
  let s = 0;
  let n = 0;
  for (let t = from; t < y.length; t++) {
    const e = y[t]! - fitted[t]!;
    if (Number.isNaN(e)) continue;
    s += e * e;
    n++;
  }
  return n > 0 ? s / n : Infinity;
}

function firstDemand(y: Float64Array): number {
  for (let t = 0; t < y.length; t++) if (y[t]! > 0) return t;
  return y.length;
}

export interface IntermittentResult {
  readonly forecast: Forecast;
  readonly profile: DemandProfile;
}

export function forecastIntermittent(y: Float64Array, h: number, options: AutoIntermittentOptions = {}): IntermittentResult {
  checkHorizon(h);
  const profile = classifyDemand(y, options.classify);
  const routes = routeModels(profile.demandClass);
  const ev = demandEvents(y);
  const known = knownValues(y);
  const strategy = options.strategy ?? 'select';
  const unique = [...new Set(routes.map((r) => FITTERS[r]))];
  let chosen: DemandFit;
  if (strategy === 'route' || unique.length === 1) {
    chosen = unique[0]!(y, ev, known);
  } else {
    const fits = unique.map((f) => f(y, ev, known));
    if (strategy === 'select') {
      // Same periods for every candidate: after the first demand, where Croston forms are defined.
      const from = firstDemand(y) + 1;
      let best = fits[0]!;
      let bestMse = Infinity;
      for (const fit of fits) {
        const m = mseFrom(y, fit.fitted, from);
        if (m < bestMse) {
          bestMse = m;
          best = fit;
        }
      }
      chosen = best;
    } else {
      const fitted = new Float64Array(y.length);
      let level = 0;
      for (const fit of fits) {
        level += fit.level / fits.length;
        for (let t = 0; t < y.length; t++) fitted[t] = fitted[t]! + fit.fitted[t]! / fits.length;
      }
      chosen = { name: `Comb(${fits.map((f) => f.name).join(',')})`, level, fitted };
    }
  }
  return { forecast: constantForecast(chosen.name, y, chosen.level, h, chosen.fitted, options), profile };
}

/** `Model`-shaped entry point. */
export const autoIntermittent = (y: Float64Array, h: number, options?: AutoIntermittentOptions): Forecast =>
  forecastIntermittent(y, h, options).forecast;
