/**
 * The daily forecast the restock math gets from what the nightly forecast stage produces: its mean,
 * and a variance from the count distribution behind its quantiles when there is one (the fast path's
 * negative binomial), else read from the quantiles as a normal spread. The restock stage reads stored
 * forecasts this way; `stageForecaster` makes the same forecasts in memory for the backtests.
 */
import { LEVELS_STORED, routedForecast } from '../forecast-stage/engine.ts';
import type { DailyDemandForecast } from './daily-forecast.ts';
import type { Forecaster } from './ma-forecaster.ts';

const Z90 = 1.2815515655446004;
const I50 = LEVELS_STORED.indexOf(0.5);
const I90 = LEVELS_STORED.indexOf(0.9);

/**
 * One day's demand variance, never below the mean (Poisson). With a dispersion (variance / mean) it is
 * mean x dispersion. Without one, ((q90 - q50) / z0.9)^2: right for near-normal counts, but for a slow
 * mover's whole-unit quantiles (q50 = 0, q90 = 1 at a mean of 0.2) it reads three times the variance.
 */
export function dayVariance(mean: number, q50: number, q90: number, dispersion: number): number {
  const m = Math.max(0, mean);
  if (Number.isFinite(dispersion) && dispersion > 0) return Math.max(m, m * dispersion);
  const spread = Math.max(0, (q90 - q50) / Z90);
  return Math.max(m, spread * spread);
}

/** Forecasts each history as the nightly stage routes it (routedForecast), with dayVariance. */
export function stageForecaster(period = 7): Forecaster {
  return (history, h): DailyDemandForecast => {
    const f = routedForecast(history, h, period);
    const q50 = f.quantiles[I50]!;
    const q90 = f.quantiles[I90]!;
    const variance = Float64Array.from(f.mean, (m, i) => dayVariance(m, q50[i]!, q90[i]!, f.dispersion));
    return { mean: f.mean, variance };
  };
}
