import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../pipelines/errors.ts';
import { cdfAt, countDistribution, expectedShortfall, probExceeds, quantile } from '../../../pipelines/restock/demand-distribution.ts';
import { stdNormalCdf, stdNormalLoss } from '../../../pipelines/restock/normal-math.ts';

const E2 = Math.exp(-2);

describe('countDistribution', () => {
  it('gives Poisson(2) probabilities by hand: P(0) = e^-2, P(3) = e^-2 * 8/6', () => {
    const d = countDistribution(2, 2);
    expect(d.kind).toBe('poisson');
    expect(d.pmf[0]).toBeCloseTo(E2, 12);
    expect(d.pmf[3]).toBeCloseTo((E2 * 8) / 6, 12);
  });

  it('matches NB(size 2, mean 4): P(0) = (2/6)^2 = 1/9, P(1) = 1/9 * 2 * 4/6 = 4/27', () => {
    const d = countDistribution(4, 12);
    expect(d.kind).toBe('negbin');
    expect(d.pmf[0]).toBeCloseTo(1 / 9, 12);
    expect(d.pmf[1]).toBeCloseTo(4 / 27, 12);
  });

  it('reproduces the requested mean and variance from its own pmf', () => {
    for (const [m, v] of [[0.3, 0.9], [4, 12], [150, 3000], [1500, 1500]] as const) {
      const d = countDistribution(m, v);
      let s1 = 0;
      let s2 = 0;
      d.pmf.forEach((p, k) => {
        s1 += k * p;
        s2 += k * k * p;
      });
      expect(s1).toBeCloseTo(m, 6);
      expect((s2 - s1 * s1) / v).toBeCloseTo(1, 6);
    }
  });

  it('reads variance below the mean as Poisson and zero mean as a point mass', () => {
    expect(countDistribution(3, 1).kind).toBe('poisson');
    const z = countDistribution(0, 0);
    expect(z.kind).toBe('zero');
    expect(expectedShortfall(z, 0)).toBe(0);
    expect(probExceeds(z, 0)).toBe(0);
  });

  it('rejects negative or non-finite moments with BAD_ARGUMENT', () => {
    expect(() => countDistribution(-1, 1)).toThrow(CodedError);
    expect(() => countDistribution(1, Number.NaN)).toThrow(CodedError);
  });
});

describe('loss function and quantiles', () => {
  it('E[(D - s)+] for Poisson(2): 2, 1 + e^-2, 4 e^-2 at s = 0, 1, 2, linear in between', () => {
    const d = countDistribution(2, 2);
    expect(expectedShortfall(d, 0)).toBeCloseTo(2, 10);
    expect(expectedShortfall(d, 1)).toBeCloseTo(1 + E2, 10);
    expect(expectedShortfall(d, 2)).toBeCloseTo(4 * E2, 10);
    expect(expectedShortfall(d, 1.5)).toBeCloseTo((1 + E2 + 4 * E2) / 2, 10);
    expect(expectedShortfall(d, -1)).toBeCloseTo(3, 10);
  });

  it('quantiles of Poisson(2): F(1) = 3e^-2 < 0.5 <= F(2); F(3) = 0.857 < 0.9 <= F(4) = 0.947', () => {
    const d = countDistribution(2, 2);
    expect(quantile(d, 0.5)).toBe(2);
    expect(quantile(d, 0.9)).toBe(4);
    expect(cdfAt(d, 3)).toBeCloseTo(E2 * (1 + 2 + 2 + 8 / 6), 10);
    expect(() => quantile(d, 1)).toThrow(CodedError);
  });

  it('switches to the normal past 2000 units: loss at the mean = sd * 0.398942, 97.5 % quantile = mean + 1.96 sd', () => {
    const d = countDistribution(10_000, 10_000);
    expect(d.kind).toBe('normal');
    expect(expectedShortfall(d, 10_000)).toBeCloseTo(100 * 0.3989422804, 4);
    expect(Math.abs(quantile(d, 0.975) - 10_196)).toBeLessThanOrEqual(1);
  });

  it('the discrete Poisson(1500) loss at its mean is close to the normal value sqrt(1500) * 0.3989', () => {
    const d = countDistribution(1500, 1500);
    expect(expectedShortfall(d, 1500)).toBeCloseTo(Math.sqrt(1500) * 0.3989422804, 1);
  });
});

describe('normal helpers', () => {
  it('match published standard normal values', () => {
    expect(stdNormalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(stdNormalCdf(-1)).toBeCloseTo(0.15865525393145707, 6);
    // L(1) = pdf(1) - (1 - cdf(1)) = 0.2419707245 - 0.1586552539.
    expect(stdNormalLoss(1)).toBeCloseTo(0.0833154706, 6);
    expect(stdNormalLoss(0)).toBeCloseTo(0.3989422804, 6);
  });

  it('an absurd variance falls back to the normal approximation instead of a RangeError', () => {
    const d = countDistribution(5, 1e19);
    expect(d.kind).toBe('normal');
    expect(d.mean).toBe(5);
    expect(countDistribution(5, 30).kind).not.toBe('normal');
  });
});

