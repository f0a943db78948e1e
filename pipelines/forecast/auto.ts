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

/** The production model set; see docs/forecasting.md for why each member is here. */
export const DEFAULT_MODELS: AutoModels = {
  smooth: [autoEts, autoTheta],
  intervalProxy: autoTheta,
  // RecentMin first: the default rule ('first') takes it alone; `intermittent: 'select'` runs the contest.
  intermittent: [recentMin, sba, tsb, adida, imapa],
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
