import { describe, expect, it } from 'vitest';
import {
  autoTheta, classicTheta, dynamicTheta, fillGaps, fitTheta, linearTrend, optimisedTheta, theta,
} from '../../../pipelines/forecast/theta.ts';

const line = (n: number, a: number, b: number): Float64Array => Float64Array.from({ length: n }, (_, t) => a + b * t);

describe('standard Theta (SES + half-slope drift)', () => {
  it('continues a noiseless line with half the slope', () => {
    // Theory: the theta=0 line is the data itself and SES (alpha -> 1) forecasts the last value, so
    // the equal-weight combination moves b/2 per step from the last observation.
    const y = line(30, 3, 2);
    const f = theta(y, 5);
    const last = y[29]!;
    for (let k = 1; k <= 5; k++) expect(f.mean[k - 1]).toBeCloseTo(last + k * 1, 2);
    expect(f.model).toBe('Theta');
    // The original two-line form says the same: half the line plus SES of the theta=2 line.
    const c = classicTheta(y, 5);
    for (let k = 1; k <= 5; k++) expect(c.mean[k - 1]).toBeCloseTo(last + k * 1, 2);
  });

  it('reproduces the Hyndman-Billah drift formula for a fitted alpha', () => {
    // Noisy upward series; check mean[k] - mean[0] = k * b/2 exactly (the drift is linear in k).
    const y = Float64Array.from({ length: 40 }, (_, t) => 10 + 0.5 * t + Math.sin(t * 1.7) * 2);
    const f = theta(y, 4);
    const b = linearTrend(y).slope;
    for (let k = 1; k < 4; k++) expect(f.mean[k]! - f.mean[0]!).toBeCloseTo((k * b) / 2, 10);
  });

  it('gives a flat forecast on a constant series and widening intervals', () => {
    const f = theta(new Float64Array(20).fill(7), 3, { quantiles: [0.1, 0.9] });
    for (const v of f.mean) expect(v).toBeCloseTo(7, 8);
    const fit = fitTheta(line(25, 1, 0).map((v, t) => v + (t % 3)), 'standard');
    expect(fit.alpha).toBeGreaterThan(0);
    expect(fit.alpha).toBeLessThan(1);
  });

  it('puts the season back on a seasonal series', () => {
    const s = [0.7, 0.8, 1.0, 1.2, 1.3, 1.0, 0.9, 1.1, 1.2, 1.0, 0.9, 0.9];
    const y = Float64Array.from({ length: 72 }, (_, t) => 100 * s[t % 12]!);
    const f = theta(y, 12, { period: 12 });
    for (let k = 0; k < 12; k++) expect(f.mean[k]).toBeCloseTo(100 * s[(72 + k) % 12]!, 6);
  });
});

describe('OTM and DOTM (Fiorucci et al. 2016)', () => {
  it('follow a noiseless line (theta -> infinity puts all weight on the trend)', () => {
    const y = line(30, 3, 2);
    const o = optimisedTheta(y, 4);
    const d = dynamicTheta(y, 4);
    for (let k = 1; k <= 4; k++) {
      // OTM's full-sample line is the data, so the fit is exact.
      expect(o.mean[k - 1]).toBeCloseTo(3 + 2 * (29 + k), 4);
      // DOTM's line needs two points before it has a slope, so its first two one-step errors
      // cannot both vanish and the optimum is a hair off the line: within 0.1 here.
      expect(Math.abs(d.mean[k - 1]! - (3 + 2 * (29 + k)))).toBeLessThan(0.1);
    }
  });

  it('OTM with a fixed theta = 2 reaches no lower SSE than the optimised theta', () => {
    const y = Float64Array.from({ length: 48 }, (_, t) => 20 + 0.3 * t + 3 * Math.cos(t * 0.9));
    const otm = fitTheta(y, 'optimised');
    expect(otm.weight).toBeGreaterThanOrEqual(0);
    expect(otm.weight).toBeLessThanOrEqual(1);
    // In-sample fitted values must reproduce the reported SSE.
    let sse = 0;
    for (let t = 0; t < y.length; t++) sse += (y[t]! - otm.fitted[t]!) ** 2;
    expect(sse).toBeCloseTo(otm.sse, 6);
  });
});

describe('shift equivariance', () => {
  it('adding a constant to the data adds it to every variant\'s forecast', () => {
    const y = Float64Array.from({ length: 36 }, (_, t) => 5 + 0.4 * t + 3 * Math.sin(t * 1.3));
    const up = y.map((v) => v + 1000);
    for (const m of [theta, classicTheta, optimisedTheta, dynamicTheta]) {
      const a = m(y, 3).mean;
      const b = m(up, 3).mean;
      for (let k = 0; k < 3; k++) expect(b[k]! - a[k]!).toBeCloseTo(1000, 6);
    }
  });
});

describe('autoTheta and edge cases', () => {
  it('chooses a variant and returns quantiles around the mean', () => {
    const y = Float64Array.from({ length: 60 }, (_, t) => 50 + 0.8 * t + 4 * Math.sin(t));
    const f = autoTheta(y, 6, { quantiles: [0.05, 0.5, 0.95] });
    expect(['Theta', 'DOTM']).toContain(f.model);
    for (let k = 0; k < 6; k++) {
      expect(f.quantiles!.get(0.05)![k]).toBeLessThan(f.mean[k]!);
      expect(f.quantiles!.get(0.5)![k]).toBeCloseTo(f.mean[k]!, 8);
      expect(f.quantiles!.get(0.95)![k]).toBeGreaterThan(f.mean[k]!);
    }
    expect(Number.isFinite(f.aicc!)).toBe(true);
  });

  it('does not throw on short, empty, all-missing or gappy input', () => {
    expect(Array.from(autoTheta(new Float64Array(0), 2).mean)).toEqual([0, 0]);
    expect(Array.from(theta(Float64Array.from([4, 5]), 2).mean)).toEqual([5, 5]);
    expect(Array.from(theta(Float64Array.from([Number.NaN, Number.NaN]), 1).mean)).toEqual([0]);
    const gappy = Float64Array.from({ length: 30 }, (_, t) => (t % 7 === 3 ? Number.NaN : 10 + t));
    expect(Number.isFinite(dynamicTheta(gappy, 3).mean[2]!)).toBe(true);
  });

  it('fillGaps interpolates inside and carries the ends', () => {
    expect(Array.from(fillGaps(Float64Array.from([Number.NaN, 1, Number.NaN, 3, Number.NaN])))).toEqual([1, 1, 2, 3, 3]);
  });
});
