/**
 * The uncertainty of TSB's level, worked by hand: a smoothed mean of a stationary process has
 * variance sigma^2 alpha / (2 - alpha), never below the sample's sigma^2 / n; the probability's
 * and the size's relative errors add in squares.
 */
import { describe, expect, it } from 'vitest';
import { demandEvents } from '../../../../pipelines/forecast/intermittent/events.ts';
import { tsbLevelCv } from '../../../../pipelines/forecast/intermittent/tsb.ts';

describe('tsbLevelCv', () => {
  it('is 0 for a series that never varies, and for one without demand', () => {
    expect(tsbLevelCv(demandEvents(new Float64Array(30).fill(4)))).toBe(0);
    expect(tsbLevelCv(demandEvents(new Float64Array(30)))).toBe(0);
  });

  it('demand every other day of one size: only the probability is uncertain', () => {
    // 20 days, 10 demands of 2: p = 0.5, fewer than 20 demands so alpha = beta = 0.1.
    // cv^2 = (1 - p) / p * max(0.1 / 1.9, 1 / 20) = 0.1 / 1.9.
    const y = Float64Array.from({ length: 20 }, (_, t) => (t % 2 ? 2 : 0));
    expect(tsbLevelCv(demandEvents(y))).toBeCloseTo(Math.sqrt(0.1 / 1.9), 12);
  });

  it('sizes that vary add their own term; a short history is bounded by the sample', () => {
    // 6 days, 3 demands of 1, 3 and 5 (mean 3, sample variance 4): p = 0.5.
    // probability: 1 * max(0.1 / 1.9, 1 / 6) = 1 / 6; size: (4 / 9) * max(0.1 / 1.9, 1 / 3) = 4 / 27.
    const y = new Float64Array([1, 0, 3, 0, 5, 0]);
    expect(tsbLevelCv(demandEvents(y), { alphaSize: 0.1, alphaProbability: 0.1 })).toBeCloseTo(Math.sqrt(1 / 6 + 4 / 27), 12);
  });
});
