import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../pipelines/errors.ts';
import { coverDays, suggestRestock } from '../../../pipelines/restock/suggest.ts';
import type { RestockInput } from '../../../pipelines/restock/suggest.ts';

const E2 = Math.exp(-2);
const LOSS3 = 4 * E2 - (1 - 5 * E2);
const flat = (m: number, n = 28) => ({ mean: new Float64Array(n).fill(m) });

// Poisson 2 a day, delivery the same day, daily review: the order must carry one day of demand.
const base: RestockInput = {
  forecast: flat(2),
  onHand: 0,
  leadTimeDays: 0,
  reviewPeriodDays: 1,
  fillRateTarget: 0.9,
  unitCost: 5,
  unitPrice: 8,
};

describe('suggestRestock', () => {
  it('orders nothing for an item forecast to sell about nothing, however wide its spread', () => {
    // The warehouse run's urea case: mean 2.4e-6 a day with a q0.9 near 0.19 made the fill-rate
    // ratio (tiny shortage / tiny demand) look like 2 % and asked for 33 bags.
    const s = suggestRestock({
      ...base,
      forecast: { mean: new Float64Array(28).fill(2.4e-6), variance: new Float64Array(28).fill(0.03) },
      onHand: 2,
      leadTimeDays: 5,
      reviewPeriodDays: 7,
      unitCost: 83.85,
    });
    expect(s.quantity).toBe(0);
    expect(s.orderUpTo).toBeLessThanOrEqual(2);
  });

  it('orders the nearest-fill quantity (3, fill 0.891) and costs it', () => {
    const s = suggestRestock(base);
    expect(s.quantity).toBe(3);
    expect(s.orderUpTo).toBe(3);
    expect(s.expectedFillRate).toBeCloseTo(1 - LOSS3 / 2, 10);
    expect(s.expectedFillRateWithoutOrder).toBe(0);
    expect(s.cashNeeded).toBe(15);
    expect(s.driver).toBe('low-stock');
    expect(suggestRestock({ ...base, rounding: 'at-least' }).quantity).toBe(4);
  });

  it('rounds up to the pack, and lifts to the minimum order only when stock will not last', () => {
    expect(suggestRestock({ ...base, packSize: 6 }).quantity).toBe(6);
    // Short of 3 with nothing on hand: the minimum 10 rounds up to two packs of 6.
    expect(suggestRestock({ ...base, packSize: 6, minOrderUnits: 10 }).quantity).toBe(12);
    // Two on hand cover the expected two a day: short of one unit, not worth a minimum order.
    const wait = suggestRestock({ ...base, onHand: 2, packSize: 6, minOrderUnits: 10 });
    expect(wait.rawNeed).toBe(1);
    expect(wait.quantity).toBe(0);
    expect(wait.driver).toBe('below-minimum');
    expect(wait.reason_en).toBe('Short by 1, below the minimum order of 10; wait for next review; 2 left, runs out in about 1 day');
  });

  it('caps perishables at expected sales within the shelf life', () => {
    const s = suggestRestock({ ...base, fillRateTarget: 0.95, shelfLifeDays: 1 });
    expect(s.perishableCap).toBeCloseTo(2, 12);
    expect(s.quantity).toBe(2);
    expect(s.driver).toBe('perishable-cap');
    expect(s.reason_en).toBe('Perishable (1-day shelf life): ordering only the 2 that sell before expiry; out of stock');
  });

  it('gives the Spring Festival reason from the brief word for word', () => {
    const s = suggestRestock({
      ...base,
      forecast: flat(2),
      onHand: 4,
      leadTimeDays: 2,
      reviewPeriodDays: 7,
      event: { name_zh: '春节', name_en: 'Spring Festival', daysAway: 12, factor: 3.1 },
    });
    expect(s.daysOfCover).toBeCloseTo(2, 12);
    expect(s.quantity).toBeGreaterThan(0);
    expect(s.reason_zh).toBe('春节还有12天，需求约为平时3倍；剩4件，约2天卖完');
    expect(s.reason_en).toBe('Spring Festival in 12 days, demand about 3x normal; 4 left, runs out in about 2 days');
  });

  it('stock-out chance before arrival: 3 on hand, Poisson(1) a day for 2 days -> 1 - F(3) of Poisson(2)', () => {
    const s = suggestRestock({ ...base, forecast: flat(1), onHand: 3, leadTimeDays: 2, reviewPeriodDays: 7 });
    expect(s.stockoutProbBeforeArrival).toBeCloseTo(1 - E2 * (1 + 2 + 2 + 8 / 6), 10);
    expect(s.stockoutProbNextCycle).toBeGreaterThan(0);
    expect(s.stockoutProbNextCycle).toBeLessThan(0.5);
  });

  it('says so when nothing is needed, and explains a rising trend', () => {
    const none = suggestRestock({ ...base, forecast: flat(1), onHand: 100, leadTimeDays: 1, reviewPeriodDays: 7 });
    expect(none.quantity).toBe(0);
    expect(none.reason_en).toBe('Enough stock, no order needed; 100 left, runs out in about 100 days');
    expect(none.reason_zh).toBe('库存够用，不用订；剩100件，约100天卖完');
    const trend = suggestRestock({ ...base, forecast: flat(2), onHand: 10, leadTimeDays: 1, reviewPeriodDays: 7, recentDailyMean: 1 });
    expect(trend.driver).toBe('trend');
    expect(trend.reason_en).toBe('Demand rising: about 2 a day vs 1 recently; 10 left, runs out in about 5 days');
  });

  it('counts on-order stock in the position and due-in-cycle deliveries in the cycle', () => {
    const without = suggestRestock({ ...base, forecast: flat(3), leadTimeDays: 2, reviewPeriodDays: 7, fillRateTarget: 0.95 });
    const withOrder = suggestRestock({ ...base, forecast: flat(3), leadTimeDays: 2, reviewPeriodDays: 7, fillRateTarget: 0.95, onOrder: [{ qty: 10, arrivesInDays: 1 }] });
    expect(withOrder.inventoryPosition).toBe(10);
    expect(withOrder.quantity).toBeLessThan(without.quantity);
  });

  it('margin protected grows with each pack at a falling rate (expected shortage is convex)', () => {
    const s = suggestRestock({ ...base, forecast: flat(4), leadTimeDays: 2, reviewPeriodDays: 7, packSize: 4, fillRateTarget: 0.95 });
    const m = Array.from(s.marginByPacks);
    expect(m.length).toBe(s.quantity / 4 + 1);
    expect(m[0]).toBe(0);
    for (let j = 1; j < m.length; j++) {
      expect(m[j]!).toBeGreaterThan(m[j - 1]!);
      if (j >= 2) expect(m[j]! - m[j - 1]!).toBeLessThanOrEqual(m[j - 1]! - (m[j - 2] ?? 0) + 1e-9);
    }
    // Never more than the margin on all demand in the cycle (28 units at 3 yuan).
    expect(m[m.length - 1]!).toBeLessThanOrEqual(28 * 3);
  });

  it('matches the backorder formula when lostSales is false', () => {
    const s = suggestRestock({ ...base, lostSales: false });
    expect(s.orderUpTo).toBe(3);
  });

  it('rejects bad input with BAD_ARGUMENT', () => {
    expect(() => suggestRestock({ ...base, onHand: -1 })).toThrow(CodedError);
    expect(() => suggestRestock({ ...base, reviewPeriodDays: 0 })).toThrow(CodedError);
    expect(() => suggestRestock({ ...base, leadTimeDays: 1.5 })).toThrow(CodedError);
    expect(() => suggestRestock({ ...base, shelfLifeDays: 0 })).toThrow(CodedError);
    expect(() => suggestRestock({ ...base, fillRateTarget: 1 })).toThrow(CodedError);
  });
});

describe('coverDays', () => {
  it('walks the daily means: 4.5 units at 1, 2, 3 a day last 2.5 days', () => {
    expect(coverDays({ mean: Float64Array.of(1, 2, 3, 4) }, 4.5)).toBeCloseTo(2.5, 12);
    expect(coverDays({ mean: Float64Array.of(1) }, 0)).toBe(0);
    expect(coverDays({ mean: Float64Array.of(0) }, 5)).toBeNull();
  });
});
