/**
 * One restock suggestion for one store and SKU: periodic review, order up to the level whose
 * expected fill rate meets the target, rounded to what the supplier sells, capped for perishables.
 */
import { CodedError } from '../errors.ts';
import { probExceeds, quantile } from './demand-distribution.ts';
import { checkForecast, meanAt, spanDistribution, spanMoments } from './daily-forecast.ts';
import type { DailyDemandForecast } from './daily-forecast.ts';
import { expectedFillRate, expectedShortagePerCycle, orderUpToForFillRate } from './fill-rate.ts';
import type { CycleDistributions, LevelRounding } from './fill-rate.ts';
import { cycleFillRate, cycleShortage, cycleStockoutProb, leftoverAtArrival, orderForFillRate } from './lost-sales-cycle.ts';
import type { LostSalesCycle } from './lost-sales-cycle.ts';
import { perishableCap } from './perishable-cap.ts';
import type { StockBatch } from './perishable-cap.ts';
import { buildReason } from './reason.ts';
import type { EventNote, ReasonDriver } from './reason.ts';

export interface OnOrderLine {
  readonly qty: number;
  /** Days until it arrives (0 = today); unknown is taken as arriving before this order would. */
  readonly arrivesInDays?: number;
}

export interface RestockInput {
  readonly forecast: DailyDemandForecast;
  readonly onHand: number;
  readonly onOrder?: readonly OnOrderLine[];
  readonly leadTimeDays: number;
  readonly reviewPeriodDays: number;
  /** Target share of units demanded that are sold from stock, e.g. 0.95. */
  readonly fillRateTarget: number;
  readonly packSize?: number;
  readonly minOrderUnits?: number;
  readonly unitCost: number;
  readonly unitPrice: number;
  /** Days a unit can be sold after it arrives; null or absent = does not expire. */
  readonly shelfLifeDays?: number | null;
  /** On-hand stock by remaining sellable days, for the perishable cap; absent = on hand does not expire soon. */
  readonly onHandBatches?: readonly StockBatch[];
  readonly event?: EventNote | null;
  /** Actual average daily sales lately (e.g. last 28 days, censoring-corrected), for the trend reason. */
  readonly recentDailyMean?: number | null;
  readonly rounding?: LevelRounding;
  /**
   * Unmet demand is lost (true, the rural default: the shopper buys elsewhere) rather than
   * waiting for the next delivery. Lost sales condition the math on today's stock (see
   * lost-sales-cycle.ts); false uses the classic backorder order-up-to level. @defaultValue true
   */
  readonly lostSales?: boolean;
}

export interface Suggestion {
  readonly orderUpTo: number;
  readonly onHand: number;
  readonly onOrder: number;
  readonly inventoryPosition: number;
  /** orderUpTo - inventoryPosition before rounding (may be negative). */
  readonly rawNeed: number;
  readonly quantity: number;
  readonly cashNeeded: number;
  /** Days the on-hand stock lasts at forecast demand; null when no demand is expected within a year. */
  readonly daysOfCover: number | null;
  /** Chance of running out before this order can arrive (nothing ordered now can change it). */
  readonly stockoutProbBeforeArrival: number;
  /** Chance of running out before the delivery after this one, with the suggested quantity. */
  readonly stockoutProbNextCycle: number;
  readonly expectedFillRate: number;
  readonly expectedFillRateWithoutOrder: number;
  /** Most this order may hold and still sell before expiry; null for non-perishables. */
  readonly perishableCap: number | null;
  readonly unitCost: number;
  readonly unitMargin: number;
  /** Expected margin protected by ordering j packs (j = 0..quantity/packSize), for budget ranking. */
  readonly marginByPacks: Float64Array;
  readonly packSize: number;
  readonly minOrderUnits: number;
  readonly driver: ReasonDriver;
  readonly reason_zh: string;
  readonly reason_en: string;
}

const COVER_HORIZON_DAYS = 366;

