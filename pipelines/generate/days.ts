/**
 * Civil-day arithmetic for the generator: a day is an integer count since 1970-01-01 (the calendar
 * date in Asia/Shanghai; no time zone maths is needed because every timestamp we write is local).
 */
import { CodedError } from '../errors.ts';

const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) throw new CodedError('BAD_ARGUMENT', `not a YYYY-MM-DD date: ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new CodedError('BAD_ARGUMENT', `no such date: ${iso}`);
  }
  return Math.round(t / MS_PER_DAY);
}

export interface CivilDate {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
  /** 0 = Sunday ... 6 = Saturday */
  readonly weekday: number;
  /** 1-366 */
  readonly dayOfYear: number;
  readonly iso: string;
  /** 'YYYY-MM', the monthly file key */
  readonly monthKey: string;
}

export function civil(day: number): CivilDate {
  const dt = new Date(day * MS_PER_DAY);
  const year = dt.getUTCFullYear();
  const month = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  const iso = dt.toISOString().slice(0, 10);
  return {
    year,
    month,
    day: d,
    weekday: dt.getUTCDay(),
    dayOfYear: day - Math.round(Date.UTC(year, 0, 1) / MS_PER_DAY) + 1,
    iso,
    monthKey: iso.slice(0, 7),
  };
}

export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 'HH:MM:SS' for every second of the day, built once: timestamps are then one concatenation. */
let clockCache: string[] | undefined;
export function clockStrings(): readonly string[] {
  if (clockCache !== undefined) return clockCache;
  const out = new Array<string>(86_400);
  for (let s = 0; s < 86_400; s++) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    out[s] = `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}`;
  }
  clockCache = out;
  return out;
}

/** 'YYYY-MM-DD HH:MM:SS' for a day and a second of that day. */
export function timestamp(day: number, second: number): string {
  const s = Math.min(86_399, Math.max(0, Math.floor(second)));
  return `${isoOf(day)} ${clockStrings()[s] ?? '00:00:00'}`;
}

const SMALL: readonly string[] = Array.from({ length: 1024 }, (_, i) => String(i));
/** Decimal text of a non-negative integer, from a table for the common small ones. */
export function smallInt(n: number): string {
  return SMALL[n] ?? String(n);
}
