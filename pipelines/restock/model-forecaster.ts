/**
 * Adapter from the project's forecasting contract (pipelines/forecast/types.ts) to the daily
 * forecast the restock math needs, so the backtest can run on the real forecasting core.
 *
 * Per-day variance comes from the spread between the median and an upper quantile read as a
 * normal spread ((q_hi - q_50) / z_hi)^2, floored at the Poisson variance; without quantiles the
 * in-sample residuals give a negative-binomial size; without those, Poisson.
 */
import type { FitOptions, Model } from '../forecast/types.ts';
import type { DailyDemandForecast } from './daily-forecast.ts';
import type { Forecaster } from './ma-forecaster.ts';
import { stdNormalCdf } from './normal-math.ts';

export interface ModelForecasterOptions {
  /** Seasonal period passed to the model. @defaultValue 7 */
  readonly period?: number;
  /** Upper quantile level used for the spread. @defaultValue 0.9 */
  readonly level?: number;
}

export function forecasterFromModel(model: Model, options: ModelForecasterOptions = {}): Forecaster {
  const level = options.level ?? 0.9;
  const z = inverseStdNormal(level);
  const fit: FitOptions = { period: options.period ?? 7, quantiles: [0.5, level] };
  return (history, h): DailyDemandForecast => {
    const f = model(history, h, fit);
    const mean = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      const m = f.mean[i] ?? 0;
      mean[i] = Number.isFinite(m) && m > 0 ? m : 0;
    }
    const hi = f.quantiles?.get(level);
    const mid = f.quantiles?.get(0.5);
    if (hi && mid) {
      const variance = new Float64Array(h);
      for (let i = 0; i < h; i++) {
        const sd = Math.max(0, ((hi[i] ?? 0) - (mid[i] ?? 0)) / z);
        variance[i] = Math.max(mean[i] ?? 0, sd * sd);
      }
      return { mean, variance };
    }
    if (f.fitted) return { mean, size: residualSize(history, f.fitted) };
    return { mean };
  };
}

/** NB size by moments of in-sample residuals; Infinity when there is no excess over Poisson. */
function residualSize(y: Float64Array, fitted: Float64Array): number {
  let excess = 0;
  let meanSq = 0;
  for (let t = 0; t < Math.min(y.length, fitted.length); t++) {
    const mu = fitted[t] ?? Number.NaN;
    const v = y[t] ?? Number.NaN;
    if (!Number.isFinite(mu) || !Number.isFinite(v) || mu <= 0) continue;
    excess += (v - mu) ** 2 - mu;
    meanSq += mu * mu;
  }
  return excess > 0 && meanSq > 0 ? Math.max(0.05, meanSq / excess) : Infinity;
}

function inverseStdNormal(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (stdNormalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
