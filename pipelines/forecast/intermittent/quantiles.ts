/**
 * Predictive quantiles for demand models without a likelihood of their own. Count data (non-negative
 * integers) get Poisson / negative binomial quantiles around the point forecast with the
 * variance-to-mean ratio of the series; other data get Gaussian ones from the residual
 * sd, floored at zero since demand is never negative.
 */
import { gaussianQuantiles, residualSd } from '../baselines.ts';
import { countQuantileMap, seriesDispersion } from '../count-distribution.ts';

export function isCountSeries(y: Float64Array): boolean {
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    if (Number.isNaN(v)) continue;
    if (v < 0 || v !== Math.floor(v)) return false;
  }
  return true;
}

export function demandQuantiles(
  y: Float64Array,
  mean: Float64Array,
  fitted: Float64Array | undefined,
  levels: readonly number[],
): ReadonlyMap<number, Float64Array> | undefined {
  if (isCountSeries(y)) {
    // The series' own variance-to-mean ratio: it does not depend on which model (or combination)
    // made the mean, and on carparts it scored no worse than the residual-based ratio.
    return countQuantileMap(mean, seriesDispersion(y), levels);
  }
  if (!fitted) return undefined;
  const sd = new Float64Array(mean.length).fill(residualSd(y, fitted));
  const q = gaussianQuantiles(mean, sd, levels);
  if (!q) return undefined;
  for (const values of q.values()) for (let k = 0; k < values.length; k++) if (values[k]! < 0) values[k] = 0;
  return q;
}
