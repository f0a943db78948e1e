/**
 * Public surface of the forecasting core. Callers outside pipelines/forecast import from here; files
 * inside the folder import each other directly (a barrel inside its own folder invites cycles).
 */
export type { FitOptions, Forecast, Model } from './types.ts';
export { DEFAULT_QUANTILES } from './types.ts';

// Automatic layer.
export { autoForecast, DEFAULT_MODELS, recentWindows } from './auto.ts';
export {
  createAutoForecast,
  DEFAULT_INTERMITTENT,
  DEFAULT_INTERVALS,
  type AutoForecaster,
  type AutoModels,
  type AutoOptions,
  type DemandRoute,
  type IntervalMode,
} from './auto-engine.ts';
export { borrowProfile, type BorrowOptions } from './borrow.ts';
export { combinationModel, combineForecasts, type CombineRule } from './combine.ts';
export { conformalQuantiles } from './conformal.ts';
export { backtestMse, originPoints, rollingOrigin, stepErrors, type Backtest, type RollingOriginOptions } from './cross-validation.ts';
export { ForecastPool, type PoolOptions, type PooledForecast } from './parallel/pool.ts';

// Scoring and files.
export { coverage, intervalHits, mae, mase, meanFinite, mse, pinball, rmsse, scaledPinball, smape } from './metrics.ts';
export { alignSeries, evaluate, parseForecastCsv, type Evaluation } from './evaluation.ts';
export { defaultSeason, formatForecastCsv, parseLevels, parseSeriesCsv, type SeriesFile, type SeriesRecord } from './series-io.ts';

// Models (owned by their files' authors).
export { autoEts, etsModel } from './ets/index.ts';
export { autoTheta, dynamicTheta, optimisedTheta, theta } from './theta.ts';
export { meanForecast, naive, seasonalNaive, windowAverageModel } from './baselines.ts';
export { adida, autoIntermittent, croston, imapa, optimisedCroston, sba, tsb } from './intermittent.ts';
export { classifyDemand, type DemandClass } from './classify.ts';