export function suggestRestock(input: RestockInput): Suggestion {
  validate(input);
  const fc = input.forecast;
  const L = input.leadTimeDays;
  const R = input.reviewPeriodDays;
  const pack = input.packSize ?? 1;
  const minOrder = input.minOrderUnits ?? 0;
  const lines = input.onOrder ?? [];
  const onOrder = lines.reduce((s, l) => s + l.qty, 0);
  const position = input.onHand + onOrder;

  const protectionMean = spanMoments(fc, 0, L + R).mean;
  const rounding = input.rounding ?? 'nearest';
  let model: CycleModel;
  let orderUpTo: number;
  if (input.lostSales === false) {
    const cycle: CycleDistributions = {
      protection: spanDistribution(fc, 0, L + R),
      lead: spanDistribution(fc, 0, L),
      reviewMean: spanMoments(fc, L, L + R).mean,
    };
    model = backorderModel(cycle, position);
    orderUpTo = orderUpToForFillRate(cycle, input.fillRateTarget, rounding);
  } else {
    const lost = lostSalesModel(fc, L, R, input.onHand, lines);
    model = lost;
    orderUpTo = position + orderForFillRate(lost.cycle, input.fillRateTarget, rounding);
  }
  // Sanity bound: never stock above what the protection period sells with near certainty. With a
  // forecast of ~1e-6 a day the fill-rate ratio (tiny shortage / tiny demand) is numerically
  // meaningless and once asked for 33 bags of urea nobody buys; this cap makes that impossible.
  const ceiling = Math.ceil(quantile(spanDistribution(fc, 0, L + R), 0.999));
  if (orderUpTo > Math.max(position, ceiling)) orderUpTo = Math.max(position, ceiling);
  const rawNeed = orderUpTo - position;

  let quantity = 0;
  if (rawNeed > 0) {
    quantity = roundUp(rawNeed, pack);
    // Whole packs overshoot the target for slow movers (the warehouse backtest filled 94 % at a
    // 90 % target). With 'nearest' rounding, one pack fewer is taken when its expected fill is
    // closer to the target, the same rule the order-up-to level itself follows.
    if (rounding === 'nearest' && pack > 1 && quantity - pack > 0 && quantity - pack >= minOrder) {
      const fewer = quantity - pack;
      const target = input.fillRateTarget;
      if (Math.abs(model.fill(fewer) - target) < Math.abs(model.fill(quantity) - target)) {
        quantity = fewer;
        // The level actually reached is what the shopkeeper should read as "order up to".
        orderUpTo = position + quantity;
      }
    }
    // An order under the supplier minimum is only worth forcing when the shop would otherwise
    // expect to sell out before the next chance to order arrives.
    if (quantity < minOrder) quantity = position < protectionMean ? roundUp(minOrder, pack) : 0;
  }
  const shelf = input.shelfLifeDays ?? null;
  let cap: number | null = null;
  let capBinding = false;
  if (shelf !== null) {
    cap = perishableCap(fc, L, shelf, input.onHand, input.onHandBatches, lines);
    const allowed = Math.floor(cap / pack + 1e-9) * pack;
    if (quantity > allowed) {
      capBinding = true;
      quantity = allowed >= minOrder ? allowed : 0;
    }
  }

  const unitMargin = input.unitPrice - input.unitCost;
  const packs = Math.round(quantity / pack);
  const marginByPacks = new Float64Array(packs + 1);
  const shortNow = model.shortage(0);
  for (let j = 1; j <= packs; j++) marginByPacks[j] = Math.max(0, shortNow - model.shortage(j * pack)) * unitMargin;

  const available = input.onHand + lines.filter((l) => (l.arrivesInDays ?? 0) < L).reduce((s, l) => s + l.qty, 0);
  const daysOfCover = coverDays(fc, input.onHand);
  const reason = buildReason({
    quantity,
    rawNeed,
    orderUpTo,
    onHand: input.onHand,
    onOrder,
    daysOfCover,
    leadTimeDays: L,
    minOrderUnits: minOrder,
    shelfLifeDays: shelf,
    capBinding,
    event: input.event ?? null,
    forecastDailyMean: protectionMean / (L + R),
    recentDailyMean: input.recentDailyMean ?? null,
  });
  return {
    orderUpTo,
    onHand: input.onHand,
    onOrder,
    inventoryPosition: position,
    rawNeed,
    quantity,
    cashNeeded: quantity * input.unitCost,
    daysOfCover,
    stockoutProbBeforeArrival: L > 0 ? probExceeds(spanDistribution(fc, 0, L), available) : 0,
    stockoutProbNextCycle: model.stockout(quantity),
    expectedFillRate: model.fill(quantity),
    expectedFillRateWithoutOrder: model.fill(0),
    perishableCap: cap,
    unitCost: input.unitCost,
    unitMargin,
    marginByPacks,
    packSize: pack,
    minOrderUnits: minOrder,
    driver: reason.driver,
    reason_zh: reason.zh,
    reason_en: reason.en,
  };
}

