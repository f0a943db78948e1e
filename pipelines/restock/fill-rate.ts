/**
 * Fill-rate (beta service) math for a periodic-review order-up-to policy.
 *
 * At a review the inventory position is raised to S. The order placed now arrives after L days
 * and must carry the shop until the next order arrives, L + R days from now. Units short in that
 * cycle are those demanded over L + R beyond S, minus those already short before this order
 * arrived (they belong to the previous cycle):
 *   ESC(S) = E[(D_{L+R} - S)+] - E[(D_L - S)+]
 * and the expected fill rate is 1 - ESC(S) / E[D_R]. This is the backorder form; with lost sales
 * the shop starts the cycle slightly better off, so it errs a little on the safe side.
 */
import { CodedError } from '../errors.ts';
import { expectedShortfall } from './demand-distribution.ts';
import type { DemandDistribution } from './demand-distribution.ts';

export interface CycleDistributions {
  /** Demand over lead time plus review period. */
  readonly protection: DemandDistribution;
  /** Demand over lead time alone. */
  readonly lead: DemandDistribution;
  /** Expected demand over one review period (the denominator of the fill rate). */
  readonly reviewMean: number;
}

/** Expected units short per cycle when the inventory position after ordering is y. */
export function expectedShortagePerCycle(c: CycleDistributions, y: number): number {
  return Math.max(0, expectedShortfall(c.protection, y) - expectedShortfall(c.lead, y));
}

/** Expected fill rate (units sold / units demanded) with inventory position y after ordering. */
export function expectedFillRate(c: CycleDistributions, y: number): number {
  if (!(c.reviewMean > 0)) return 1;
  return Math.min(1, Math.max(0, 1 - expectedShortagePerCycle(c, y) / c.reviewMean));
}

export type LevelRounding = 'at-least' | 'nearest';

/**
 * Integer order-up-to level meeting the fill-rate target. 'at-least' returns the smallest S whose
 * expected fill rate reaches the target; 'nearest' the S whose expected fill rate is closest to it,
 * which is unbiased over many items instead of always erring high (slow movers jump in big steps).
 */
export function orderUpToForFillRate(c: CycleDistributions, target: number, rounding: LevelRounding = 'nearest'): number {
  if (!(target > 0 && target < 1)) throw new CodedError('BAD_ARGUMENT', `fill-rate target must be in (0, 1), got ${target}`);
  if (!(c.reviewMean > 0)) return 0;
  // ESC falls as S rises, so bisect on integers; the upper end is far beyond any realistic need.
  let lo = 0;
  let hi = Math.ceil(c.protection.mean + 60 * Math.sqrt(c.protection.variance) + 10);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (expectedFillRate(c, mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  if (rounding === 'nearest' && lo > 0) {
    const above = expectedFillRate(c, lo) - target;
    const below = target - expectedFillRate(c, lo - 1);
    if (below < above) return lo - 1;
  }
  return lo;
}
