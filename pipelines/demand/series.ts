/**
 * Daily (store, SKU) series from demand_daily for forecasting, zero-filled: demand_daily stores only
 * days with activity or a stock-out, so an absent day inside a pair's life sold nothing with the
 * shelf not known empty. One query returns a header row per pair (its strings, once) followed by its
 * cells as numbers; column chunks go straight into typed arrays, never through row objects.
 */
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { addDays, dayNumber } from '../calendar/dates.ts';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';

export type SeriesMeasure = 'shelf' | 'total';

export interface StoreSeriesOptions {
  /** Last day, YYYY-MM-DD. */
  readonly asOf: string;
  /** Longest history wanted; a series starts at max(first activity, asOf - days + 1). */
  readonly days: number;
  /** 'shelf' = till demand; 'total' = shelf_units + order_units. */
  readonly measure: SeriesMeasure;
  readonly storeIds?: readonly string[];
  readonly skus?: readonly string[];
}

export interface DemandSeries {
  readonly storeId: string;
  readonly sku: string;
  /** Day of values[0], YYYY-MM-DD; the last value is asOf. */
  readonly start: string;
  readonly values: Float64Array;
  /** 1 where the shelf was empty at close or all day: values[t] is a lower bound of demand. */
  readonly censored: Uint8Array;
}

const inList = (col: string, values: readonly string[] | undefined): string =>
  values === undefined ? '' : values.length === 0 ? ' AND false' : ` AND ${col} IN (${values.map(literal).join(', ')})`;

/** Series for every pair with activity on or before asOf, ordered by store then SKU. */
export async function loadStoreSeries(conn: DuckDBConnection, options: StoreSeriesOptions): Promise<DemandSeries[]> {
  const { asOf, days, measure } = options;
  const end = dayNumber(asOf);
  if (!Number.isInteger(days) || days < 1) throw new CodedError('BAD_ARGUMENT', `days must be an integer >= 1, got ${days}`);
  if (measure !== 'shelf' && measure !== 'total') throw new CodedError('BAD_ARGUMENT', `measure must be shelf or total, got ${String(measure)}`);
  const from = addDays(asOf, -(days - 1));
  const value = measure === 'shelf' ? 'd.shelf_units' : 'd.shelf_units + d.order_units';
  const filter = `day <= DATE ${literal(asOf)}${inList('store_id', options.storeIds)}${inList('sku', options.skus)}`;
  // t = -1 marks the pair's header row; it sorts before the pair's cells (t >= 0).
  const sql = `WITH pairs AS (
      SELECT store_id, sku, greatest(min(day), DATE ${literal(from)}) AS start,
        (row_number() OVER (ORDER BY store_id, sku) - 1)::INTEGER AS idx
      FROM demand_daily WHERE ${filter} GROUP BY store_id, sku)
    SELECT idx, -1 AS t, store_id, sku, (start - DATE '1970-01-01')::INTEGER AS num, NULL::DOUBLE AS v, NULL::BOOLEAN AS c FROM pairs
    UNION ALL
    SELECT p.idx, (d.day - p.start)::INTEGER, NULL, NULL, NULL, ${value}, d.censored
    FROM demand_daily d JOIN pairs p USING (store_id, sku)
    WHERE d.day >= p.start AND d.day <= DATE ${literal(asOf)}
    ORDER BY 1, 2`;
  const result = await conn.run(sql);
  const out: DemandSeries[] = [];
  let values = new Float64Array(0);
  let censored = new Uint8Array(0);
  for (;;) {
    const chunk: DuckDBDataChunk | null = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const tCol = chunk.getColumnVector(1);
    const storeCol = chunk.getColumnVector(2);
    const skuCol = chunk.getColumnVector(3);
    const numCol = chunk.getColumnVector(4);
    const vCol = chunk.getColumnVector(5);
    const cCol = chunk.getColumnVector(6);
    for (let i = 0; i < chunk.rowCount; i++) {
      const t = tCol.getItem(i) as number;
      if (t < 0) {
        const startDay = numCol.getItem(i) as number;
        const n = end - startDay + 1;
        values = new Float64Array(n);
        censored = new Uint8Array(n);
        out.push({ storeId: String(storeCol.getItem(i)), sku: String(skuCol.getItem(i)), start: addDays('1970-01-01', startDay), values, censored });
      } else {
        values[t] = vCol.getItem(i) as number;
        censored[t] = cCol.getItem(i) === true ? 1 : 0;
      }
    }
  }
  return out;
}
