import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../pipelines/calendar/dates.ts';
import { SPRING_FESTIVAL } from '../../../pipelines/calendar/spring-festival.ts';
import { bestProfile, borrowShape, fitProfile, weekPosition, weeklyFromDaily, windowAround, yearOverYear, WEEKS } from '../../../pipelines/produce/profile.ts';
import { uniforms } from '../../../pipelines/restock/random.ts';
import { poisson } from '../calendar/synthetic.ts';

const FIRST = dayNumber('2022-01-01');
const ORIGIN = dayNumber('2026-01-01');
const SF = Object.values(SPRING_FESTIVAL).map(dayNumber);

/** Daily kg: a bump around a day (solar) or around Spring Festival (lunar), growing 30 % a year. */
function daily(kind: 'solar' | 'lunar', seed: number): Float64Array {
  const u = uniforms(seed);
  const out = new Float64Array(ORIGIN - FIRST);
  for (let d = FIRST; d < ORIGIN; d++) {
    const doy = d - dayNumber(`${new Date(d * 86_400_000).getUTCFullYear()}-01-01`);
    let dist: number;
    if (kind === 'solar') dist = Math.min(Math.abs(doy - 300), 365 - Math.abs(doy - 300));
    else dist = Math.min(...SF.map((s) => Math.abs(d - (s - 10))));
    const mean = 40 * Math.exp(-0.5 * (dist / 12) ** 2) * 1.3 ** ((d - FIRST) / 365) + 0.5;
    out[d - FIRST] = poisson(mean, u);
  }
  return out;
}

describe('produce profiles', () => {
  it('places week positions on both calendars', () => {
    expect(weekPosition(dayNumber('2025-01-01'), 'solar')).toBe(0);
    expect(weekPosition(dayNumber('2025-12-31'), 'solar')).toBe(WEEKS - 1);
    // Spring Festival 2025 was 29 January: its own week is position 26 on the lunar calendar.
    expect(weekPosition(dayNumber('2025-01-29'), 'lunar')).toBe(26);
    expect(weekPosition(dayNumber('2026-02-17'), 'lunar')).toBe(26);
  });

  it('finds a festival-driven item on the lunar calendar and a harvest on the solar one', () => {
    const lunar = bestProfile(weeklyFromDaily(daily('lunar', 1), FIRST, ORIGIN))!;
    const solar = bestProfile(weeklyFromDaily(daily('solar', 2), FIRST, ORIGIN))!;
    expect(lunar.alignment).toBe('lunar');
    expect(solar.alignment).toBe('solar');
    // The lunar peak is 10 days before the festival: position 24 or 25.
    expect(windowAround(lunar.shape, 0.5).from).toBeGreaterThanOrEqual(23);
    expect(windowAround(lunar.shape, 0.5).to).toBeLessThanOrEqual(26);
    // Day 300 is in week 42 of the year (0-based); a half-maximum window of +-14 days is 3-5 weeks.
    const peak = windowAround(solar.shape, 0.5);
    expect(peak.from).toBeGreaterThanOrEqual(40);
    expect(peak.to).toBeLessThanOrEqual(44);
  });

  it('measures the year-on-year growth within 10 % of the true 30 %', () => {
    const fit = fitProfile(weeklyFromDaily(daily('solar', 3), FIRST, ORIGIN), 'solar')!;
    expect(yearOverYear(fit)!).toBeGreaterThan(1.17);
    expect(yearOverYear(fit)!).toBeLessThan(1.43);
  });

  it('shares sum to one and one season borrows half its shape from the parent', () => {
    const fit = fitProfile(weeklyFromDaily(daily('solar', 4), FIRST, ORIGIN), 'solar')!;
    expect(fit.shape.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const flat = new Float64Array(WEEKS).fill(1 / WEEKS);
    const mixed = borrowShape(fit.shape, 1, flat);
    for (let w = 0; w < WEEKS; w++) expect(mixed[w]!).toBeCloseTo(0.5 * fit.shape[w]! + 0.5 / WEEKS, 9);
  });
});
