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
  /** Weeks of history at the start used to set min and max once. @defaultValue 4 */
  readonly weeks?: number;
  /** Safety factor z. @defaultValue 1.65 */
  readonly z?: number;
  readonly packSize?: number;
}

/**
 * Fixed min/max, the rule of thumb from shop-keeping guides: with daily mean m and standard
 * deviation sd over the first weeks, safety = z sd sqrt(L + R), min = m L + safety,
 * max = min + m R. At each review, if stock on hand plus on order is at or below min, order up to max.
 */
export function minMaxPolicy(o: MinMaxOptions = {}): Policy {
  const z = o.z ?? 1.65;
  const pack = o.packSize ?? 1;
  let levels: { min: number; max: number } | null = null;
  return {
    name: 'fixed min/max',
    decide(s: SimState): number {
      if (levels === null) {
        const span = Math.min(s.day, 7 * (o.weeks ?? 4));
        let sum = 0;
        let sq = 0;
        for (let t = 0; t < span; t++) {
          const y = s.sales[t] ?? 0;
          sum += y;
          sq += y * y;
        }
        const m = span > 0 ? sum / span : 0;
        const sd = span > 1 ? Math.sqrt(Math.max(0, (sq - span * m * m) / (span - 1))) : 0;
        const min = m * s.leadTimeDays + z * sd * Math.sqrt(s.leadTimeDays + s.reviewPeriodDays);
        levels = { min, max: min + m * s.reviewPeriodDays };
      }
      const position = s.onHand + s.onOrder;
      if (position > levels.min) return 0;
      return Math.ceil((levels.max - position) / pack - 1e-9) * pack;
    },
  };
}
