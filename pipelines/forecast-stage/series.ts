/**
 * Daily shelf-demand series per (store, SKU) read from demand_daily, zero-filled between the pair's
 * first stored day in the window and the as-of day (demand_daily stores only days with activity or
 * a stock-out, so an absent day is a day nothing sold and the shelf was not known empty).
 *
 * Our own reader rather than pipelines/demand/aggregate.ts `loadStoreSeries`: the stage needs
 * only shelf demand, and reading column chunks straight into typed arrays keeps 300k series cheap.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, dayNumber } from '../calendar/index.ts';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';

export interface StoreSeries {
  readonly storeId: string;
  readonly sku: string;
  /** Date of values[0], YYYY-MM-DD. */
  readonly start: string;
  /** Shelf units sold per day (a lower bound of demand where censored). */
  readonly values: Float64Array;
  /** 1 where the shelf ran out that day. */
  readonly censored: Uint8Array;
}

export interface LoadSeriesOptions {
  /** Last day of history, YYYY-MM-DD. */
  readonly asOf: string;
  /** Days of history at most (the series starts no earlier than asOf - days + 1). */
  readonly days: number;
  readonly storeIds?: readonly string[];
  readonly skus?: readonly string[];
  /** Where the rows come from: a `read_parquet(...)` of shelf rows (SHELF_ROW applied) with demand_daily's columns. @defaultValue demand_daily, SHELF_ROW applied */
  readonly source?: string;
}

/**
 * The demand_daily rows that say something about a shelf. A row with only order lines does not
 * (those goods are delivered, and forecast per village by order-channel.ts): a pair ordered but
 * never stocked gets no shelf series, instead of a forecast of zero. A stock count with no sale
 * does count: stock sat unsold. Shard inputs are written with it applied (shards.ts).
 */
export const SHELF_ROW = '(shelf_units > 0 OR censored OR on_hand IS NOT NULL)';

/** The most recent day in demand_daily, or null when it is empty. */
export async function latestDemandDay(conn: DuckDBConnection): Promise<string | null> {
  const r = await conn.runAndReadAll(`SELECT strftime(max(day), '%Y-%m-%d') FROM demand_daily`);
  const v = r.getRows()[0]?.[0];
  return typeof v === 'string' ? v : null;
}

export async function loadShelfSeries(conn: DuckDBConnection, o: LoadSeriesOptions): Promise<StoreSeries[]> {
  if (!Number.isInteger(o.days) || o.days < 1) throw new CodedError('BAD_ARGUMENT', `days must be an integer >= 1, got ${o.days}`);
  const end = dayNumber(o.asOf);
  const from = addDays(o.asOf, -(o.days - 1));
  const filters = [`day BETWEEN DATE ${literal(from)} AND DATE ${literal(o.asOf)}`, ...(o.source === undefined ? [SHELF_ROW] : [])];
  if (o.storeIds) filters.push(o.storeIds.length === 0 ? 'false' : `store_id IN (${o.storeIds.map(literal).join(',')})`);
  if (o.skus) filters.push(o.skus.length === 0 ? 'false' : `sku IN (${o.skus.map(literal).join(',')})`);
  const sql = `SELECT store_id, sku, (day - DATE ${literal(from)})::INTEGER AS d, shelf_units, censored
    FROM ${o.source ?? 'demand_daily'} WHERE ${filters.join(' AND ')} ORDER BY store_id, sku, day`;
  const result = await conn.run(sql);
  const out: StoreSeries[] = [];
  const offset = dayNumber(from);
  let key = '';
  let store = '';
  let sku = '';
  let days: number[] = [];
  let vals: number[] = [];
  let cens: number[] = [];
  const flush = (): void => {
    if (days.length === 0) return;
    const first = days[0] as number;
    const n = end - offset - first + 1;
    const values = new Float64Array(n);
    const censored = new Uint8Array(n);
    for (let i = 0; i < days.length; i++) {
      const t = (days[i] as number) - first;
      values[t] = vals[i] as number;
      censored[t] = cens[i] as number;
    }
    out.push({ storeId: store, sku, start: addDays(from, first), values, censored });
  };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const cols = chunk.getColumns();
    const [sCol, kCol, dCol, vCol, cCol] = cols as [unknown[], unknown[], unknown[], unknown[], unknown[]];
    for (let i = 0; i < chunk.rowCount; i++) {
      const s = String(sCol[i]);
      const k = String(kCol[i]);
      const pair = `${s}\u0000${k}`;
      if (pair !== key) {
        flush();
        key = pair;
        store = s;
        sku = k;
        days = [];
        vals = [];
        cens = [];
      }
      days.push(Number(dCol[i]));
      vals.push(Math.max(0, Number(vCol[i])));
      cens.push(cCol[i] === true ? 1 : 0);
    }
  }
  flush();
  return out;
}
