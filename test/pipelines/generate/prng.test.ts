import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from '../../../pipelines/generate/prng.ts';

const moments = (xs: number[]): { mean: number; variance: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
};

describe('Rng', () => {
  it('replays the same stream for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 50 }, () => a.nextU32());
    expect(Array.from({ length: 50 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.nextU32())).not.toEqual(sa);
  });

  it('derives independent substreams by label, not by visiting order', () => {
    expect(deriveSeed(1, 'shelf', 3)).toBe(deriveSeed(1, 'shelf', 3));
    expect(deriveSeed(1, 'shelf', 3)).not.toBe(deriveSeed(1, 'shelf', 4));
    expect(deriveSeed(1, 'shelf', 3)).not.toBe(deriveSeed(2, 'shelf', 3));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = new Rng(5);
    const xs = Array.from({ length: 100_000 }, () => r.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const m = moments(xs);
    // Standard error of the mean is sqrt(1/12/1e5) = 0.0009; allow 4.5 of them.
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.004);
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws Poisson counts with variance equal to the mean (small and large means)', () => {
    const r = new Rng(9);
    for (const lambda of [0.3, 4, 80]) {
      const m = moments(Array.from({ length: 40_000 }, () => r.poisson(lambda)));
      expect(Math.abs(m.mean - lambda) / lambda).toBeLessThan(0.03);
      expect(Math.abs(m.variance - lambda) / lambda).toBeLessThan(0.06);
    }
  });

  it('draws gamma variates with mean = shape and variance = shape', () => {
    const r = new Rng(11);
    for (const shape of [0.5, 2.5]) {
      const m = moments(Array.from({ length: 40_000 }, () => r.gamma(shape)));
      expect(Math.abs(m.mean - shape) / shape).toBeLessThan(0.03);
      expect(Math.abs(m.variance - shape) / shape).toBeLessThan(0.08);
    }
  });

  it('draws negative binomial demand with variance mean + mean^2/k and mostly zeros for slow movers', () => {
    const r = new Rng(13);
    const mean = 3;
    const k = 1.5;
    const m = moments(Array.from({ length: 60_000 }, () => r.negBinomial(mean, k)));
    expect(Math.abs(m.mean - mean) / mean).toBeLessThan(0.03);
    // 3 + 9 / 1.5 = 9
    expect(Math.abs(m.variance - 9) / 9).toBeLessThan(0.08);
    // A slow mover: P(0) = (k / (k + mean))^k = (0.5 / 0.6)^0.5 = 0.9129 for mean 0.1, k 0.5.
    const zeros = Array.from({ length: 40_000 }, () => r.negBinomial(0.1, 0.5)).filter((x) => x === 0).length / 40_000;
    expect(Math.abs(zeros - 0.9129)).toBeLessThan(0.006);
  });
});
