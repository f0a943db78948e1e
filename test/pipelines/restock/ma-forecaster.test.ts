import { describe, expect, it } from 'vitest';
import { movingAverageForecaster } from '../../../pipelines/restock/ma-forecaster.ts';

describe('movingAverageForecaster', () => {
  it('levels a steady weekly rhythm: 4 a day with double Saturdays', () => {
    const history = Float64Array.from({ length: 112 }, (_, t) => (t % 7 === 5 ? 8 : 4));
    const f = movingAverageForecaster()(history, 7);
    const week = f.mean.reduce((a, b) => a + b, 0);
    expect(week).toBeGreaterThan(0.95 * 32);
    expect(week).toBeLessThan(1.05 * 32);
    expect(f.mean[(5 - 112 % 7 + 7) % 7]!).toBeGreaterThan(1.5 * f.mean[(6 - 112 % 7 + 7) % 7]!);
  });

  it('stays finite when one weekday never sells (a perishable whose shelf is empty that day every week)', () => {
    // Sales 3 a day except every seventh day, when the weekly delivery's 5-day stock has expired.
    const history = Float64Array.from({ length: 112 }, (_, t) => (t % 7 === 6 ? 0 : 3));
    const f = movingAverageForecaster()(history, 14);
    for (const m of f.mean) expect(Number.isFinite(m)).toBe(true);
    const week = f.mean.subarray(0, 7).reduce((a, b) => a + b, 0);
    expect(week).toBeGreaterThan(0.9 * 18);
    expect(week).toBeLessThan(1.1 * 18);
  });
});
