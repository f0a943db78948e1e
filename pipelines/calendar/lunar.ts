import { chinaDayNumber, newMoonJde } from './astro.ts';
import { dayNumber } from './dates.ts';
import { solarTermsOfYear } from './solar-terms.ts';
import { CodedError } from '../errors.ts';

/**
 * The Chinese lunisolar calendar by the rules in force since 1645 as codified in GB/T 33661-2017:
 * a month starts on the civil day (China Standard Time) of the new moon; the month containing the
 * winter solstice is month 11; when 13 months separate two such months, the first one that holds no
 * principal solar term (zhongqi) is the leap month and repeats the previous number.
 */
export interface LunarMonth {
  readonly lunarYear: number;
  readonly month: number;
  readonly leap: boolean;
  /** Day number of day 1. */
  readonly firstDay: number;
  readonly length: number;
}

function newMoonDaysBetween(fromDay: number, toDay: number): number[] {
  // Lunation index from the 2000-01-06 new moon; start a little early and walk forward.
  const fromJd = fromDay + 2440587.5;
  let k = Math.floor((fromJd - 2451550.1) / 29.530588861) - 1;
  const days: number[] = [];
  for (;;) {
    const d = chinaDayNumber(newMoonJde(k));
    if (d > toDay) break;
    if (d >= fromDay) days.push(d);
    k += 1;
  }
  return days;
}

function principalTermDays(year: number): number[] {
  return solarTermsOfYear(year)
    .filter((t) => t.longitude % 30 === 0)
    .map((t) => t.day);
}

function dongzhiDay(year: number): number {
  const dz = solarTermsOfYear(year).find((t) => t.code === 'dongzhi');
  if (!dz) throw new CodedError('INTERNAL', 'dongzhi missing');
  return dz.day;
}

/** Months from month 11 of lunar year `year - 1` up to (not including) month 11 of lunar year `year`. */
function monthsOfSui(year: number): LunarMonth[] {
  const dzPrev = dongzhiDay(year - 1);
  const dz = dongzhiDay(year);
  const moons = newMoonDaysBetween(dzPrev - 31, dz + 31);
  const lastOnOrBefore = (day: number): number => {
    const found = moons.filter((m) => m <= day);
    const last = found[found.length - 1];
    if (last === undefined) throw new CodedError('INTERNAL', 'no new moon before winter solstice');
    return last;
  };
  const start = lastOnOrBefore(dzPrev);
  const end = lastOnOrBefore(dz);
  const starts = moons.filter((m) => m >= start && m <= end);
  const count = starts.length - 1;
  const zhongqi = [...principalTermDays(year - 1), ...principalTermDays(year)];
  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      const a = starts[i] as number;
      const b = starts[i + 1] as number;
      if (!zhongqi.some((z) => z >= a && z < b)) {
        leapIndex = i;
        break;
      }
    }
  } else if (count !== 12) {
    throw new CodedError('INTERNAL', `sui ${year} has ${count} months`);
  }
  const months: LunarMonth[] = [];
  let number = 11;
  let lunarYear = year - 1;
  for (let i = 0; i < count; i++) {
    const leap = i === leapIndex;
    if (i > 0 && !leap) {
      number = (number % 12) + 1;
      if (number === 1) lunarYear = year;
    }
    const firstDay = starts[i] as number;
    months.push({ lunarYear, month: number, leap, firstDay, length: (starts[i + 1] as number) - firstDay });
  }
  return months;
}

const cache = new Map<number, LunarMonth[]>();

/** All lunar months of lunar years from..to (month 11 of `from - 1` onwards is included too). */
export function lunarMonths(fromYear: number, toYear: number): LunarMonth[] {
  const out: LunarMonth[] = [];
  for (let y = fromYear; y <= toYear + 1; y++) {
    let sui = cache.get(y);
    if (!sui) {
      sui = monthsOfSui(y);
      cache.set(y, sui);
    }
    out.push(...sui);
  }
  return out;
}

/** Day number of a lunar date (non-leap month unless `leap`). */
export function lunarToDay(lunarYear: number, month: number, day: number, leap = false): number {
  const m = lunarMonths(lunarYear, lunarYear).find(
    (x) => x.lunarYear === lunarYear && x.month === month && x.leap === leap,
  );
  if (!m || day < 1 || day > m.length) {
    throw new CodedError('BAD_ARGUMENT', `No lunar date ${lunarYear}-${month}${leap ? ' (leap)' : ''}-${day}`);
  }
  return m.firstDay + day - 1;
}

export interface LunarDate {
  readonly lunarYear: number;
  readonly month: number;
  readonly leap: boolean;
  readonly day: number;
}

/** Lunar date of a Gregorian ISO date. */
export function toLunar(iso: string): LunarDate {
  const d = dayNumber(iso);
  const year = Number(iso.slice(0, 4));
  const m = lunarMonths(year - 1, year).find((x) => d >= x.firstDay && d < x.firstDay + x.length);
  if (!m) throw new CodedError('BAD_ARGUMENT', `Date out of lunar range: ${iso}`);
  return { lunarYear: m.lunarYear, month: m.month, leap: m.leap, day: d - m.firstDay + 1 };
}
