import { describe, expect, it } from 'vitest';
import {
  acf, classicalDecomposition, deseasonalize, reseasonalize, seasonalityTest,
} from '../../../pipelines/forecast/seasonality.ts';

/** Seeded uniform noise so the white-noise case is the same every run. */
function noise(n: number, seed: number): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

describe('acf', () => {
  it('is 1 at lag 0 and follows the biased estimator on an alternating series', () => {
    const y = Float64Array.from({ length: 10 }, (_, t) => (t % 2 === 0 ? 1 : -1));
    const r = acf(y, 2);
    expect(r[0]).toBe(1);
    // Mean 0, c0 = 10, c1 = -9 (nine adjacent pairs of opposite sign): r1 = -0.9; r2 = 8/10.
    expect(r[1]).toBeCloseTo(-0.9, 12);
    expect(r[2]).toBeCloseTo(0.8, 12);
  });
});

describe('seasonalityTest (90 % ACF test at lag m)', () => {
  it('finds a monthly sine seasonal', () => {
    const y = Float64Array.from({ length: 72 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12));
    expect(seasonalityTest(y, 12)).toBe(true);
  });

  it('does not find seasonality in white noise, a constant or a too-short series', () => {
    expect(seasonalityTest(noise(120, 7), 12)).toBe(false);
    expect(seasonalityTest(new Float64Array(60).fill(5), 12)).toBe(false);
    const short = Float64Array.from({ length: 20 }, (_, t) => Math.sin((2 * Math.PI * t) / 12));
    expect(seasonalityTest(short, 12)).toBe(false);
    expect(seasonalityTest(noise(50, 3), 1)).toBe(false);
  });
});

describe('classicalDecomposition', () => {
  it('recovers additive indices exactly on linear trend + season', () => {
    const s = [-1, 2, 0.5, -1.5];
    const y = Float64Array.from({ length: 24 }, (_, t) => 5 + 0.3 * t + s[t % 4]!);
    const d = classicalDecomposition(y, 4, 'additive');
    for (let i = 0; i < 4; i++) expect(d.indices[i]).toBeCloseTo(s[i]!, 10);
  });

  it('recovers multiplicative indices normalised to mean 1', () => {
    const s = [0.8, 1.2, 0.9, 1.3];
    const y = Float64Array.from({ length: 20 }, (_, t) => 50 * s[t % 4]!);
    const d = classicalDecomposition(y, 4, 'multiplicative');
    expect(d.type).toBe('multiplicative');
    for (let i = 0; i < 4; i++) expect(d.indices[i]).toBeCloseTo(s[i]! / 1.05, 10);
    const flat = deseasonalize(y, d);
    for (const v of flat) expect(v).toBeCloseTo(52.5, 8);
    const back = reseasonalize(flat.subarray(0, 4), d, 0);
    for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(y[i]!, 8);
  });

  it('falls back to additive with non-positive data', () => {
    const y = Float64Array.from({ length: 16 }, (_, t) => (t % 4) - 1);
    expect(classicalDecomposition(y, 4, 'multiplicative').type).toBe('additive');
  });
});
