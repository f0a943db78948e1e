import { describe, expect, it } from 'vitest';
import { cdfFromQuantiles, pitLevels, randomizedCoverage } from '../../../pipelines/forecast/count-coverage.ts';
import { countQuantileMap } from '../../../pipelines/forecast/count-distribution.ts';

describe('randomized PIT coverage for counts', () => {
  it('reads the CDF back from a quantile grid (Poisson(1): F(0) = 0.368, F(1) = 0.736)', () => {
    const levels = Float64Array.from(pitLevels());
    const qmap = countQuantileMap(Float64Array.of(1), 1, [...levels]);
    const q = Float64Array.from(levels, (p) => qmap.get(p)![0]!);
    // Largest grid level <= the true CDF value: 0.365 and 0.735.
    expect(cdfFromQuantiles(levels, q, 0)).toBeCloseTo(0.365, 12);
    expect(cdfFromQuantiles(levels, q, 1)).toBeCloseTo(0.735, 12);
    expect(cdfFromQuantiles(levels, q, -1)).toBe(0);
    expect(cdfFromQuantiles(levels, q, 50)).toBe(1);
  });

  it('splits the mass of an endpoint: PIT on [0, 0.6] covers [0.1, 0.9] with probability 0.5/0.6', () => {
    expect(randomizedCoverage(0, 0.6, 0.1, 0.9)).toBeCloseTo(0.5 / 0.6, 12);
    expect(randomizedCoverage(0.95, 1, 0.1, 0.9)).toBe(0);
    expect(randomizedCoverage(0.3, 0.3, 0.1, 0.9)).toBe(1);
  });

  it('a calibrated count forecast covers its nominal share on average (exact Poisson(1) sum)', () => {
    // E over y ~ Poisson(1) of the coverage of [0.1, 0.9] is exactly 0.8 for the true CDF.
    let F = 0;
    let pmf = Math.exp(-1);
    let expected = 0;
    for (let y = 0; y < 30; y++) {
      const below = F;
      F += pmf;
      expected += pmf * randomizedCoverage(below, F, 0.1, 0.9);
      pmf /= y + 1;
    }
    expect(expected).toBeCloseTo(0.8, 10);
  });
});
