import { describe, expect, it } from 'vitest';
import { lastPeriodSalesPolicy, minMaxPolicy, minMaxZForFill } from '../../../pipelines/restock/policies.ts';
import type { SimState } from '../../../pipelines/restock/simulate.ts';

function state(sales: number[], onHand: number, onOrder = 0): SimState {
  return {
    day: sales.length,
    onHand,
    onOrder,
    pipeline: onOrder > 0 ? [{ qty: onOrder, arrivalDay: sales.length + 1 }] : [],
    batches: [{ qty: onHand, lastDay: Infinity }],
    sales: Float64Array.from(sales),
    censored: new Uint8Array(sales.length),
    leadTimeDays: 3,
    reviewPeriodDays: 7,
    shelfLifeDays: null,
  };
}

describe('naive policies', () => {
  it('last period sales orders what sold in the last 7 days, in packs', () => {
    const sales = [9, 9, 9, 1, 2, 3, 4, 5, 6, 7];
    expect(lastPeriodSalesPolicy().decide(state(sales, 0))).toBe(28);
    expect(lastPeriodSalesPolicy(5).decide(state(sales, 0))).toBe(30);
  });

  it('min/max: steady 2 a day, L = 3, R = 7 -> min covers L + R (20), max 34 (no spread, no safety stock)', () => {
    const sales = new Array<number>(28).fill(2);
    const p = minMaxPolicy();
    expect(p.decide(state(sales, 5))).toBe(29);
    expect(p.decide(state(sales, 4, 2))).toBe(28);
    expect(p.decide(state(sales, 21))).toBe(0);
  });

  it('min/max safety stock is z sd sqrt(L + R): sales alternating 0/4 (sd 2.04) -> min 20 + 1.65 * 2.04 * sqrt(10)', () => {
    const sales = Array.from({ length: 28 }, (_, t) => (t % 2 === 0 ? 0 : 4));
    const sd = Math.sqrt((28 * 4) / 27);
    const min = 20 + 1.65 * sd * Math.sqrt(10);
    const p = minMaxPolicy();
    expect(p.decide(state(sales, Math.floor(min)))).toBe(Math.ceil(min + 14 - Math.floor(min)));
    expect(p.decide(state(sales, Math.ceil(min)))).toBe(0);
  });

  it('min/max resets its levels from the last 4 weeks every 28 days, as a shopkeeper redoes them monthly', () => {
    const p = minMaxPolicy();
    const early = new Array<number>(28).fill(2);
    expect(p.decide(state(early, 21))).toBe(0);
    // Three weeks later the levels still stand (min 20), though sales doubled.
    const later = [...early, ...new Array<number>(21).fill(4)];
    expect(p.decide(state(later, 21))).toBe(0);
    expect(p.decide(state(later, 20))).toBe(14);
    // At four weeks they are redone from the last 28 days at 4 a day: min 40, max 68.
    const reset = [...early, ...new Array<number>(28).fill(4)];
    expect(p.decide(state(reset, 21))).toBe(47);
  });

  it('minMaxZForFill finds the least z that reaches a fill, below 0 too, and says when none does', () => {
    const fillAt = (z: number): number => 1 / (1 + Math.exp(-z)) * 0.99;
    const below = minMaxZForFill(fillAt, (f) => f, 0.3);
    expect(below.z).toBeLessThan(0);
    expect(fillAt(below.z)).toBeGreaterThanOrEqual(0.3);
    expect(fillAt(below.z - 0.01)).toBeLessThan(0.3);
    expect(minMaxZForFill(fillAt, (f) => f, 0.995).result).toBeNull();
  });
});
