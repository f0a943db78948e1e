import { dayNumber, isoDate } from './dates.ts';
import type { RetailCalendar } from './calendar.ts';
import { CodedError } from '../errors.ts';

/**
 * Event windows as regression columns: one column per (anchor event, offset bucket). Offsets
 * count days from the anchor's date in each year, so a lunar festival's window moves with it
 * between January and February instead of sitting on a fixed day of the year.
 */
export interface EventWindowSpec {
  /** Calendar code whose yearly date anchors the window (e.g. 'spring_festival', 'd1111'). */
  readonly anchor: string;
  /** Inclusive [from, to] day offsets; each bucket becomes one column. */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
}

export interface EventColumn {
  /** e.g. "spring_festival[-7..-4]" */
  readonly name: string;
  readonly anchor: string;
  readonly from: number;
  readonly to: number;
  /** Day numbers of the anchor in every calendar year, ascending. */
  readonly anchorDays: readonly number[];
  /** 'season': a fortnight of the yearly season (yearly-season.ts), not an event a reason may name. */
  readonly kind?: 'season';
}

/**
 * Buckets are narrow where demand changes fast (the days before New Year's Eve, the first days
 * of the holiday) and a week wide elsewhere, so that 3-6 years of history give each a usable mean.
 */
export const DEFAULT_EVENT_WINDOWS: readonly EventWindowSpec[] = [
  {
    anchor: 'spring_festival',
    buckets: [[-28, -22], [-21, -15], [-14, -8], [-7, -4], [-3, -2], [-1, -1], [0, 0], [1, 3], [4, 6], [7, 10], [11, 15], [16, 20]],
  },
  { anchor: 'lantern', buckets: [[0, 0]] },
  { anchor: 'new_year', buckets: [[-1, -1], [0, 0]] },
  { anchor: 'qingming', buckets: [[-2, -1], [0, 0]] },
  { anchor: 'labour_day', buckets: [[0, 4]] },
  { anchor: 'dragon_boat', buckets: [[-7, -1], [0, 0]] },
  { anchor: 'mid_autumn', buckets: [[-14, -8], [-7, -1], [0, 0]] },
  { anchor: 'national_day', buckets: [[0, 2], [3, 6]] },
  { anchor: 'd618', buckets: [[-17, -1], [0, 0]] },
  { anchor: 'd1111', buckets: [[-21, -11], [-10, -1], [0, 0], [1, 3]] },
  { anchor: 'd1212', buckets: [[0, 0]] },
];

export function eventColumns(calendar: RetailCalendar, specs: readonly EventWindowSpec[] = DEFAULT_EVENT_WINDOWS): EventColumn[] {
  const columns: EventColumn[] = [];
  for (const spec of specs) {
    const anchorDays = calendar.datesOf(spec.anchor).map(dayNumber);
    if (anchorDays.length === 0) throw new CodedError('BAD_ARGUMENT', `Unknown anchor event: ${spec.anchor}`);
    for (const [from, to] of spec.buckets) {
      if (!(from <= to)) throw new CodedError('BAD_ARGUMENT', `Bad bucket [${from}, ${to}] for ${spec.anchor}`);
      columns.push({ name: `${spec.anchor}[${from}..${to}]`, anchor: spec.anchor, from, to, anchorDays });
    }
  }
  return columns;
}

/** Index ranges [start, end) of each occurrence of `column` inside a series of `n` days starting at `startDay`. */
export function occurrenceRanges(column: EventColumn, startDay: number, n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const a of column.anchorDays) {
    const s = Math.max(a + column.from - startDay, 0);
    const e = Math.min(a + column.to - startDay + 1, n);
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** 0/1 activity of each column on each day. */
export function columnActivity(columns: readonly EventColumn[], startDay: number, n: number): Uint8Array[] {
  return columns.map((c) => {
    const v = new Uint8Array(n);
    for (const [s, e] of occurrenceRanges(c, startDay, n)) v.fill(1, s, e);
    return v;
  });
}

export interface EventFeatures {
  readonly dates: readonly string[];
  readonly columns: readonly EventColumn[];
  /** Column-major indicators: values[c][t] is 1 when column c is active on dates[t]. */
  readonly values: readonly Uint8Array[];
}

/** Event-window indicator matrix for `days` consecutive dates starting at `startDate`. */
export function eventFeatures(
  calendar: RetailCalendar,
  startDate: string,
  days: number,
  specs: readonly EventWindowSpec[] = DEFAULT_EVENT_WINDOWS,
): EventFeatures {
  if (!Number.isInteger(days) || days < 0) throw new CodedError('BAD_ARGUMENT', `days must be a non-negative integer`);
  const start = dayNumber(startDate);
  const columns = eventColumns(calendar, specs);
  const dates = Array.from({ length: days }, (_, i) => isoDate(start + i));
  return { dates, columns, values: columnActivity(columns, start, days) };
}
