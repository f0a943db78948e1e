import { createAutoForecast, type AutoModels } from './auto-engine.ts';
import { naive, windowAverageModel } from './baselines.ts';
import { combinationModel } from './combine.ts';
import { autoEts } from './ets/index.ts';
import { classifyDemand } from './classify.ts';
import { countQuantileMap } from './count-distribution.ts';
import { adida, tsb } from './intermittent.ts';
import { autoTheta } from './theta.ts';
import { recentMin } from './recent.ts';
import type { Model } from './types.ts';

/** A short history: the mean of the last few values beside the last value. */
const shortModel: Model = combinationModel([naive, windowAverageModel(4)]);

/** The production model set; see docs/forecasting.md for why each member is here. */
export const DEFAULT_MODELS: AutoModels = {
  smooth: [autoEts, autoTheta],
  intervalProxy: autoTheta,
  // RecentMin first: the default rule ('first') takes it alone; `intermittent: 'select'` runs the contest.
  // SBA and IMAPA were dropped from the contest on the carparts validation split: without IMAPA the
  // selection scored the same, without both better (MAE 0.626 vs 0.639), and IMAPA was the costliest fit.
  intermittent: [recentMin, tsb, adida],
  short: shortModel,
  classify: (y) => classifyDemand(y).demandClass,
  countQuantiles: countQuantileMap,
};

/**
 * Automatic forecast of one series: routes by demand class (zero, constant, short, smooth, erratic,
 * intermittent, lumpy), combines or selects models, and attaches quantiles at every requested level.
 */
export const autoForecast = createAutoForecast(DEFAULT_MODELS);

export { recentMeans, recentMin, recentWindows } from './recent.ts';
export type { AutoModels, AutoOptions, DemandRoute } from './auto-engine.ts';
