import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../pipelines/errors.ts';
import { rankUnderBudget } from '../../../pipelines/restock/budget.ts';
import { suggestRestock } from '../../../pipelines/restock/suggest.ts';
import type { Suggestion } from '../../../pipelines/restock/suggest.ts';

const template = suggestRestock({
  forecast: { mean: new Float64Array(7).fill(1) },
  onHand: 0,
  leadTimeDays: 0,
  reviewPeriodDays: 1,
  fillRateTarget: 0.9,
  unitCost: 1,
  unitPrice: 2,
});

function fake(quantity: number, packSize: number, unitCost: number, margins: number[], minOrderUnits = 0): Suggestion {
  return { ...template, quantity, packSize, unitCost, minOrderUnits, cashNeeded: quantity * unitCost, marginByPacks: Float64Array.from(margins) };
}

// A: three packs of 2 at 1 yuan each, step gains 10, 6, 2 (5, 3, 1 per yuan).
// B: two packs of 1 at 4 yuan, step gains 12, 4 (3, 1 per yuan).
const A = fake(6, 2, 1, [0, 10, 16, 18]);
const B = fake(2, 1, 4, [0, 12, 16]);

describe('rankUnderBudget', () => {
  it('funds the best margin per yuan first, in whole packs (budget 8: A, A, B by hand)', () => {
    const plan = rankUnderBudget([A, B], 8);
    expect(plan.spent).toBe(8);
    expect(plan.marginProtected).toBe(28);
    const [first, second] = plan.lines;
    expect(first).toMatchObject({ index: 0, rank: 1, approvedQuantity: 4, cash: 4, marginProtected: 16 });
    expect(second).toMatchObject({ index: 1, rank: 2, approvedQuantity: 1, cash: 4, marginProtected: 12 });
  });

  it('funds everything when the budget allows, and nothing on a zero budget', () => {
    const all = rankUnderBudget([A, B], 1000);
    expect(all.lines.map((l) => l.approvedQuantity)).toEqual([6, 2]);
    expect(all.marginProtected).toBe(34);
    const none = rankUnderBudget([A, B], 0);
    expect(none.spent).toBe(0);
    expect(none.lines.every((l) => l.rank === null && l.approvedQuantity === 0)).toBe(true);
  });

  it('treats the minimum order as one indivisible first step', () => {
    // C must start with 3 units (gain 9 for 3 yuan); 2 yuan cannot start it, so the money goes to A.
    const C = fake(5, 1, 1, [0, 1, 2, 9, 10, 10.5], 3);
    const plan = rankUnderBudget([C, A], 2);
    expect(plan.lines.find((l) => l.index === 0)?.approvedQuantity).toBe(0);
    expect(plan.lines.find((l) => l.index === 1)?.approvedQuantity).toBe(2);
    const more = rankUnderBudget([C], 3);
    expect(more.lines[0]?.approvedQuantity).toBe(3);
    expect(more.marginProtected).toBe(9);
  });

  it('rejects a negative or infinite budget', () => {
    expect(() => rankUnderBudget([A], -1)).toThrow(CodedError);
    expect(() => rankUnderBudget([A], Infinity)).toThrow(CodedError);
  });
});
