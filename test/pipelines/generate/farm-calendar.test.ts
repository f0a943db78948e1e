import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../pipelines/generate/days.ts';
import { lunarDayOf, plantingPeaks } from '../../../pipelines/generate/farm-calendar.ts';
import { daysFromSpringFestival, isMarketDay, migrantFactor, profileFactor } from '../../../pipelines/generate/seasonality.ts';

describe('lunar market days', () => {
  it('knows the lunar day of published festival dates', () => {
    // Spring Festival = lunar 1/1; Lantern = 1/15; Mid-Autumn = 8/15 (2025-10-06); Dragon Boat = 5/5 (2025-05-31).
    expect(lunarDayOf(dayOf('2026-02-17'))).toBe(1);
    expect(lunarDayOf(dayOf('2025-01-29'))).toBe(1);
    expect(lunarDayOf(dayOf('2026-03-03'))).toBe(15);
    expect(lunarDayOf(dayOf('2025-10-06'))).toBe(15);
    expect(lunarDayOf(dayOf('2025-05-31'))).toBe(5);
    expect(lunarDayOf(dayOf('2026-02-16'))).toBeGreaterThanOrEqual(29); // New Year's Eve ends the month
  });

  it('holds a 1/4/7 market on lunar days 1, 4, 7, 11, ... 27 only', () => {
    const days = Array.from({ length: 30 }, (_, i) => i + 1).filter((d) => isMarketDay([1, 4, 7], d));
    expect(days).toEqual([1, 4, 7, 11, 14, 17, 21, 24, 27]);
  });
});

describe('planting and festival shapes', () => {
  it('puts the spring farm-input peak between Jingzhe and Qingming, autumn at Qiufen', () => {
    // 2025: Jingzhe 03-05 (day 64), Qingming 04-04 (day 94), Qiufen 09-23 (day 266).
    expect(plantingPeaks(2025)).toEqual({ spring: 79, autumn: 266 });
    const p = plantingPeaks(2025);
    expect(profileFactor('farm', p.spring, 100, p)).toBeGreaterThan(3);
    expect(profileFactor('farm', 330, 100, p)).toBeLessThan(0.5);
  });

  it('fills villages before Spring Festival and empties them after the Lantern Festival', () => {
    expect(daysFromSpringFestival(dayOf('2026-02-10'))).toBe(-7);
    expect(daysFromSpringFestival(dayOf('2025-12-31'))).toBe(-48);
    expect(migrantFactor(-5)).toBeCloseTo(1.6, 10);
    expect(migrantFactor(-40)).toBe(1);
    expect(migrantFactor(20)).toBe(0.8);
    // Gifts surge in the last days before the festival (1 + 4 x (24/24)^2 = 5 the day before).
    expect(profileFactor('festive', 40, -1)).toBe(5);
  });
});
