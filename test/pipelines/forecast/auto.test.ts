import { describe, expect, it } from 'vitest';
import { autoForecast, recentWindows } from '../../../pipelines/forecast/auto.ts';
import { countQuantileMap, seriesDispersion } from '../../../pipelines/forecast/count-distribution.ts';

describe('autoForecast with the production models', () => {
  it('routes intermittent counts to an intermittent model with whole, non-negative quantiles', () => {
    // Demand of 1-3 units on about one period in four: ADI ~ 4 -> intermittent or lumpy.
    const y = Float64Array.from({ length: 60 }, (_, t) => (t % 4 === 1 ? 1 + (t % 3) : 0));
    const fc = autoForecast(y, 6, { quantiles: [0.1, 0.5, 0.9] });
    expect(['intermittent', 'lumpy']).toContain(fc.route);
    expect(fc.model).toMatch(/Croston|SBA|TSB|ADIDA|IMAPA|RecentMean|RecentMin/);
    for (const p of [0.1, 0.5, 0.9]) for (const v of fc.quantiles!.get(p)!) expect(Number.isInteger(v) && v >= 0).toBe(true);
    // RecentMin over windows 3, 6, 12: the last 6 periods hold one demand of 1 (t = 57), so 1/6, the
    // lowest of 1/3, 1/6 and 6/12; the quantiles stay around the recent level, so q0.9 covers a demand.
    expect(fc.mean[0]).toBeCloseTo(1 / 6, 12);
    expect(fc.quantiles!.get(0.9)![0]).toBeGreaterThanOrEqual(1);
  });

  it('combines ETS and Theta for a smooth seasonal series, with ordered quantiles', () => {
    const y = Float64Array.from({ length: 72 }, (_, t) => 100 + t + 15 * Math.sin((2 * Math.PI * t) / 12) + ((t * 37) % 7) - 3);
    const fc = autoForecast(y, 12, { period: 12, quantiles: [0.05, 0.5, 0.95] });
    expect(fc.route).toBe('smooth');
    expect(fc.model).toMatch(/^Mean\(ETS.*Theta/);
    // Trend of +1 a period from about 170 at t = 71: the next year averages roughly 177.
    const avg = fc.mean.reduce((a, b) => a + b, 0) / 12;
    expect(avg).toBeGreaterThan(170);
    expect(avg).toBeLessThan(185);
    const lo = fc.quantiles!.get(0.05)!;
    const hi = fc.quantiles!.get(0.95)!;
    for (let k = 0; k < 12; k++) expect(lo[k]!).toBeLessThan(hi[k]!);
  });

  it('smooth weekly low counts: count quantiles around the weekly mean path, noise from the errors', () => {
    // About 2 a day on weekdays and 8 at the weekend, with a fixed noise pattern of +-2: the history's own
    // variance is mostly the weekly swing, which the model explains; what it leaves is below Poisson's.
    const noise = [0, 1, -1, 2, -2, 1, 0, -1, 1, 0, 2, -2, 1, -1];
    const y = Float64Array.from({ length: 112 }, (_, t) => (t % 7 >= 5 ? 8 : 2) + noise[t % noise.length]!);
    const levels = [0.1, 0.5, 0.9];
    const fc = autoForecast(y, 7, { period: 7, quantiles: levels });
    expect(fc.route).toBe('smooth');
    // The errors' dispersion is floored at 1: Poisson quantiles step by step around the mean path.
    const poisson = countQuantileMap(fc.mean, 1, levels);
    for (const p of levels) expect([...fc.quantiles!.get(p)!]).toEqual([...poisson.get(p)!]);
    // Weekend steps (t = 117, 118 -> k = 5, 6) sit above the weekdays, as the mean does.
    const q90 = fc.quantiles!.get(0.9)!;
    expect(Math.min(q90[5]!, q90[6]!)).toBeGreaterThan(Math.max(...q90.subarray(0, 5)));
    // The history's dispersion alone would have been well above Poisson's.
    expect(seriesDispersion(y)).toBeGreaterThan(2);
    // Rounded conformal on request: same mean, other quantiles.
    const round = autoForecast(y, 7, { period: 7, quantiles: levels, smoothCounts: 'round' });
    expect([...round.mean]).toEqual([...fc.mean]);
    expect([...round.quantiles!.get(0.9)!]).not.toEqual([...q90]);
  });

  it('recentWindows averages the last h/2, h and 2h known values', () => {
    // h = 2: windows 1, 2, 4 over [.., 1, 2, 3, NaN, 5]: 5, (3+5)/2 = 4, (1+2+3+5)/4 = 2.75 -> 11.75/3.
    const fc = recentWindows(Float64Array.from([9, 1, 2, 3, Number.NaN, 5]), 2);
    expect(fc.mean[0]).toBeCloseTo(11.75 / 3, 12);
  });

  it('rejects a bad horizon', () => {
    expect(() => autoForecast(Float64Array.from([1, 2]), 1.5)).toThrow(/horizon/);
  });
});
