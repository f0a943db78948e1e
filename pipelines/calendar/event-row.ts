import { CodedError } from '../errors.ts';

/** What a row of data/calendar/events.csv says. One row per (date, event). */
export type EventKind =
  | 'lunar_festival'
  | 'gregorian_festival'
  | 'public_holiday'
  | 'makeup_workday'
  | 'shopping_festival'
  | 'solar_term'
  | 'festival_window';

export const EVENT_KINDS: readonly EventKind[] = [
  'lunar_festival', 'gregorian_festival', 'public_holiday', 'makeup_workday',
  'shopping_festival', 'solar_term', 'festival_window',
];

export interface CalendarEvent {
  readonly date: string;
  /** Year of the occurrence this row belongs to (a 2019 New Year block starts on 2018-12-30). */
  readonly year: number;
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly kind: EventKind;
  /** Days from the anchor (windows: from the festival; holiday blocks: from the block's first day). */
  readonly offsetDays: number | null;
  /** False for holidays derived by rule for years the State Council has not announced yet. */
  readonly announced: boolean;
  readonly source: string;
}

export const EVENTS_HEADER = 'date,year,event_code,name_zh,name_en,kind,offset_days,announced,source';

// Fields never contain commas or quotes (the builder checks), so a plain split is a full parser.
export function formatEventRow(e: CalendarEvent): string {
  const fields = [
    e.date, String(e.year), e.code, e.nameZh, e.nameEn, e.kind,
    e.offsetDays === null ? '' : String(e.offsetDays), e.announced ? 'true' : 'false', e.source,
  ];
  for (const f of fields) {
    if (f.includes(',') || f.includes('"') || f.includes('\n')) {
      throw new CodedError('INTERNAL', `calendar field would need CSV quoting: ${f}`);
    }
  }
  return fields.join(',');
}

export function parseEventsCsv(text: string): CalendarEvent[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines[0] !== EVENTS_HEADER) {
    throw new CodedError('BAD_INPUT_FILE', `events.csv header is not "${EVENTS_HEADER}"`);
  }
  return lines.slice(1).map((line, i) => {
    const f = line.split(',');
    const kind = f[5] as EventKind;
    if (f.length !== 9 || !EVENT_KINDS.includes(kind)) {
      throw new CodedError('BAD_INPUT_FILE', `events.csv line ${i + 2} is malformed`);
    }
    return {
      date: f[0] as string,
      year: Number(f[1]),
      code: f[2] as string,
      nameZh: f[3] as string,
      nameEn: f[4] as string,
      kind,
      offsetDays: f[6] === '' ? null : Number(f[6]),
      announced: f[7] === 'true',
      source: f[8] as string,
    };
  });
}
