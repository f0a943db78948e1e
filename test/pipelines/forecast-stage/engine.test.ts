import { describe, expect, it } from 'vitest';
import { createEngine, fastForecast, LEVELS_STORED, routedForecast } from '../../../pipelines/forecast-stage/engine.ts';
import { seriesDispersion } from '../../../pipelines/forecast/count-distribution.ts';
import { tsb } from '../../../pipelines/forecast/intermittent.ts';
import { lcg, poisson } from './fixture.ts';

const rand = lcg(5);
const smooth = Array.from({ length: 3 }, () => Float64Array.from({ length: 70 }, (_, t) => poisson(rand, 6 * (t % 7 === 5 ? 1.5 : 1))));
const sparse = Array.from({ length: 3 }, () => Float64Array.from({ length: 70 }, () => poisson(rand, 0.15)));

describe('forecast engine', () => {
  it('routes sparse series to the fast path and smooth ones to the core', async () => {
    const e = createEngine({ workers: 0 });
    const out = await e.forecast([...smooth, ...sparse, new Float64Array(30)], 7);
    await e.close();
    expect(e.stats).toEqual({ core: 3, fast: 3, zero: 1 });
    expect(out[6]!.mean.every((v) => v === 0)).toBe(true);
    for (const f of out) expect(f.quantiles).toHaveLength(5);
  });

  it('the worker pool gives the same forecasts as the in-thread core', async () => {
    const serial = createEngine({ workers: 0, routing: 'full' });
    const pooled = createEngine({ workers: 1, routing: 'full' });
    const a = await serial.forecast(smooth, 7);
    const b = await pooled.forecast(smooth, 7);
    await pooled.close();
    a.forEach((f, i) => {
      expect(b[i]!.model).toBe(f.model);
      for (let k = 0; k < 7; k++) expect(b[i]!.mean[k]).toBeCloseTo(f.mean[k]!, 9);
    });
  }, 30_000);

  it('routedForecast is the in-thread engine, one series at a time', async () => {
    const e = createEngine({ workers: 0 });
    const all = [...smooth, ...sparse];
    const batch = await e.forecast(all, 7);
    await e.close();
    all.forEach((y, i) => {
      const one = routedForecast(y, 7, 7);
      expect(one.model).toBe(batch[i]!.model);
      expect([...one.mean]).toEqual([...batch[i]!.mean]);
      expect(one.quantiles.map((q) => [...q])).toEqual(batch[i]!.quantiles.map((q) => [...q]));
    });
    expect(routedForecast(sparse[0]!, 7, 7).route).toBe('intermittent');
    expect(routedForecast(smooth[0]!, 7, 7).route).not.toBe('intermittent');
  });

  it("fast path quantiles are TSB's own, whole-unit history or fractional", () => {
    const fractional = sparse[1]!.map((v, t) => (t % 10 === 3 ? v + 0.5 : v));
    for (const y of [sparse[0]!, fractional]) {
      const f = fastForecast(y, 7);
      const own = tsb(y, 7, { period: 7, quantiles: LEVELS_STORED });
      expect([...f.mean]).toEqual([...own.mean]);
      LEVELS_STORED.forEach((p, j) => expect([...f.quantiles[j]!]).toEqual([...own.quantiles!.get(p)!].map((v) => Math.max(0, v))));
    }
    // The fractional one is not whole units: Gaussian quantiles, not a count distribution's.
    expect(fastForecast(fractional, 7).quantiles.some((q) => q.some((v) => !Number.isInteger(v)))).toBe(true);
  });

  it('fast path: TSB level near the true rate, leading missing days skipped', () => {
    const y = new Float64Array(400).fill(Number.NaN);
    for (let t = 100; t < 400; t++) y[t] = poisson(rand, 0.3);
    const f = fastForecast(y, 7);
    expect(f.mean[0]).toBeGreaterThan(0.15);
    expect(f.mean[0]).toBeLessThan(0.5);
    expect(f.quantiles[4]![0]).toBeGreaterThanOrEqual(f.quantiles[0]![0]!);
    // The dispersion of the known history, the one its negative binomial quantiles use.
    expect(f.dispersion).toBe(seriesDispersion(y.subarray(100)));
    expect(f.dispersion).toBeGreaterThanOrEqual(1);
    expect(routedForecast(smooth[0]!, 7, 7).dispersion).toBeNaN();
  });
});
