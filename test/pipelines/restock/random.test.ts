import { describe, expect, it } from 'vitest';
import { createRng, gamma, negBinomial, poisson } from '../../../pipelines/restock/random.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('seeded draws', () => {
  it('repeat exactly for the same seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 5; i++) expect(a.uniform()).toBe(b.uniform());
  });

  it('NB(mean 4, size 2) has mean 4 and variance 4 + 16/2 = 12', () => {
    const rng = createRng(1);
    const m = moments(() => negBinomial(rng, 4, 2), 50_000);
    // Standard errors: sqrt(12 / 50000) = 0.015 for the mean; the variance is looser.
    expect(Math.abs(m.mean - 4)).toBeLessThan(0.07);
    expect(Math.abs(m.variance - 12)).toBeLessThan(0.6);
  });

  it('Poisson and gamma draws have their textbook moments', () => {
    const rng = createRng(2);
    const p = moments(() => poisson(rng, 3), 50_000);
    expect(Math.abs(p.mean - 3)).toBeLessThan(0.05);
    expect(Math.abs(p.variance - 3)).toBeLessThan(0.15);
    const g = moments(() => gamma(rng, 0.5, 2), 50_000);
    expect(Math.abs(g.mean - 1)).toBeLessThan(0.04);
    expect(Math.abs(g.variance - 2)).toBeLessThan(0.2);
  });
});
