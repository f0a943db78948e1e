import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../pipelines/errors.ts';
import { simulate } from '../../../pipelines/restock/simulate.ts';
import type { Policy, SimState } from '../../../pipelines/restock/simulate.ts';

const constant = (value: number, days: number) => new Float64Array(days).fill(value);

function fixedOrder(qty: number, seen?: SimState[]): Policy {
  return {
    name: `order ${qty}`,
    decide(s: SimState): number {
      // Copy: the simulator reuses its arrays, and the test inspects them later.
      seen?.push({ ...s, sales: Float64Array.from(s.sales), censored: Uint8Array.from(s.censored) });
      return qty;
    },
  };
}

describe('simulate (hand-walked weeks)', () => {
  it('14 a week against 2 a day: no loss, closing stock 12..0 averages 6', () => {
    const m = simulate(constant(2, 14 + 28), fixedOrder(14), { leadTimeDays: 0, reviewPeriodDays: 7, historyDays: 14, initialOnHand: 0, warmupDays: 0 });
    expect(m).toMatchObject({ days: 28, demand: 56, sold: 56, lost: 0, fillRate: 1, stockoutDays: 0, wasteUnits: 0, ordersPlaced: 4, unitsOrdered: 56 });
    expect(m.averageOnHand).toBeCloseTo(6, 12);
  });

  it('10 a week against 2 a day: two lost days a week, fill 10/14, policy sees censored sales', () => {
    const seen: SimState[] = [];
    const m = simulate(constant(2, 14 + 28), fixedOrder(10, seen), { leadTimeDays: 0, reviewPeriodDays: 7, historyDays: 14, initialOnHand: 0, warmupDays: 0 });
    expect(m.fillRate).toBeCloseTo(10 / 14, 12);
    expect(m.stockoutDays).toBe(8);
    expect(m.lost).toBe(16);
    // Second review (day 21) sees week one: sold 2,2,2,2,2,0,0, and the last three days flagged.
    const s = seen[1] as SimState;
    expect(s.day).toBe(21);
    expect(Array.from(s.sales.subarray(14))).toEqual([2, 2, 2, 2, 2, 0, 0]);
    expect(Array.from(s.censored.subarray(14))).toEqual([0, 0, 0, 0, 1, 1, 1]);
    // The history before the replay is clean and uncensored.
    expect(Array.from(s.censored.subarray(0, 14)).every((c) => c === 0)).toBe(true);
  });

  it('lead time: the order arrives L days later, and stock bridges the gap', () => {
    const seen: SimState[] = [];
    const m = simulate(constant(2, 7 + 28), fixedOrder(14, seen), { leadTimeDays: 2, reviewPeriodDays: 7, historyDays: 7, initialOnHand: 4, warmupDays: 0 });
    // Closing stock each week: 2, 0, 12, 10, 8, 6, 4 (the order lands on day 2).
    expect(m.fillRate).toBe(1);
    expect(m.averageOnHand).toBeCloseTo(42 / 7, 12);
    expect(seen[1]?.onHand).toBe(4);
    expect(seen[0]?.pipeline.length).toBe(0);
  });

  it('perishables: 10 units with a 3-day life against 1 a day waste 7 a week and miss 4 days', () => {
    const m = simulate(constant(1, 7 + 28), fixedOrder(10), { leadTimeDays: 0, reviewPeriodDays: 7, historyDays: 7, initialOnHand: 0, warmupDays: 0, shelfLifeDays: 3 });
    expect(m.wasteUnits).toBe(28);
    expect(m.stockoutDays).toBe(16);
    expect(m.fillRate).toBeCloseTo(3 / 7, 12);
  });

  it('leaves the warm-up out of the metrics', () => {
    const m = simulate(constant(2, 14 + 28), fixedOrder(14), { leadTimeDays: 0, reviewPeriodDays: 7, historyDays: 14, initialOnHand: 0, warmupDays: 7 });
    expect(m.days).toBe(21);
    expect(m.ordersPlaced).toBe(3);
  });

  it('rejects a policy ordering a negative amount and parameters that leave nothing to replay', () => {
    const bad: Policy = { name: 'bad', decide: () => -1 };
    expect(() => simulate(constant(1, 20), bad, { leadTimeDays: 0, reviewPeriodDays: 7, historyDays: 7 })).toThrow(CodedError);
    expect(() => simulate(constant(1, 7), fixedOrder(1), { leadTimeDays: 0, reviewPeriodDays: 7, historyDays: 7 })).toThrow(CodedError);
    expect(() => simulate(constant(1, 20), fixedOrder(1), { leadTimeDays: 0, reviewPeriodDays: 0, historyDays: 7 })).toThrow(CodedError);
  });
});
