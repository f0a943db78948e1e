/**
 * Chart data from the warehouse for the CLI's `--plot` (the API reads the same from the snapshot):
 * a node and SKU's weekly demand up to the run's as-of day, and the run's forecast of it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../warehouse/sql.ts';
import type { ForecastPoint, HistoryPoint } from './demand-fan.ts';

export type FanLevel = 'store' | 'village' | 'town' | 'county' | 'province';

// demand_daily is store grain: the node's stores, through the geography.
const STORES_OF: Readonly<Record<FanLevel, (node: string) => string>> = {
  store: (n) => `SELECT ${literal(n)} AS store_id`,
  village: (n) => `SELECT store_id FROM stores WHERE village_id = ${literal(n)}`,
  town: (n) => `SELECT s.store_id FROM stores s JOIN villages v USING (village_id) WHERE v.town_id = ${literal(n)}`,
  county: (n) => `SELECT s.store_id FROM stores s JOIN villages v USING (village_id) JOIN towns t ON t.town_id = v.town_id WHERE t.county_id = ${literal(n)}`,
  province: (n) => `SELECT s.store_id FROM stores s JOIN villages v USING (village_id) JOIN towns t ON t.town_id = v.town_id
    JOIN counties c ON c.county_id = t.county_id WHERE c.province_id = ${literal(n)}`,
};

export async function demandFanData(conn: DuckDBConnection, o: { runId: string; level: FanLevel; node: string; sku: string; weeks?: number }): Promise<{ history: HistoryPoint[]; forecast: ForecastPoint[] }> {
  const asOf = (await conn.runAndReadAll(`SELECT strftime(as_of, '%Y-%m-%d') FROM forecast_runs WHERE run_id = ${literal(o.runId)}`)).getRows()[0]?.[0];
  const weeks = Math.max(2, Math.trunc(o.weeks ?? 12));
  // Units a day per ISO week, the last part week divided by the days it has (so it is not read as a drop).
  const history = asOf === undefined ? [] : (await conn.runAndReadAll(`SELECT strftime(w, '%Y-%m-%d'),
      units / (least(7, date_diff('day', w, DATE ${literal(String(asOf))}) + 1)) FROM (
        SELECT date_trunc('week', day) AS w, sum(shelf_units + order_units - returned_units) AS units
        FROM demand_daily WHERE sku = ${literal(o.sku)} AND store_id IN (${STORES_OF[o.level](o.node)})
          AND day BETWEEN DATE ${literal(String(asOf))} - INTERVAL ${weeks * 7 - 1} DAY AND DATE ${literal(String(asOf))}
        GROUP BY 1) ORDER BY 1`)).getRows().map((r) => ({ day: String(r[0]), unitsPerDay: Math.max(0, Number(r[1])) }));
  const forecast = (await conn.runAndReadAll(`SELECT strftime(day, '%Y-%m-%d'), mean, q50, q80, q90, q95 FROM forecasts
      WHERE run_id = ${literal(o.runId)} AND level = ${literal(o.level)} AND node_id = ${literal(o.node)} AND sku = ${literal(o.sku)} ORDER BY day`)).getRows()
    .map((r) => ({ day: String(r[0]), mean: Number(r[1]), q50: Number(r[2]), q80: Number(r[3]), q90: Number(r[4]), q95: Number(r[5]) }));
  return { history, forecast };
}
