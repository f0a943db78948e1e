import { describe, expect, it } from 'vitest';
import { autoForecast, recentWindows } from '../../../pipelines/forecast/auto.ts';

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

  it('smooth weekly counts: whole-unit quantiles that keep the weekly shape, tighter than the raw history', () => {
    // Daily sales around 20 on weekdays and 40 at the weekend, with Poisson-like noise from a fixed
    // pattern: the history's own variance is mostly the weekly swing, not noise.
    const noise = [0, 3, -2, 4, -4, 1, -1, 2, -3, 0, 5, -5, 1, -2];
    const y = Float64Array.from({ length: 112 }, (_, t) => (t % 7 >= 5 ? 40 : 20) + noise[t % noise.length]!);
    const fc = autoForecast(y, 7, { period: 7, quantiles: [0.1, 0.5, 0.9] });
    expect(fc.route).toBe('smooth');
    const q90 = fc.quantiles!.get(0.9)!;
    const q10 = fc.quantiles!.get(0.1)!;
    for (let k = 0; k < 7; k++) {
      expect(Number.isInteger(q90[k]!) && Number.isInteger(q10[k]!)).toBe(true);
      expect(q10[k]!).toBeLessThanOrEqual(fc.mean[k]! + 0.5);
      expect(q90[k]!).toBeGreaterThanOrEqual(fc.mean[k]! - 0.5);
    }
    // Weekend steps (t = 117, 118 -> k = 5, 6) sit above the weekdays, as the mean does.
    expect(Math.min(q90[5]!, q90[6]!)).toBeGreaterThan(Math.max(...q90.subarray(0, 5)));
    // The history's dispersion (the weekly swing: variance ~ 90 over mean ~ 26) would put the 80 %
    // interval near 2 x 1.28 x sqrt(3.4 x 20) ~ 21 units wide on a weekday; the errors' dispersion is
    // below Poisson's, so the floor of 1 holds it near 2 x 1.28 x sqrt(20) ~ 11.5.
    expect(q90[0]! - q10[0]!).toBeLessThan(15);
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
