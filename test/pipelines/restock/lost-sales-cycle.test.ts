import { describe, expect, it } from 'vitest';
import { countDistribution, expectedShortfall } from '../../../pipelines/restock/demand-distribution.ts';
import { expectedShortagePerCycle } from '../../../pipelines/restock/fill-rate.ts';
import { cycleFillRate, cycleShortage, cycleStockoutProb, leftoverAtArrival, orderForFillRate } from '../../../pipelines/restock/lost-sales-cycle.ts';
import { createRng, poisson } from '../../../pipelines/restock/random.ts';

const E1 = Math.exp(-1);
const E2 = Math.exp(-2);
const LOSS2 = 4 * E2;
const LOSS3 = LOSS2 - (1 - 5 * E2);

describe('lost-sales cycle', () => {
  // One unit in stock, one day of Poisson(1) before arrival: one left with P(D_L = 0) = e^-1, else none.
  const cycle = { leftover: leftoverAtArrival(countDistribution(1, 1), 1), review: countDistribution(2, 2), arrivingInCycle: 0 };

  it('leftover at arrival is (X - D_L)+', () => {
    expect(Array.from(cycle.leftover.values)).toEqual([1, 0]);
    expect(cycle.leftover.probs[0]).toBeCloseTo(E1, 12);
    expect(cycle.leftover.probs[1]).toBeCloseTo(1 - E1, 12);
  });

  it('shortage with q = 2: e^-1 L(3) + (1 - e^-1) L(2) = 0.422397 by hand', () => {
    expect(cycleShortage(cycle, 2)).toBeCloseTo(E1 * LOSS3 + (1 - E1) * LOSS2, 10);
    expect(cycleShortage(cycle, 2)).toBeCloseTo(0.422397, 5);
    // P(D_R > 3) = 1 - F(3), P(D_R > 2) = 1 - 5e^-2.
    expect(cycleStockoutProb(cycle, 2)).toBeCloseTo(E1 * (1 - E2 * (19 / 3)) + (1 - E1) * (1 - 5 * E2), 10);
  });

  it('agrees with a Monte Carlo of the same cycle (200k draws)', () => {
    const rng = createRng(42);
    let lost = 0;
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const left = Math.max(0, 1 - poisson(rng, 1));
      lost += Math.max(0, poisson(rng, 2) - left - 2);
    }
    expect(Math.abs(lost / draws - cycleShortage(cycle, 2))).toBeLessThan(0.01);
  });

  it('never expects more shortage than the backorder formula at the same position', () => {
    const lead = countDistribution(6, 10);
    const review = countDistribution(14, 25);
    const protection = countDistribution(20, 35);
    for (const x of [0, 3, 8, 15]) {
      for (const q of [0, 5, 12, 25]) {
        const lost = cycleShortage({ leftover: leftoverAtArrival(lead, x), review, arrivingInCycle: 0 }, q);
        const back = expectedShortagePerCycle({ protection, lead, reviewMean: 14 }, x + q);
        expect(lost).toBeLessThanOrEqual(back + 1e-9);
      }
    }
  });

  it('with no lead time the leftover is the stock itself and the order meets the Poisson hand case', () => {
    const c = { leftover: leftoverAtArrival(countDistribution(0, 0), 0), review: countDistribution(2, 2), arrivingInCycle: 0 };
    expect(cycleFillRate(c, 3)).toBeCloseTo(1 - LOSS3 / 2, 10);
    expect(orderForFillRate(c, 0.9, 'nearest')).toBe(3);
    expect(orderForFillRate(c, 0.9, 'at-least')).toBe(4);
    // Units arriving inside the cycle count like stock.
    expect(cycleShortage({ ...c, arrivingInCycle: 1 }, 2)).toBeCloseTo(expectedShortfall(c.review, 3), 12);
  });

  it('normal lead-time demand: 64 equal-probability points give E[(X - D)+] near sd * 0.3989 at X = mean', () => {
    const lo = leftoverAtArrival(countDistribution(10_000, 10_000), 10_000);
    expect(lo.values.length).toBe(64);
    let m = 0;
    lo.values.forEach((v, i) => (m += v * (lo.probs[i] ?? 0)));
    expect(Math.abs(m - 39.894)).toBeLessThan(1);
  });
});
