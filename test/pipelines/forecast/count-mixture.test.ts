import { describe, expect, it } from 'vitest';
import { blendedCountQuantiles } from '../../../pipelines/forecast/count-mixture.ts';

describe('blendedCountQuantiles', () => {
  it('weight 1 is the empirical quantile of the recent values (smallest k with ECDF >= p)', () => {
    const recent = Float64Array.from([0, 0, 0, 0, 0, 1, 1, 2, 3, 7]);
    // ECDF: F(0) = 0.5, F(1) = 0.7, F(2) = 0.8, F(3) = 0.9, F(7) = 1.
    expect([...blendedCountQuantiles(recent, 5, 3, [0.5, 0.75, 0.9, 0.95], 1)]).toEqual([0, 2, 3, 7]);
  });

  it('weight 0 is the Poisson quantile (hand-computed cdf at mu = 1)', () => {
    // Poisson(1): F(0) = 0.3679, F(1) = 0.7358, F(2) = 0.9197, F(3) = 0.9810.
    expect([...blendedCountQuantiles(new Float64Array(0), 1, 1, [0.3, 0.4, 0.9, 0.95, 0.98], 0)]).toEqual([0, 1, 2, 3, 3]);
  });

  it('half and half: quantiles of the averaged cdf, returned in the order asked', () => {
    // Recent all zero (ECDF 1 from 0) with Poisson(1): G(0) = 0.5 + 0.5 * 0.3679 = 0.684, G(1) = 0.868, G(2) = 0.960.
    const q = blendedCountQuantiles(new Float64Array(12), 1, 1, [0.95, 0.5, 0.8, 0.9], 0.5);
    expect([...q]).toEqual([2, 0, 1, 2]);
  });

  it('negative binomial part: phi = 2 at mu = 2 is NB(size 2, p 0.5) with F(0) = 0.25, F(1) = 0.5, F(2) = 0.6875', () => {
    expect([...blendedCountQuantiles(new Float64Array(0), 2, 2, [0.25, 0.5, 0.6, 0.7], 0)]).toEqual([0, 1, 2, 3]);
  });

  it('zero mean and zero recent demand give zero quantiles; a bad weight is refused', () => {
    expect([...blendedCountQuantiles(new Float64Array(5), 0, 3, [0.5, 0.99])]).toEqual([0, 0]);
    expect(() => blendedCountQuantiles(new Float64Array(1), 1, 1, [0.5], 1.5)).toThrow(/blend weight/);
  });

  it('keeps its shape at large means (the pmf once underflowed past a mean of about 745)', () => {
    // Poisson(1000) and NB(mean 1000, variance 2000) against their normal approximations (skew is tiny there).
    const pois = blendedCountQuantiles(new Float64Array(0), 1000, 1, [0.1, 0.5, 0.9], 0);
    expect(Math.abs(pois[0]! - (1000 - 1.2816 * Math.sqrt(1000)))).toBeLessThan(2);
    expect(Math.abs(pois[1]! - 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(pois[2]! - (1000 + 1.2816 * Math.sqrt(1000)))).toBeLessThan(2);
    const nb = blendedCountQuantiles(new Float64Array(0), 1000, 2, [0.5, 0.9], 0);
    expect(Math.abs(nb[0]! - 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(nb[1]! - (1000 + 1.2816 * Math.sqrt(2000)))).toBeLessThan(3);
  });
});

