import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENTS_CSV, SOLAR_TERMS_CSV, renderEventsCsv, renderSolarTermsCsv } from '../../../pipelines/calendar/build-data.ts';
import { loadCalendar } from '../../../pipelines/calendar/calendar.ts';
import { announcedHolidays, bridgedSingleDay } from '../../../pipelines/calendar/holidays.ts';

const cal = loadCalendar();

describe('data/calendar files', () => {
  it('are exactly what build-data.ts generates (run it after changing the inputs)', () => {
    expect(readFileSync(EVENTS_CSV, 'utf8')).toBe(renderEventsCsv());
    expect(readFileSync(SOLAR_TERMS_CSV, 'utf8')).toBe(renderSolarTermsCsv());
  });

  it('every announced holiday block contains the festival it is named after (computed independently)', () => {
    const festivalOf: Record<string, string> = {
      spring_festival: 'spring_festival', dragon_boat: 'dragon_boat', mid_autumn: 'mid_autumn', qingming: 'qingming',
    };
    let checked = 0;
    for (const p of announcedHolidays()) {
      for (const h of p.holidays) {
        const code = festivalOf[h];
        if (!code) continue;
        const date = cal.dateOf(code, p.year);
        expect(p.days, `${h} ${p.year}`).toContain(date);
        checked += 1;
      }
    }
    expect(checked).toBe(12 * 4);
  });

  it('make-up workdays are weekend days and never inside a holiday block', () => {
    for (const p of announcedHolidays()) {
      for (const d of p.makeupWorkdays) {
        expect([0, 6], d).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
        expect(cal.eventsOn(d).some((e) => e.kind === 'public_holiday'), d).toBe(false);
      }
    }
  });

  it('announced Spring Festival, Labour Day and National Day lengths (the 2025 rule change shows)', () => {
    const len = (code: string, y: number): number => cal.events.filter((e) => e.code === code && e.year === y).length;
    expect(len('ph_spring_festival', 2024)).toBe(8);
    expect(len('ph_spring_festival', 2025)).toBe(8); // 2025: Eve became a statutory day
    expect(len('ph_spring_festival', 2026)).toBe(9);
    expect(len('ph_spring_festival', 2020)).toBe(10); // extended for COVID-19
    expect(len('ph_labour_day', 2025)).toBe(5);
    expect(len('ph_national_day', 2023)).toBe(8); // merged with Mid-Autumn
    expect(len('ph_national_day', 2026)).toBe(7);
  });

  it('2027-2030 holidays are derived and flagged, with no make-up days', () => {
    for (let y = 2027; y <= 2030; y++) {
      expect(cal.isAnnounced(y)).toBe(false);
      const rows = cal.events.filter((e) => e.year === y && (e.kind === 'public_holiday' || e.kind === 'makeup_workday'));
      expect(rows.length).toBeGreaterThan(20);
      expect(rows.every((e) => e.kind === 'public_holiday' && !e.announced)).toBe(true);
    }
    for (let y = 2015; y <= 2026; y++) expect(cal.isAnnounced(y)).toBe(true);
    // 2028: Mid-Autumn on Oct 3 merges into one 8-day National Day block, as in 2020 and 2025
    // (Sat 2028-09-30 joins the block: without a notice no make-up Saturday is known.)
    const nd2028 = cal.events.filter((e) => e.code === 'ph_national_day' && e.year === 2028).map((e) => e.date);
    expect([nd2028[0], nd2028[nd2028.length - 1]]).toEqual(['2028-09-30', '2028-10-08']);
    expect(cal.eventsOn('2028-10-03').some((e) => e.code === 'ph_mid_autumn')).toBe(true);
  });

  it('bridging rule reproduces announced one-day holidays', () => {
    expect(bridgedSingleDay('2024-06-10')).toEqual(['2024-06-08', '2024-06-10']); // Mon: Sat-Mon
    expect(bridgedSingleDay('2024-09-17')).toEqual(['2024-09-15', '2024-09-17']); // Tue: Sun-Tue
    expect(bridgedSingleDay('2023-04-05')).toEqual(['2023-04-05', '2023-04-05']); // Wed alone
    expect(bridgedSingleDay('2024-04-04')).toEqual(['2024-04-04', '2024-04-06']); // Thu: Thu-Sat
    expect(bridgedSingleDay('2026-06-19')).toEqual(['2026-06-19', '2026-06-21']); // Fri: Fri-Sun
    expect(bridgedSingleDay('2026-04-04')).toEqual(['2026-04-04', '2026-04-06']); // Sat: Sat-Mon
    expect(bridgedSingleDay('2021-02-28')).toEqual(['2021-02-27', '2021-03-01']); // Sun: Sat-Mon
  });
});
