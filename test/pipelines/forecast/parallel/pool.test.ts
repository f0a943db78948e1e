import { afterAll, describe, expect, it } from 'vitest';
import { autoForecast } from '../../../../pipelines/forecast/auto.ts';
import { ForecastPool } from '../../../../pipelines/forecast/parallel/pool.ts';

// Deterministic mixed workload: seasonal smooth, intermittent counts, zeros, constants, short ones.
function makeSeries(i: number): Float64Array {
  const n = 20 + (i % 5) * 10;
  return Float64Array.from({ length: n }, (_, t) => {
    switch (i % 5) {
      case 0:
        return 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + t + ((t * 7919 + i) % 13);
      case 1:
        return (t * 31 + i) % 4 === 0 ? 1 + ((t + i) % 3) : 0;
      case 2:
        return 0;
      case 3:
        return 7;
      default:
        return t < n - 5 ? Number.NaN : 3 + (t % 2);
    }
  });
}

describe('ForecastPool', () => {
  const pool = ForecastPool.create({ workers: 2, batchSize: 7 });
  afterAll(async () => {
    await pool.close();
  });

  it('gives exactly the serial results, in input order, without detaching the inputs', async () => {
    const series = Array.from({ length: 40 }, (_, i) => makeSeries(i));
    const options = { period: 12, quantiles: [0.1, 0.5, 0.9] };
    const pooled = await pool.forecastMany(series, 6, options);
    expect(pooled).toHaveLength(40);
    series.forEach((y, i) => {
      const serial = autoForecast(y, 6, options);
      expect(pooled[i]!.model).toBe(serial.model);
      expect(pooled[i]!.route).toBe(serial.route);
      expect([...pooled[i]!.mean]).toEqual([...serial.mean]);
      for (const p of options.quantiles) expect([...pooled[i]!.quantiles!.get(p)!]).toEqual([...serial.quantiles!.get(p)!]);
    });
    // The caller's arrays are copied before transfer, so they are still readable.
    expect(series[0]!.length).toBeGreaterThan(0);
    expect(pooled[2]!.route).toBe('zero');
  });

  it('reports a worker-side error as a rejected promise', async () => {
    await expect(pool.forecastMany([Float64Array.from([1, 2, 3])], -1)).rejects.toThrow(/forecast worker failed/);
  });
});
