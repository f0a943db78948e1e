/**
 * Ordering policies for the backtest: ours (fill-rate order-up-to on a censoring-corrected forecast)
 * and the two naive ones a shopkeeper might use instead.
 */
import { fitCensored } from '../demand/censoring.ts';
import type { LevelRounding } from './fill-rate.ts';
import type { Forecaster } from './ma-forecaster.ts';
import type { Policy, SimState } from './simulate.ts';
import { suggestRestock } from './suggest.ts';

export interface FillRatePolicyOptions {
  readonly fillRateTarget: number;
  readonly forecaster: Forecaster;
  /** Days of sales history handed to the censoring fit and the forecaster. @defaultValue 112 */
  readonly historyWindow?: number;
  /** Widen the window until it holds this many uncensored days (a long empty shelf says nothing). @defaultValue 28 */
  readonly minCleanDays?: number;
  /** Correct stock-out days before forecasting. @defaultValue true */
  readonly correctCensoring?: boolean;
  readonly packSize?: number;
  readonly minOrderUnits?: number;
  readonly unitCost?: number;
  readonly unitPrice?: number;
  readonly rounding?: LevelRounding;
}

export function fillRatePolicy(o: FillRatePolicyOptions): Policy {
  const window = o.historyWindow ?? 112;
  const minClean = o.minCleanDays ?? 28;
  return {
    name: `fill-rate ${Math.round(o.fillRateTarget * 1000) / 10}%`,
    decide(s: SimState): number {
      let from = Math.max(0, s.day - window);
      let clean = 0;
      for (let t = from; t < s.day; t++) clean += s.censored[t] ? 0 : 1;
      while (from > 0 && clean < minClean) {
        from -= 1;
        clean += s.censored[from] ? 0 : 1;
      }
      const sales = s.sales.subarray(from);
      const history = o.correctCensoring === false ? sales : fitCensored(sales, s.censored.subarray(from), { period: 7 }).completed;
      const L = s.leadTimeDays;
      const R = s.reviewPeriodDays;
      const h = Math.max(L + R, L + (s.shelfLifeDays ?? 0), 7);
      const sug = suggestRestock({
        forecast: o.forecaster(history, h),
        onHand: s.onHand,
        onOrder: s.pipeline.map((p) => ({ qty: p.qty, arrivesInDays: p.arrivalDay - s.day })),
        onHandBatches: s.batches.map((b) => ({ qty: b.qty, daysLeft: b.lastDay - s.day + 1 })),
        leadTimeDays: L,
        reviewPeriodDays: R,
        fillRateTarget: o.fillRateTarget,
        packSize: o.packSize ?? 1,
        minOrderUnits: o.minOrderUnits ?? 0,
        unitCost: o.unitCost ?? 1,
        unitPrice: o.unitPrice ?? 1.25,
        shelfLifeDays: s.shelfLifeDays,
        rounding: o.rounding ?? 'nearest',
      });
      return sug.quantity;
    },
  };
}

/** Order what sold over the last review period (what the shelf "needs back"). */
export function lastPeriodSalesPolicy(packSize = 1): Policy {
  return {
    name: 'last period sales',
    decide(s: SimState): number {
      let sold = 0;
      for (let t = Math.max(0, s.day - s.reviewPeriodDays); t < s.day; t++) sold += s.sales[t] ?? 0;
      return Math.ceil(sold / packSize - 1e-9) * packSize;
    },
  };
}

export interface MinMaxOptions {
  /** Weeks of recent sales the levels are set from. @defaultValue 4 */
  readonly weeks?: number;
  /** Days between resets of the levels (a shopkeeper redoes them monthly). @defaultValue 28 */
  readonly refreshDays?: number;
  /** Safety factor z. @defaultValue 1.65 */
  readonly z?: number;
  readonly packSize?: number;
}

/**
 * Min/max as a careful shopkeeper runs it, the fair reference for our policy. Every `refreshDays`
 * the levels are reset from the last `weeks` weeks of sales (daily mean m, standard deviation sd):
 * min = m (L + R) + z sd sqrt(L + R), so stock at a review covers the lead time and the days until
 * the next review; max = min + m R. At each review, if stock on hand plus on order is at or below
 * min, order up to max. (The earlier rule set its levels once from the first weeks and covered only
 * the lead time: it filled 75 % on the warehouse replay, a reference too weak to compare with.)
 */
export function minMaxPolicy(o: MinMaxOptions = {}): Policy {
  const z = o.z ?? 1.65;
  const pack = o.packSize ?? 1;
  const refresh = o.refreshDays ?? 28;
  let levels: { min: number; max: number; setOn: number } | null = null;
  return {
    name: 'min/max',
    decide(s: SimState): number {
      if (levels === null || s.day - levels.setOn >= refresh) {
        const from = Math.max(0, s.day - 7 * (o.weeks ?? 4));
        const span = s.day - from;
        let sum = 0;
        let sq = 0;
        for (let t = from; t < s.day; t++) {
          const y = s.sales[t] ?? 0;
          sum += y;
          sq += y * y;
        }
        const m = span > 0 ? sum / span : 0;
        const sd = span > 1 ? Math.sqrt(Math.max(0, (sq - span * m * m) / (span - 1))) : 0;
        const cover = s.leadTimeDays + s.reviewPeriodDays;
        const min = m * cover + z * sd * Math.sqrt(cover);
        levels = { min, max: min + m * s.reviewPeriodDays, setOn: s.day };
      }
      const position = s.onHand + s.onOrder;
      if (position > levels.min) return 0;
      return Math.ceil((levels.max - position) / pack - 1e-9) * pack;
    },
  };
}

/** Highest safety factor tried when min/max is tuned to a fill (beyond it, it is said to not reach it). */
export const MIN_MAX_Z_MAX = 8;

/**
 * The smallest safety factor z (to 2^-steps of the range) at which min/max fills at least `fill`,
 * by bisection on z in [-4, MIN_MAX_Z_MAX]; `run(z)` replays min/max at z. Below 0 too: min/max covers
 * lead time plus review, so even without safety stock it can fill more than a target, and equal fill
 * then needs a min under the expected demand. Null result where even the top z does not reach it.
 */
export function minMaxZForFill<T>(run: (z: number) => T, fillOf: (r: T) => number, fill: number, steps = 14): { z: number; result: T | null } {
  let hi = MIN_MAX_Z_MAX;
  let best = run(hi);
  if (fillOf(best) < fill) return { z: hi, result: null };
  let lo = -4;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    const r = run(mid);
    if (fillOf(r) >= fill) {
      hi = mid;
      best = r;
    } else lo = mid;
  }
  return { z: hi, result: best };
}
