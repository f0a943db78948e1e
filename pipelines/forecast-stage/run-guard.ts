/**
 * The run guard: a run's arguments are checked before any work, against the data the warehouse
 * holds. An as-of day after the last day of data would forecast from nothing (and become the run
 * a shopkeeper sees, with an empty list); one before the first day with enough history would fit
 * models on a handful of zero-filled days. A run whose as-of is before the last day of data is a
 * backfill: it is kept and published, but never replaces what readers see.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { STORE_ZONES, localDay } from '../demand/cells-sql.ts';
import { CodedError } from '../errors.ts';
import { addDays } from '../calendar/index.ts';
import { parseIsoDate } from '../forecast/series-dates.ts';

/** Days of history a run needs before its as-of day: two weeks, so every weekday is seen twice (the shipped sample holds 24 days). */
export const MIN_HISTORY_DAYS = 14;

export interface RunArguments {
  readonly asOf?: string;
  readonly horizon?: number;
  readonly historyDays?: number;
}

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && parseIsoDate(s) !== undefined;
}

/** The checks that need no data: formats and ranges. */
export function checkRunArguments(a: RunArguments): void {
  if (a.horizon !== undefined && (!Number.isInteger(a.horizon) || a.horizon < 7 || a.horizon > 56)) {
    throw new CodedError('BAD_ARGUMENT', `--horizon must be an integer in 7..56, got ${a.horizon}`);
  }
  if (a.historyDays !== undefined && (!Number.isInteger(a.historyDays) || a.historyDays < MIN_HISTORY_DAYS || a.historyDays > 3660)) {
    throw new CodedError('BAD_ARGUMENT', `--history must be an integer in ${MIN_HISTORY_DAYS}..3660 days, got ${a.historyDays}`);
  }
  if (a.asOf !== undefined && !isIsoDay(a.asOf)) throw new CodedError('BAD_ARGUMENT', `--as-of must be a day written YYYY-MM-DD, got '${a.asOf}'`);
}

export interface DataRange { readonly first: string; readonly last: string }

/** First and last local day of demand the warehouse holds (till and order lines, refreshed or not, and daily demand). */
export async function demandRange(conn: DuckDBConnection): Promise<DataRange | null> {
  // min/max of the instants per store, then one conversion each in the store's zone: a local day
  // per row cost 0.6 s on the demo.
  const r = (await conn.runAndReadAll(`WITH extremes AS (
      SELECT store_id, min(sold_at) AS lo, max(sold_at) AS hi FROM till_lines GROUP BY store_id
      UNION ALL SELECT store_id, min(placed_at), max(placed_at) FROM order_lines GROUP BY store_id)
    SELECT strftime(min(d), '%Y-%m-%d'), strftime(max(d), '%Y-%m-%d') FROM (
      SELECT ${localDay('e.lo', 'z.tz')} AS d FROM extremes e LEFT JOIN ${STORE_ZONES} z USING (store_id)
      UNION ALL SELECT ${localDay('e.hi', 'z.tz')} FROM extremes e LEFT JOIN ${STORE_ZONES} z USING (store_id)
      UNION ALL SELECT min(day) FROM demand_daily UNION ALL SELECT max(day) FROM demand_daily)`)).getRows()[0];
  const first = r?.[0];
  const last = r?.[1];
  return typeof first === 'string' && typeof last === 'string' ? { first, last } : null;
}

export interface GuardedRun {
  /** The as-of day the run uses: the one asked for, or the last day of data. */
  readonly asOf: string;
  /** The as-of is before the last day of data: published as a backfill, never shown as current. */
  readonly backfill: boolean;
  readonly range: DataRange;
}

/** Refuses an as-of outside the data (coded BAD_ARGUMENT, with the range that would work). */
export async function guardRun(conn: DuckDBConnection, a: RunArguments): Promise<GuardedRun> {
  checkRunArguments(a);
  const range = await demandRange(conn);
  if (range === null) throw new CodedError('NO_DATA', 'no till or order lines in the warehouse: ingest files first');
  const earliest = addDays(range.first, MIN_HISTORY_DAYS - 1);
  const asOf = a.asOf ?? range.last;
  const span = `the data runs ${range.first} to ${range.last}, so --as-of may be ${earliest} to ${range.last}`;
  if (asOf > range.last) throw new CodedError('BAD_ARGUMENT', `--as-of ${asOf} is after the last day of data: ${span}`);
  if (asOf < earliest) throw new CodedError('BAD_ARGUMENT', `--as-of ${asOf} leaves fewer than ${MIN_HISTORY_DAYS} days of history: ${span}`);
  return { asOf, backfill: asOf < range.last, range };
}
