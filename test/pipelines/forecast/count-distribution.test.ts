import { describe, expect, it } from 'vitest';
import {
  countQuantileMap, logGamma, negBinomialCdf, negBinomialQuantile, poissonCdf, poissonQuantile,
  residualDispersion, seriesDispersion,
} from '../../../pipelines/forecast/count-distribution.ts';
import { CodedError } from '../../../pipelines/errors.ts';

describe('logGamma', () => {
  it('matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8); // ln(100!)
  });
});

describe('Poisson', () => {
  it('cdf at 3 for mean 2 is e^-2 (1 + 2 + 2 + 4/3) = 0.8571234...', () => {
    expect(poissonCdf(3, 2)).toBeCloseTo(0.857123460498547, 12);
    expect(poissonCdf(-1, 2)).toBe(0);
    expect(poissonCdf(5, 0)).toBe(1);
    expect(poissonCdf(1e12, 2)).toBeCloseTo(1, 12); // returns at once rather than summing to 1e12
  });

  it('quantile is the smallest k with F(k) >= p', () => {
    expect(poissonQuantile(2, 0.857)).toBe(3);
    expect(poissonQuantile(2, 0.8572)).toBe(4);
    // Small means: P(0) = e^-0.1 = 0.9048, so the 0.9 quantile is 0 and the 0.95 one is 1.
    expect(poissonQuantile(0.1, 0.9)).toBe(0);
    expect(poissonQuantile(0.1, 0.95)).toBe(1);
    expect(poissonQuantile(0, 0.99)).toBe(0);
  });

  it('large means land where the normal approximation says', () => {
    expect(poissonQuantile(10_000, 0.5)).toBe(10_000);
    const q = poissonQuantile(10_000, 0.975);
    expect(Math.abs(q - (10_000 + 1.96 * 100))).toBeLessThanOrEqual(3);
  });
});

describe('negative binomial', () => {
  it('cdf from its pmf sum: mean 1, size 1/2 gives sqrt(3)/2 at 2', () => {
    // p = size/(size+mean) = 1/3: pmf0 = 3^-1/2, pmf1 = pmf0/3, pmf2 = pmf0/6; sum = 1.5/sqrt(3).
    expect(negBinomialCdf(2, 1, 0.5)).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it('size 1 is geometric: F(k) = 1 - (mu/(1+mu))^(k+1)', () => {
    expect(negBinomialCdf(4, 3, 1)).toBeCloseTo(1 - 0.75 ** 5, 12);
    // 0.75^8 = 0.1001 > 0.1 and 0.75^9 < 0.1, so the 0.9 quantile is k = 8.
    expect(negBinomialQuantile(3, 1, 0.9)).toBe(8);
  });

  it('approaches Poisson as the size grows and rejects bad arguments', () => {
    expect(negBinomialCdf(3, 2, 1e9)).toBeCloseTo(poissonCdf(3, 2), 6);
    expect(() => negBinomialQuantile(1, 0, 0.5)).toThrow(CodedError);
    expect(() => poissonQuantile(-1, 0.5)).toThrow(CodedError);
    expect(() => poissonQuantile(1, 1)).toThrow(CodedError);
  });
});

describe('dispersion and quantile maps', () => {
  it('estimates phi = variance / mean from a series and from residuals', () => {
    // Mean 1, sample variance (1 + 1 + 9 + 1)/3 = 4.
    expect(seriesDispersion(Float64Array.from([0, 0, 4, 0]))).toBeCloseTo(4, 12);
    expect(seriesDispersion(Float64Array.from([2, 2, 2]))).toBe(1);
    expect(seriesDispersion(new Float64Array(5))).toBe(1);
    const y = Float64Array.from([0, 3, 0, 3]);
    const f = Float64Array.from([Number.NaN, 1, 1, 1]);
    // Residuals 2, -1, 2: MSE 3, mean fitted 1.
    expect(residualDispersion(y, f)).toBeCloseTo(3, 12);
  });

  it('gives integer, non-negative quantiles, Poisson at phi = 1 and NB above', () => {
    const mean = Float64Array.from([0, 2, -1, 2]);
    const pois = countQuantileMap(mean, 1, [0.9, 0.5]);
    expect(Array.from(pois.get(0.5)!)).toEqual([0, poissonQuantile(2, 0.5), 0, poissonQuantile(2, 0.5)]);
    const nb = countQuantileMap(mean, 3, [0.5, 0.9, 0.99]);
    // phi = 3 at mean 2: size = 2 / (3 - 1) = 1.
    expect(nb.get(0.9)![1]).toBe(negBinomialQuantile(2, 1, 0.9));
    for (const q of nb.values()) for (const v of q) expect(Number.isInteger(v) && v >= 0).toBe(true);
    expect(nb.get(0.99)![1]).toBeGreaterThanOrEqual(nb.get(0.9)![1]!);
  });
});
