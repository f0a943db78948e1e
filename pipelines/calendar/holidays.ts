import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, dayNumber, isoDate, weekday } from './dates.ts';
import { CodedError } from '../errors.ts';

/**
 * Public holidays: the announced schedules (hand-kept in data/calendar/holidays-announced.csv,
 * one line per holiday as the State Council General Office published it) and, for years not yet
 * announced, a schedule derived by rule. Both become blocks of consecutive days off.
 */
export interface HolidayPeriod {
  readonly year: number;
  /** More than one when a notice merged holidays (e.g. national_day + mid_autumn). */
  readonly holidays: readonly string[];
  /** Consecutive days off: the announced range widened by adjoining weekend days that are not make-up days. */
  readonly days: readonly string[];
  readonly makeupWorkdays: readonly string[];
  readonly announced: boolean;
  readonly source: string;
}

export const HOLIDAY_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  new_year: ['元旦', "New Year's Day"],
  spring_festival: ['春节', 'Spring Festival'],
  qingming: ['清明节', 'Qingming Festival'],
  labour_day: ['劳动节', 'Labour Day'],
  dragon_boat: ['端午节', 'Dragon Boat Festival'],
  mid_autumn: ['中秋节', 'Mid-Autumn Festival'],
  national_day: ['国庆节', 'National Day'],
  victory_day: ['抗战胜利纪念日', 'Victory Day (70th anniversary)'],
};

export const HOLIDAYS_CSV = fileURLToPath(new URL('../../data/calendar/holidays-announced.csv', import.meta.url));

function widen(first: string, last: string, makeup: readonly string[]): string[] {
  const isOff = (d: number): boolean => {
    const w = weekday(d);
    return (w === 0 || w === 6) && !makeup.includes(isoDate(d));
  };
  let a = dayNumber(first);
  let b = dayNumber(last);
  while (isOff(a - 1)) a -= 1;
  while (isOff(b + 1)) b += 1;
  const days: string[] = [];
  for (let d = a; d <= b; d++) days.push(isoDate(d));
  return days;
}

export function announcedHolidays(path = HOLIDAYS_CSV): HolidayPeriod[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  return lines.slice(1).map((line, i) => {
    const [year, holidays, first, last, makeup, notice] = line.split(',');
    if (!year || !holidays || !first || !last || makeup === undefined || !notice) {
      throw new CodedError('BAD_INPUT_FILE', `holidays-announced.csv line ${i + 2} is malformed`);
    }
    const makeupWorkdays = makeup === '' ? [] : makeup.split(';');
    for (const h of holidays.split(';')) {
      if (!HOLIDAY_NAMES[h]) throw new CodedError('BAD_INPUT_FILE', `unknown holiday ${h} on line ${i + 2}`);
    }
    return {
      year: Number(year),
      holidays: holidays.split(';'),
      days: widen(first, last, makeupWorkdays),
      makeupWorkdays,
      announced: true,
      source: notice,
    };
  });
}

/**
 * Days off around a one-day statutory holiday as the notices of 2015-2026 usually arranged them:
 * joined to the weekend when it falls Thu-Mon (a Tue or Thu needs a make-up Saturday/Sunday,
 * which cannot be known before the notice), alone on a Wednesday.
 */
export function bridgedSingleDay(iso: string): [string, string] {
  const w = weekday(dayNumber(iso));
  const span: Record<number, [number, number]> = {
    0: [-1, 1], 1: [-2, 0], 2: [-2, 0], 3: [0, 0], 4: [0, 2], 5: [0, 2], 6: [0, 2],
  };
  const [a, b] = span[w] as [number, number];
  return [addDays(iso, a), addDays(iso, b)];
}

export interface FestivalDates {
  readonly springFestival: string;
  readonly qingming: string;
  readonly dragonBoat: string;
  readonly midAutumn: string;
}

// The rule (statutory days of the 2025 rules, bridged as 2015-2026 notices did) is spelled out in
// data/calendar/README.md; the CSV carries a short pointer to it rather than the paragraph.
export const DERIVED_SOURCE = 'derived by rule (not announced; make-up workdays unknown; see data/calendar/README.md)';

/** A schedule for a year the State Council has not announced; every period is flagged announced=false. */
export function derivedHolidays(year: number, f: FestivalDates): HolidayPeriod[] {
  const make = (holidays: string[], first: string, last: string): HolidayPeriod => ({
    year, holidays, days: widen(first, last, []), makeupWorkdays: [], announced: false, source: DERIVED_SOURCE,
  });
  const single = (h: string, iso: string): HolidayPeriod => make([h], ...bridgedSingleDay(iso));
  const out: HolidayPeriod[] = [
    single('new_year', `${year}-01-01`),
    make(['spring_festival'], addDays(f.springFestival, -1), addDays(f.springFestival, 6)),
    single('qingming', f.qingming),
    make(['labour_day'], `${year}-05-01`, `${year}-05-05`),
    single('dragon_boat', f.dragonBoat),
  ];
  const ma = dayNumber(f.midAutumn);
  const oct1 = dayNumber(`${year}-10-01`);
  if (ma >= oct1 - 3 && ma <= oct1 + 7) {
    // As in 2017, 2020, 2023 and 2025: one 8-day block covering both.
    const start = Math.min(ma, oct1);
    out.push(make(['national_day', 'mid_autumn'], isoDate(start), isoDate(start + 7)));
  } else {
    out.push(single('mid_autumn', f.midAutumn));
    out.push(make(['national_day'], `${year}-10-01`, `${year}-10-07`));
  }
  return out;
}
