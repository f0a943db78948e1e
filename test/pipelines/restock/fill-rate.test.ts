import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../pipelines/errors.ts';
import { countDistribution } from '../../../pipelines/restock/demand-distribution.ts';
import { expectedFillRate, expectedShortagePerCycle, orderUpToForFillRate } from '../../../pipelines/restock/fill-rate.ts';
import type { CycleDistributions } from '../../../pipelines/restock/fill-rate.ts';

const E1 = Math.exp(-1);
const E2 = Math.exp(-2);
// Loss function of Poisson(2) at 2, 3, 4 by hand: 4e^-2, then subtract P(D > 2), P(D > 3).
const LOSS2 = 4 * E2;
const LOSS3 = LOSS2 - (1 - 5 * E2);
const LOSS4 = LOSS3 - (1 - E2 * (1 + 2 + 2 + 8 / 6));

describe('backorder fill-rate math', () => {
  // No lead time, one-day review, Poisson(2) a day: ESC(S) = E[(D - S)+] and fill = 1 - ESC / 2.
  const c: CycleDistributions = { protection: countDistribution(2, 2), lead: countDistribution(0, 0), reviewMean: 2 };

  it('expected fill at S = 3 and 4 is 1 - L(S)/2 = 0.89099 and 0.96243', () => {
    expect(expectedFillRate(c, 3)).toBeCloseTo(1 - LOSS3 / 2, 10);
    expect(expectedFillRate(c, 3)).toBeCloseTo(0.89099, 5);
    expect(expectedFillRate(c, 4)).toBeCloseTo(1 - LOSS4 / 2, 10);
  });

  it("target 90 %: 'at-least' gives 4, 'nearest' gives 3 (0.891 is nearer than 0.962)", () => {
    expect(orderUpToForFillRate(c, 0.9, 'at-least')).toBe(4);
    expect(orderUpToForFillRate(c, 0.9, 'nearest')).toBe(3);
    expect(orderUpToForFillRate(c, 0.95, 'nearest')).toBe(4);
  });

  it('subtracts shortages before arrival: L = R = 1 day of Poisson(1), ESC(2) = 4e^-2 - (3e^-1 - 1)', () => {
    const c2: CycleDistributions = { protection: countDistribution(2, 2), lead: countDistribution(1, 1), reviewMean: 1 };
    expect(expectedShortagePerCycle(c2, 2)).toBeCloseTo(LOSS2 - (3 * E1 - 1), 10);
  });

  it('needs nothing when no demand is expected and rejects targets outside (0, 1)', () => {
    expect(orderUpToForFillRate({ ...c, reviewMean: 0 }, 0.95)).toBe(0);
    expect(() => orderUpToForFillRate(c, 1)).toThrow(CodedError);
  });
});
