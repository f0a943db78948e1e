import { createAutoForecast, type AutoModels } from './auto-engine.ts';
import { naive, windowAverageModel } from './baselines.ts';
import { combinationModel } from './combine.ts';
import { autoEts } from './ets/index.ts';
import { classifyDemand } from './classify.ts';
import { countQuantileMap } from './count-distribution.ts';
import { adida, imapa, sba, tsb } from './intermittent.ts';
import { autoTheta } from './theta.ts';
import type { Model } from './types.ts';

/**
 * Mean of the plain averages over the last h/2, h and 2h known periods: the "recent demand" level at
 * three memories, which on intermittent parts data is as hard to beat as any smoothing model. Point
 * forecast only; the automatic layer adds the quantiles.
 */
export const recentWindows: Model = (y, h) => {
  const half = Math.max(1, Math.round(h / 2));
  const windows = [half, h, 2 * h];
  let level = 0;
  for (const k of windows) {
    let sum = 0;
    let n = 0;
    for (let t = y.length - 1; t >= 0 && n < k; t--) {
      if (Number.isNaN(y[t]!)) continue;
      sum += y[t]!;
      n++;
    }
    level += (n > 0 ? sum / n : 0) / windows.length;
  }
  return { model: `RecentMean(${windows.join(',')})`, mean: new Float64Array(h).fill(level) };
};

/** A short history: the mean of the last few values beside the last value. */
const shortModel: Model = combinationModel([naive, windowAverageModel(4)]);

/** The production model set; see docs/forecasting.md for why each member is here. */
export const DEFAULT_MODELS: AutoModels = {
  smooth: [autoEts, autoTheta],
  intervalProxy: autoTheta,
  intermittent: [sba, tsb, adida, imapa, recentWindows],
  short: shortModel,
  classify: (y) => classifyDemand(y).demandClass,
  countQuantiles: countQuantileMap,
};

/**
 * Automatic forecast of one series: routes by demand class (zero, constant, short, smooth, erratic,
 * intermittent, lumpy), combines or selects models, and attaches quantiles at every requested level.
 */
export const autoForecast = createAutoForecast(DEFAULT_MODELS);

export type { AutoModels, AutoOptions, DemandRoute } from './auto-engine.ts';
