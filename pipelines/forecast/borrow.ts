import { CodedError } from '../errors.ts';
import type { Forecast } from './types.ts';

/** Options of `borrowProfile`. */
export interface BorrowOptions {
  /**
   * Pseudo-observations of the category level: with n known item values the item's own level ratio gets
   * weight n / (n + shrinkage), the category's (ratio 1) the rest. @defaultValue 6
   */
  readonly shrinkage?: number;
}

/**
 * Forecast for a new product with little history, borrowed from its category.
 *
 * `categoryMean` is the category's mean demand per item on the same time grid as `y`, extended h steps
 * past the end of `y` (so its length is y.length + h): its shape carries the season, trend and festival
 * effects the new item cannot show yet. The item's level relative to the category is the ratio of its
 * known demand to the category's over the same periods, shrunk towards 1 (an average item) so that one
 * lucky week does not triple the forecast. Forecast = ratio * categoryMean over the next h steps.
 */
export function borrowProfile(y: Float64Array, categoryMean: Float64Array, h: number, options: BorrowOptions = {}): Forecast {
  if (!Number.isInteger(h) || h < 0) throw new CodedError('BAD_ARGUMENT', `horizon must be a non-negative integer, got ${h}`);
  if (categoryMean.length < y.length + h) {
    throw new CodedError('BAD_ARGUMENT', `categoryMean needs y.length + h = ${y.length + h} values, got ${categoryMean.length}`);
  }
  const shrinkage = options.shrinkage ?? 6;
  if (!(shrinkage >= 0)) throw new CodedError('BAD_ARGUMENT', `shrinkage must be >= 0, got ${shrinkage}`);
  let itemSum = 0;
  let catSum = 0;
  let n = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    const c = categoryMean[t]!;
    if (Number.isNaN(v) || Number.isNaN(c)) continue;
    itemSum += v;
    catSum += c;
    n++;
  }
  const ratio = catSum > 0 ? itemSum / catSum : 1;
  const w = n + shrinkage > 0 ? n / (n + shrinkage) : 0;
  const scale = w * ratio + (1 - w);
  const mean = new Float64Array(h);
  for (let k = 0; k < h; k++) mean[k] = scale * categoryMean[y.length + k]!;
  return { model: `Borrowed(ratio ${scale.toFixed(3)})`, mean };
}
