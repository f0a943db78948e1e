import { CodedError } from '../errors.ts';

/**
 * Calendar dates as integer day numbers (days since 1970-01-01). Civil dates carry no time zone
 * here: a festival "on 2025-01-29" is that civil day in China, so arithmetic stays in whole days
 * and never passes through a local-time Date (which would shift with the machine's zone).
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new CodedError('BAD_ARGUMENT', `Not an ISO date (YYYY-MM-DD): ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new CodedError('BAD_ARGUMENT', `No such date: ${iso}`);
  }
  return Math.round(ms / MS_PER_DAY);
}

export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}
