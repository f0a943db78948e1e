import { describe, expect, it } from 'vitest';
import { recentMeans, recentMin, recentWindows } from '../../../pipelines/forecast/recent.ts';

describe('recent means', () => {
  // Declining demand: 4 a period for 12 periods, then 2 for 6, then 0 for 6 (h = 12: windows 6, 12, 24).
  const y = Float64Array.from([...Array(12).fill(4), ...Array(6).fill(2), ...Array(6).fill(0)]);

  it('averages the last h/2, h and 2h known values', () => {
    expect([...recentMeans(y, 12)]).toEqual([0, 1, 2.5]);
    expect(recentWindows(y, 12).mean[0]).toBeCloseTo(3.5 / 3, 12);
  });

  it('RecentMin takes the lowest: the latest level when demand declines', () => {
    const fc = recentMin(y, 12);
    expect(fc.model).toBe('RecentMin(6,12,24)');
    expect([...fc.mean]).toEqual(Array(12).fill(0));
  });

  it('skips missing values and uses what there is when the history is short', () => {
    const z = Float64Array.from([1, Number.NaN, 3]);
    expect([...recentMeans(z, 4)]).toEqual([2, 2, 2]);
    expect(recentMin(z, 4).mean[0]).toBe(2);
  });
});
