import { describe, expect, it } from 'vitest';
import { fastForecast } from '../../../pipelines/forecast-stage/engine.ts';
import { fillRatePolicy } from '../../../pipelines/restock/policies.ts';
import { dayVariance, stageForecaster } from '../../../pipelines/restock/stage-forecaster.ts';
import { pooledReplay, syntheticSkus } from '../../../pipelines/restock/synthetic.ts';

const Z90 = 1.2815515655446004;

describe('dayVariance', () => {
  it('is mean x dispersion when the forecast says its dispersion, never below the mean', () => {
    expect(dayVariance(0.2, 0, 1, 1.5)).toBeCloseTo(0.3, 12);
    expect(dayVariance(0.2, 0, 1, 0.5)).toBe(0.2);
    expect(dayVariance(0, 0, 0, 2)).toBe(0);
  });

  it('reads the 50-90 % spread as a normal sd otherwise', () => {
    // q50 = 0, q90 = 1 at a mean of 0.2: (1 / z0.9)^2 = 0.609, three times a Poisson variance.
    expect(dayVariance(0.2, 0, 1, Number.NaN)).toBeCloseTo(1 / Z90 ** 2, 12);
    expect(dayVariance(20, 20, 26, Number.NaN)).toBeCloseTo((6 / Z90) ** 2, 12);
    expect(dayVariance(20, 20, 21, Number.NaN)).toBe(20);
  });
});

describe('stageForecaster', () => {
  it('gives the fast path\'s mean and mean x dispersion for a sparse history', () => {
    const y = Float64Array.from({ length: 112 }, (_, t) => (t % 9 === 0 ? 2 : t % 13 === 0 ? 1 : 0));
    const f = stageForecaster()(y, 7);
    const fast = fastForecast(y, 7);
    expect([...f.mean]).toEqual([...fast.mean]);
    for (let i = 0; i < 7; i++) expect(f.variance![i]).toBeCloseTo(Math.max(fast.mean[i]!, fast.mean[i]! * fast.dispersion), 12);
  });

  it('keeps slow movers on their fill-rate target (the quantile reading overshot by 3-4 points)', () => {
    // Slow movers of docs/restock.md (0.1-0.5 a day, NB size 0.5 to Poisson): a quarter of the set keeps it quick.
    const slow = syntheticSkus(7, [0.1, 0.2, 0.3, 0.5], [0.5, 2, Infinity], 48).filter((_, i) => i % 2 === 0);
    for (const target of [0.9, 0.95]) {
      const r = pooledReplay(slow, () => fillRatePolicy({ fillRateTarget: target, forecaster: stageForecaster() }));
      expect(Math.abs(r.fill - target)).toBeLessThan(0.025);
    }
  }, 60_000);
});
