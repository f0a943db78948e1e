import { createAutoForecast, type AutoModels } from './auto-engine.ts';
import { naive, windowAverageModel } from './baselines.ts';
import { combinationModel } from './combine.ts';
import { autoEts } from './ets/index.ts';
import { classifyDemand } from './classify.ts';
import { countQuantileMap } from './count-distribution.ts';
import { adida, imapa, sba, tsb } from './intermittent.ts';
import { autoTheta } from './theta.ts';
import { recentMin } from './recent.ts';
import type { Model } from './types.ts';

/** A short history: the mean of the last few values beside the last value. */
const shortModel: Model = combinationModel([naive, windowAverageModel(4)]);

/**
 * The intermittent candidates a selecting set chooses among (one holdout of h, lowest MSE). On the
 * carparts validation split selecting among them lost to RecentMin alone on MAE and RMSSE (a single
 * holdout of a sparse series is mostly noise), so the default set keeps RecentMin only; this list
 * stays for callers who want the contest (`SELECTING_MODELS`) and for the speed bench.
 */
export const INTERMITTENT_CANDIDATES: readonly Model[] = [sba, tsb, adida, imapa, recentMin];

/** The production model set; see docs/forecasting.md for why each member is here. */
export const DEFAULT_MODELS: AutoModels = {
  smooth: [autoEts, autoTheta],
  intervalProxy: autoTheta,
  intermittent: [recentMin],
  short: shortModel,
  classify: (y) => classifyDemand(y).demandClass,
  countQuantiles: countQuantileMap,
};

/** DEFAULT_MODELS with selection among INTERMITTENT_CANDIDATES for intermittent and lumpy demand. */
export const SELECTING_MODELS: AutoModels = { ...DEFAULT_MODELS, intermittent: INTERMITTENT_CANDIDATES };

/**
 * Automatic forecast of one series: routes by demand class (zero, constant, short, smooth, erratic,
 * intermittent, lumpy), combines or selects models, and attaches quantiles at every requested level.
 */
export const autoForecast = createAutoForecast(DEFAULT_MODELS);

export { recentMeans, recentMin, recentWindows } from './recent.ts';
export type { AutoModels, AutoOptions, DemandRoute } from './auto-engine.ts';
