import { describe, expect, it } from 'vitest';
import { gaussianSource, normalQuantile } from '../../../../pipelines/forecast/ets/normal.ts';

describe('normalQuantile', () => {
  it('matches standard normal quantiles (reference: Python statistics.NormalDist().inv_cdf)', () => {
    const ref: [number, number][] = [
      [0.5, 0],
      [0.8, 0.8416212335729144],
      [0.9, 1.2815515655446008],
      [0.975, 1.9599639845400536],
      [0.99, 2.3263478740408408],
      [0.02, -2.0537489106318225],
      [0.001, -3.090232306167813],
    ];
    for (const [p, z] of ref) expect(normalQuantile(p)).toBeCloseTo(z, 7);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('gaussianSource', () => {
  it('is reproducible per seed and close to N(0, 1) in mean and variance', () => {
    const a = gaussianSource(1);
    const b = gaussianSource(1);
    let s = 0;
    let s2 = 0;
    let mismatches = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = a();
      if (x !== b()) mismatches++;
      s += x;
      s2 += x * x;
    }
    expect(mismatches).toBe(0);
    // Standard errors: mean 0.007, variance 0.01.
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });
});
