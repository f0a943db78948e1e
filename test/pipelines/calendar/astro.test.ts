import { describe, expect, it } from 'vitest';
import { chinaDayNumber, julianDay, newMoonJde, sunApparentLongitude, sunLongitudeCrossing } from '../../../pipelines/calendar/astro.ts';
import { dayNumber, isoDate, weekday } from '../../../pipelines/calendar/dates.ts';

describe('astronomy (Meeus worked examples)', () => {
  it('Julian Day: Meeus example 7.a (1957 Oct 4.81 = 2436116.31) and the Unix epoch', () => {
    expect(julianDay(1957, 10, 4) + 0.81).toBeCloseTo(2436116.31, 6);
    expect(julianDay(1970, 1, 1)).toBe(2440587.5);
  });

  it('Sun apparent longitude: example 25.a, 1992 Oct 13.0 TD = 199.90895 deg', () => {
    expect(sunApparentLongitude(2448908.5)).toBeCloseTo(199.90895, 4);
  });

  it('New moon: example 49.a, k = -283 gives JDE 2443192.65118 (1977 Feb 18)', () => {
    expect(newMoonJde(-283)).toBeCloseTo(2443192.65118, 4);
  });

  it('December solstice 2024 falls on 2024-12-21 China time (09:21 UTC)', () => {
    const jde = sunLongitudeCrossing(270, julianDay(2024, 12, 20));
    expect(isoDate(chinaDayNumber(jde))).toBe('2024-12-21');
    // 09:20:34 UTC published; TT-UT about 69 s
    const utHours = (jde - 69 / 86400 - julianDay(2024, 12, 21)) * 24;
    expect(utHours).toBeGreaterThan(9.1);
    expect(utHours).toBeLessThan(9.6);
  });

  it('New moon of 2024-02-10 (Spring Festival) is that day in CST, the day before in UTC', () => {
    const k = Math.round((2024.11 - 2000) * 12.3685);
    expect(isoDate(chinaDayNumber(newMoonJde(k)))).toBe('2024-02-10');
  });
});

describe('dates', () => {
  it('round-trips and knows weekdays', () => {
    expect(isoDate(dayNumber('2026-11-22'))).toBe('2026-11-22');
    expect(weekday(dayNumber('2026-11-22'))).toBe(0); // a Sunday
    expect(weekday(dayNumber('2025-01-29'))).toBe(3); // Spring Festival 2025, a Wednesday
    expect(() => dayNumber('2025-02-30')).toThrow(/No such date/);
    expect(() => dayNumber('20250101')).toThrow(/ISO/);
  });
});
