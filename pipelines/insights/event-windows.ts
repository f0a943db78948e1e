/**
 * The calendar events whose lift brand insights report: the pre-festival shopping of Spring
 * Festival (the three weeks before it), 11.11 (1-11 November, when the presale and the day itself
 * fall) and 6.18 (1-18 June). Each is compared with the four weeks before it; the latest
 * occurrence whose window and baseline both lie in the insight window is used.
 */
import { SPRING_FESTIVAL } from '../calendar/spring-festival.ts';
import { dayNumber, isoDate } from '../calendar/dates.ts';
import type { InsightWindow } from './brand-lines.ts';

export type InsightEvent = 'spring_festival' | 'double_11' | '618';

/** Each event's name, for charts and pages. */
export const EVENT_LABELS: Readonly<Record<InsightEvent, { readonly zh: string; readonly en: string }>> = {
  spring_festival: { zh: '春节', en: 'Spring Festival' },
  double_11: { zh: '双十一', en: '11.11' },
  '618': { zh: '618', en: '6.18' },
};

export interface EventWindow {
  readonly event: InsightEvent;
  readonly from: string;
  readonly to: string;
  readonly baseFrom: string;
  readonly baseTo: string;
  readonly days: number;
  readonly baseDays: number;
}

function make(event: EventWindow['event'], from: number, to: number): EventWindow {
  return { event, from: isoDate(from), to: isoDate(to), baseFrom: isoDate(from - 28), baseTo: isoDate(from - 1), days: to - from + 1, baseDays: 28 };
}

export function eventWindows(w: InsightWindow): EventWindow[] {
  const lo = dayNumber(w.prevStart);
  const hi = dayNumber(w.end);
  const years: number[] = [];
  for (let y = Number(w.end.slice(0, 4)); y >= Number(w.prevStart.slice(0, 4)); y--) years.push(y);
  const fits = (e: EventWindow): boolean => dayNumber(e.baseFrom) >= lo && dayNumber(e.to) <= hi;
  const out: EventWindow[] = [];
  const pick = (make1: (y: number) => EventWindow | null): void => {
    for (const y of years) {
      const e = make1(y);
      if (e !== null && fits(e)) { out.push(e); return; }
    }
  };
  pick((y) => {
    const sf = SPRING_FESTIVAL[y];
    return sf === undefined ? null : make('spring_festival', dayNumber(sf) - 21, dayNumber(sf) - 1);
  });
  pick((y) => make('double_11', dayNumber(`${y}-11-01`), dayNumber(`${y}-11-11`)));
  pick((y) => make('618', dayNumber(`${y}-06-01`), dayNumber(`${y}-06-18`)));
  return out;
}
