import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../../pipelines/calendar/calendar.ts';

const cal = loadCalendar();

describe('RetailCalendar', () => {
  it('covers 2015-2030', () => {
    expect(cal.firstDate).toBe('2015-01-01');
    expect(cal.lastDate).toBe('2030-12-31');
  });

  it('isWorkday honours weekends, holidays and make-up days', () => {
    expect(cal.isWorkday('2026-02-14')).toBe(true); // Saturday make-up day
    expect(cal.isWorkday('2026-02-16')).toBe(false); // Spring Festival holiday, a Monday
    expect(cal.isWorkday('2026-02-24')).toBe(true); // first day back
    expect(cal.isWorkday('2025-10-08')).toBe(false);
    expect(cal.isWorkday('2025-10-11')).toBe(true); // Saturday make-up
    expect(cal.isWorkday('2026-11-20')).toBe(true); // ordinary Friday
    expect(cal.isWorkday('2026-11-22')).toBe(false); // ordinary Sunday
    expect(cal.isWorkday('2020-01-31')).toBe(false); // COVID-19 extension
    expect(cal.isWorkday('2020-02-01')).toBe(false); // cancelled make-up day
    expect(() => cal.isWorkday('2031-01-02')).toThrow(/outside the calendar/);
  });

  it('dateOf / springFestival / datesOf', () => {
    expect(cal.springFestival(2026)).toBe('2026-02-17');
    expect(cal.dateOf('chuxi', 2026)).toBe('2026-02-16');
    expect(cal.dateOf('mid_autumn', 2024)).toBe('2024-09-17');
    expect(cal.dateOf('ph_new_year', 2019)).toBe('2018-12-30'); // block of the 2019 holiday
    expect(cal.dateOf('sf_pre', 2025)).toBe('2025-01-08');
    expect(cal.dateOf('d1111_presale', 2026)).toBe('2026-10-21');
    expect(cal.datesOf('spring_festival')).toHaveLength(16);
    expect(cal.dateOf('nope', 2025)).toBeUndefined();
    expect(() => cal.springFestival(2040)).toThrow(/No Spring Festival/);
  });

  it('eventsOn returns every event of a day', () => {
    const codes = cal.eventsOn('2025-10-06').map((e) => e.code).sort();
    expect(codes).toEqual(['mid_autumn', 'ph_mid_autumn', 'ph_national_day'].sort());
    const sfWindow = cal.eventsOn('2025-02-06').find((e) => e.code === 'sf_return');
    expect(sfWindow?.offsetDays).toBe(8);
  });

  it('solar terms: the day itself and the period containing a date', () => {
    expect(cal.solarTerm('2025-04-04')?.code).toBe('qingming');
    expect(cal.solarTerm('2025-04-05')).toBeUndefined();
    expect(cal.solarTermPeriod('2025-04-10')?.code).toBe('qingming');
    expect(cal.solarTermPeriod('2025-03-04')?.code).toBe('yushui');
  });

  it('daysToNext', () => {
    expect(cal.daysToNext('spring_festival', '2025-01-01')).toBe(28);
    expect(cal.daysToNext('spring_festival', '2025-01-29')).toBe(0);
    expect(cal.daysToNext('spring_festival', '2025-01-30')).toBe(383); // 365 days to 2026-01-30, 18 more to 2026-02-17
    expect(cal.daysToNext('d1111', '2030-11-12')).toBeUndefined();
  });
});
