import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dayNumber, weekday } from './dates.ts';
import { parseEventsCsv } from './event-row.ts';
import type { CalendarEvent } from './event-row.ts';
import { CodedError } from '../errors.ts';

/** Read-only view over data/calendar/events.csv with the look-ups the pipelines need. */
export interface RetailCalendar {
  readonly events: readonly CalendarEvent[];
  /** First and last covered dates (inclusive). */
  readonly firstDate: string;
  readonly lastDate: string;
  eventsOn(date: string): readonly CalendarEvent[];
  /** First date of `code`'s occurrence belonging to `year` (window codes: the window's first day). */
  dateOf(code: string, year: number): string | undefined;
  /** One date per year, as dateOf, in order. */
  datesOf(code: string): readonly string[];
  /** Weekends are rest days unless they are make-up workdays; public-holiday days are rest days. */
  isWorkday(date: string): boolean;
  /** Whether the year's public holidays come from a published notice (false: derived by rule). */
  isAnnounced(year: number): boolean;
  springFestival(year: number): string;
  /** The solar term that begins on `date`, if any. */
  solarTerm(date: string): CalendarEvent | undefined;
  /** The solar-term period `date` falls in (the latest term on or before it). */
  solarTermPeriod(date: string): CalendarEvent | undefined;
  /** Days from `date` to the next date carrying `code` (0 when `date` carries it); undefined if none. */
  daysToNext(code: string, date: string): number | undefined;
}

export const EVENTS_CSV_PATH = fileURLToPath(new URL('../../data/calendar/events.csv', import.meta.url));

export function calendarFromEvents(events: readonly CalendarEvent[]): RetailCalendar {
  if (events.length === 0) throw new CodedError('BAD_INPUT_FILE', 'calendar has no events');
  const byDate = new Map<string, CalendarEvent[]>();
  const byCode = new Map<string, CalendarEvent[]>();
  const announcedYears = new Map<number, boolean>();
  for (const e of events) {
    const d = byDate.get(e.date);
    if (d) d.push(e);
    else byDate.set(e.date, [e]);
    const c = byCode.get(e.code);
    if (c) c.push(e);
    else byCode.set(e.code, [e]);
    if (e.kind === 'public_holiday') {
      announcedYears.set(e.year, (announcedYears.get(e.year) ?? true) && e.announced);
    }
  }
  for (const list of byCode.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const dates = [...byDate.keys()].sort();
  const firstDate = `${(dates[0] as string).slice(0, 4)}-01-01`;
  const lastDate = `${(dates[dates.length - 1] as string).slice(0, 4)}-12-31`;
  const terms = events.filter((e) => e.kind === 'solar_term').sort((a, b) => (a.date < b.date ? -1 : 1));

  const checkCovered = (date: string): void => {
    dayNumber(date);
    if (date < firstDate || date > lastDate) {
      throw new CodedError('BAD_ARGUMENT', `Date ${date} is outside the calendar (${firstDate}..${lastDate})`);
    }
  };

  const dateOf = (code: string, year: number): string | undefined =>
    byCode.get(code)?.find((e) => e.year === year)?.date;

  return {
    events,
    firstDate,
    lastDate,
    eventsOn: (date) => byDate.get(date) ?? [],
    dateOf,
    datesOf(code) {
      const seen = new Set<number>();
      const out: string[] = [];
      for (const e of byCode.get(code) ?? []) {
        if (!seen.has(e.year)) {
          seen.add(e.year);
          out.push(e.date);
        }
      }
      return out;
    },
    isWorkday(date) {
      checkCovered(date);
      const todays = byDate.get(date) ?? [];
      if (todays.some((e) => e.kind === 'makeup_workday')) return true;
      if (todays.some((e) => e.kind === 'public_holiday')) return false;
      const w = weekday(dayNumber(date));
      return w !== 0 && w !== 6;
    },
    isAnnounced: (year) => announcedYears.get(year) ?? false,
    springFestival(year) {
      const d = dateOf('spring_festival', year);
      if (!d) throw new CodedError('BAD_ARGUMENT', `No Spring Festival date for ${year}`);
      return d;
    },
    solarTerm: (date) => (byDate.get(date) ?? []).find((e) => e.kind === 'solar_term'),
    solarTermPeriod(date) {
      let found: CalendarEvent | undefined;
      for (const t of terms) {
        if (t.date > date) break;
        found = t;
      }
      return found;
    },
    daysToNext(code, date) {
      const from = dayNumber(date);
      const next = byCode.get(code)?.find((e) => e.date >= date);
      return next ? dayNumber(next.date) - from : undefined;
    },
  };
}

let cached: RetailCalendar | undefined;

/** The project calendar (2015-2030). Reads the CSV once per process. */
export function loadCalendar(path?: string): RetailCalendar {
  if (path !== undefined) return calendarFromEvents(parseEventsCsv(readFileSync(path, 'utf8')));
  cached ??= calendarFromEvents(parseEventsCsv(readFileSync(EVENTS_CSV_PATH, 'utf8')));
  return cached;
}
