import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../pipelines/calendar/dates.ts';
import { lunarMonths, lunarToDay, toLunar } from '../../../pipelines/calendar/lunar.ts';
import { SPRING_FESTIVAL } from '../../../pipelines/calendar/spring-festival.ts';

// Published Gregorian dates (Hong Kong Observatory / State Council holiday notices), 2015-2030.
const MID_AUTUMN = ['2015-09-27', '2016-09-15', '2017-10-04', '2018-09-24', '2019-09-13', '2020-10-01', '2021-09-21', '2022-09-10',
  '2023-09-29', '2024-09-17', '2025-10-06', '2026-09-25', '2027-09-15', '2028-10-03', '2029-09-22', '2030-09-12'];
const DRAGON_BOAT = ['2015-06-20', '2016-06-09', '2017-05-30', '2018-06-18', '2019-06-07', '2020-06-25', '2021-06-14', '2022-06-03',
  '2023-06-22', '2024-06-10', '2025-05-31', '2026-06-19', '2027-06-09', '2028-05-28', '2029-06-16', '2030-06-05'];

const years = Array.from({ length: 16 }, (_, i) => 2015 + i);

describe('lunar calendar computed from new moons and solar terms', () => {
  it('Spring Festival matches the SPRING_FESTIVAL table for every year 2015-2030', () => {
    for (const y of years) expect(isoDate(lunarToDay(y, 1, 1)), String(y)).toBe(SPRING_FESTIVAL[y]);
  });

  it('Mid-Autumn (8/15) and Dragon Boat (5/5) match published dates', () => {
    years.forEach((y, i) => {
      expect(isoDate(lunarToDay(y, 8, 15)), `mid-autumn ${y}`).toBe(MID_AUTUMN[i]);
      expect(isoDate(lunarToDay(y, 5, 5)), `dragon boat ${y}`).toBe(DRAGON_BOAT[i]);
    });
  });

  it('Lantern 2025-02-12 and Qixi 2025-08-29, Laba 2025-01-07', () => {
    expect(isoDate(lunarToDay(2025, 1, 15))).toBe('2025-02-12');
    expect(isoDate(lunarToDay(2025, 7, 7))).toBe('2025-08-29');
    expect(isoDate(lunarToDay(2024, 12, 8))).toBe('2025-01-07');
  });

  it('leap months fall where published: 2017 6, 2020 4, 2023 2, 2025 6, 2028 5, none otherwise', () => {
    const expected: Record<number, number> = { 2017: 6, 2020: 4, 2023: 2, 2025: 6, 2028: 5 };
    for (const y of years) {
      const leaps = lunarMonths(y, y).filter((m) => m.leap && m.lunarYear === y).map((m) => m.month);
      expect(leaps, String(y)).toEqual(expected[y] ? [expected[y]] : []);
    }
  });

  it('months are 29 or 30 days and contiguous', () => {
    const months = lunarMonths(2015, 2030);
    for (let i = 1; i < months.length; i++) {
      const prev = months[i - 1]!;
      expect([29, 30]).toContain(prev.length);
      expect(months[i]!.firstDay).toBe(prev.firstDay + prev.length);
    }
  });

  it('toLunar inverts lunarToDay, including a leap month', () => {
    expect(toLunar('2025-01-28')).toEqual({ lunarYear: 2024, month: 12, leap: false, day: 29 }); // New Year's Eve 2025
    const leapStart = lunarMonths(2025, 2025).find((m) => m.leap && m.lunarYear === 2025)!;
    expect(isoDate(leapStart.firstDay)).toBe('2025-07-25');
    expect(toLunar('2025-07-25')).toEqual({ lunarYear: 2025, month: 6, leap: true, day: 1 });
    expect(() => lunarToDay(2024, 6, 1, true)).toThrow(/No lunar date/);
  });
});