/** The cycle outcome as a function of the quantity ordered now, under either demand model. */
interface CycleModel {
  shortage(q: number): number;
  fill(q: number): number;
  stockout(q: number): number;
}

function backorderModel(c: CycleDistributions, position: number): CycleModel {
  return {
    shortage: (q) => expectedShortagePerCycle(c, position + q),
    fill: (q) => expectedFillRate(c, position + q),
    stockout: (q) => probExceeds(c.protection, position + q),
  };
}

function lostSalesModel(fc: DailyDemandForecast, L: number, R: number, onHand: number, lines: readonly OnOrderLine[]): CycleModel & { readonly cycle: LostSalesCycle } {
  let before = onHand;
  let during = 0;
  for (const l of lines) {
    const at = l.arrivesInDays ?? 0;
    if (at < L) before += l.qty;
    else if (at < L + R) during += l.qty;
  }
  const cycle: LostSalesCycle = {
    leftover: leftoverAtArrival(spanDistribution(fc, 0, L), before),
    review: spanDistribution(fc, L, L + R),
    arrivingInCycle: during,
  };
  return {
    cycle,
    shortage: (q) => cycleShortage(cycle, q),
    fill: (q) => cycleFillRate(cycle, q),
    stockout: (q) => cycleStockoutProb(cycle, q),
  };
}

/** Days until cumulative forecast demand reaches `stock`, interpolating within the last day. */
export function coverDays(fc: DailyDemandForecast, stock: number): number | null {
  if (stock <= 0) return 0;
  let left = stock;
  for (let i = 0; i < COVER_HORIZON_DAYS; i++) {
    const m = meanAt(fc, i);
    if (m >= left) return i + left / m;
    left -= m;
  }
  return null;
}

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step - 1e-9) * step;
}

function validate(input: RestockInput): void {
  checkForecast(input.forecast);
  const ints: [string, number | undefined][] = [
    ['leadTimeDays', input.leadTimeDays],
    ['reviewPeriodDays', input.reviewPeriodDays],
  ];
  for (const [name, v] of ints) {
    if (v === undefined || !Number.isInteger(v) || v < 0) throw new CodedError('BAD_ARGUMENT', `${name} must be an integer >= 0, got ${v}`);
  }
  if (input.reviewPeriodDays < 1) throw new CodedError('BAD_ARGUMENT', 'reviewPeriodDays must be at least 1');
  if (!(input.onHand >= 0)) throw new CodedError('BAD_ARGUMENT', `onHand must be >= 0, got ${input.onHand}`);
  if (input.packSize !== undefined && !(input.packSize > 0)) throw new CodedError('BAD_ARGUMENT', `packSize must be > 0, got ${input.packSize}`);
  if (input.minOrderUnits !== undefined && !(input.minOrderUnits >= 0)) throw new CodedError('BAD_ARGUMENT', `minOrderUnits must be >= 0`);
  if (!(input.unitCost >= 0) || !(input.unitPrice >= 0)) throw new CodedError('BAD_ARGUMENT', 'unitCost and unitPrice must be >= 0');
  const shelf = input.shelfLifeDays;
  if (shelf !== undefined && shelf !== null && !(Number.isInteger(shelf) && shelf >= 1)) {
    throw new CodedError('BAD_ARGUMENT', `shelfLifeDays must be an integer >= 1 or null, got ${shelf}`);
  }
  for (const l of input.onOrder ?? []) {
    if (!(l.qty >= 0)) throw new CodedError('BAD_ARGUMENT', `on-order quantity must be >= 0, got ${l.qty}`);
  }
}
