/**
 * Acceptance for issue 4 item 4 on synthetic demand: negative binomial with a weekly rhythm,
 * means from 0.3 to 20 a day and dispersion from heavy (size 0.8) to Poisson, L = 3, R = 7, 56 days
 * of clean history, then a year replayed. Fill rates are pooled over SKUs (units sold / units
 * demanded), which is what the shop experiences.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { movingAverageForecaster } from '../../../pipelines/restock/ma-forecaster.ts';
import { fillRatePolicy, lastPeriodSalesPolicy, minMaxPolicy, minMaxZForFill } from '../../../pipelines/restock/policies.ts';
import { pooledReplay, syntheticSkus, type Pooled } from '../../../pipelines/restock/synthetic.ts';

const skus = syntheticSkus;
const pooled = pooledReplay;

const forecaster = movingAverageForecaster();
const ours = (target: number, correctCensoring = true) => () => fillRatePolicy({ fillRateTarget: target, forecaster, correctCensoring });

describe('restock backtest acceptance', () => {
  const mixed = skus(2026, [0.3, 1, 3, 8, 20], [0.8, 2, 5, Infinity], 60);
  let at90: Pooled;
  let at95: Pooled;
  let minMax: Pooled;
  beforeAll(() => {
    at90 = pooled(mixed, ours(0.9));
    at95 = pooled(mixed, ours(0.95));
    minMax = pooled(mixed, () => minMaxPolicy());
  });

  it('hits 90 % and 95 % fill-rate targets within 2 points', () => {
    expect(Math.abs(at90.fill - 0.9)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(at95.fill - 0.95)).toBeLessThanOrEqual(0.02);
  });

  it('holds less stock than min/max (levels reset monthly) tuned to the same fill rate', () => {
    // Untuned (z = 1.65, covering lead time plus review) min/max overfills; its z is bisected until it
    // fills as ours does, the like-for-like comparison.
    expect(minMax.fill).toBeGreaterThan(at95.fill);
    for (const ref of [at90, at95]) {
      const { result } = minMaxZForFill((z) => pooled(mixed, () => minMaxPolicy({ z })), (r) => r.fill, ref.fill, 12);
      const atFill = result!;
      expect(atFill.fill).toBeGreaterThanOrEqual(ref.fill);
      expect(atFill.fill).toBeLessThan(ref.fill + 0.01);
      expect(ref.inventory).toBeLessThan(atFill.inventory);
    }
  });

  it('beats "order last week\'s sales", which buys its fill rate with far more stock', () => {
    const lastWeek = pooled(mixed, () => lastPeriodSalesPolicy());
    expect(lastWeek.inventory).toBeGreaterThan(1.5 * at95.inventory);
  });

  it('misses the target without the censoring correction (stock-out days read as low demand)', () => {
    const naive = pooled(mixed, ours(0.95, false));
    expect(naive.fill).toBeLessThan(0.935);
    expect(Math.abs(naive.fill - 0.95)).toBeGreaterThan(2 * Math.abs(at95.fill - 0.95));
  });

  it('stays on target for slow movers (0.1 to 0.5 a day), erring high rather than low', () => {
    const slow = skus(7, [0.1, 0.2, 0.3, 0.5], [0.5, 2, Infinity], 48);
    for (const target of [0.9, 0.95]) {
      const r = pooled(slow, ours(target));
      expect(r.fill).toBeGreaterThanOrEqual(target - 0.02);
      expect(r.fill).toBeLessThanOrEqual(target + 0.03);
    }
  });

  it('perishables (5-day life): waste stays a small share of orders, a fraction of min/max', () => {
    const fresh = skus(11, [2, 5, 10], [3, Infinity], 30);
    const r = pooled(fresh, ours(0.9), 5);
    const mm = pooled(fresh, () => minMaxPolicy(), 5);
    expect(r.wasteShare).toBeLessThan(0.15);
    expect(r.wasteShare).toBeLessThan(mm.wasteShare / 3);
    // A weekly delivery of a 5-day product cannot cover 7 days, so fill is bounded near 5/7.
    expect(r.fill).toBeLessThan(5 / 7 + 0.02);
    expect(r.fill).toBeGreaterThan(mm.fill);
  });
});
