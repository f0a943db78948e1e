import { describe, expect, it } from 'vitest';
import { buildReason } from '../../../pipelines/restock/reason.ts';
import type { ReasonFacts } from '../../../pipelines/restock/reason.ts';

const facts: ReasonFacts = {
  quantity: 12,
  rawNeed: 12,
  orderUpTo: 16,
  onHand: 4,
  daysOfCover: 6.2,
  leadTimeDays: 3,
  minOrderUnits: 0,
  shelfLifeDays: null,
  capBinding: false,
  event: null,
  forecastDailyMean: 1,
  recentDailyMean: null,
};

describe('buildReason', () => {
  it('writes event factors as 1.5x below two, whole numbers above, percentages for a drop', () => {
    const up = buildReason({ ...facts, event: { name_zh: '中秋节', name_en: 'Mid-Autumn Festival', daysAway: 1, factor: 1.5 } });
    expect(up.en).toBe('Mid-Autumn Festival in 1 day, demand about 1.5x normal; 4 left, runs out in about 6 days');
    expect(up.zh).toBe('中秋节还有1天，需求约为平时1.5倍；剩4件，约6天卖完');
    const down = buildReason({ ...facts, event: { name_zh: '农忙', name_en: 'Harvest season', daysAway: 0, factor: 0.6 } });
    expect(down.en).toBe('Harvest season now, demand about 60% of normal; 4 left, runs out in about 6 days');
    expect(down.zh).toBe('正值农忙，需求约为平时的60%；剩4件，约6天卖完');
  });

  it('ignores an event with little effect and falls back to the top-up line', () => {
    const r = buildReason({ ...facts, event: { name_zh: '周末', name_en: 'Weekend', daysAway: 2, factor: 1.1 } });
    expect(r.driver).toBe('top-up');
    expect(r.en).toBe('Top up to 16 to last until the next delivery; 4 left, runs out in about 6 days');
  });

  it('leads with low stock when it runs out before a delivery could arrive', () => {
    const r = buildReason({ ...facts, daysOfCover: 0.4 });
    expect(r.driver).toBe('low-stock');
    expect(r.en).toBe('4 left, runs out within a day; delivery takes 3 days');
    expect(r.zh).toBe('剩4件，不到1天卖完，到货要3天');
  });

  it('reports a falling trend and an item that does not sell', () => {
    const r = buildReason({ ...facts, forecastDailyMean: 0.5, recentDailyMean: 1 });
    expect(r.en).toBe('Demand falling: about 0.5 a day vs 1 recently; 4 left, runs out in about 6 days');
    const idle = buildReason({ ...facts, quantity: 0, rawNeed: -3, daysOfCover: null });
    expect(idle.en).toBe('Enough stock, no order needed; 4 left, no sales expected soon');
  });

  it('never says "enough stock" of a line that is out of stock: names what covers it instead', () => {
    const out = { ...facts, quantity: 0, rawNeed: 0, onHand: 0, daysOfCover: null };
    const covered = buildReason({ ...out, onOrder: 6 });
    expect(covered.en).toBe('Out of stock; the 6 on order cover until the next delivery, no more needed');
    expect(covered.zh).toBe('已断货，在途6件够卖到下次到货，不用再订');
    const idle = buildReason(out);
    expect(idle.en).toBe('Out of stock, but no sales expected before the next delivery: no order');
    for (const r of [covered, idle]) expect(r.en).not.toMatch(/Enough stock/);
    expect(buildReason({ ...facts, quantity: 0, rawNeed: 0 }).en).toBe('Enough stock, no order needed; 4 left, runs out in about 6 days');
  });
});

