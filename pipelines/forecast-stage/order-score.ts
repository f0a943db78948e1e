/**
 * Scores a run's order-channel forecasts against the orders that came, beside two references
 * computed from the same history: the mean of the last 28 days and the weekday mean of the last 8
 * weeks (the M5 references), and for the 0.9 quantile the empirical 0.9 quantile of the last 28
 * days. Orders are not censored (nothing runs out on a shelf), so what was ordered is the demand.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../warehouse/sql.ts';

export interface OrderScore {
  readonly series: number;
  /** Village x category x days scored. */
  readonly days: number;
  /** Sum of forecast means / sum of orders. */
  readonly bias: number;
  readonly mae: { readonly forecast: number; readonly mean28: number; readonly weekday8w: number };
  /** Pinball loss at 0.9: the forecast's q90 and the empirical 0.9 quantile of the last 28 days. */
  readonly pinball90: { readonly forecast: number; readonly empirical28: number };
  /** Share of days with orders at or below the stated quantile. */
  readonly atOrBelow: { readonly q50: number; readonly q80: number; readonly q90: number; readonly q95: number; readonly q99: number };
}

export async function scoreOrderForecasts(conn: DuckDBConnection, o: { runId: string; asOf: string; horizon: number }): Promise<OrderScore> {
  const run = literal(o.runId);
  const asOf = `DATE ${literal(o.asOf)}`;
  const r = await conn.runAndReadAll(`
    WITH pairs AS (SELECT DISTINCT village_id, category FROM order_forecasts WHERE run_id = ${run}),
    daily AS (
      SELECT s.village_id, p.category, d.day, sum(d.order_units) AS u
      FROM demand_daily d JOIN stores s USING (store_id) JOIN products p USING (sku)
      WHERE d.day BETWEEN ${asOf} - 55 AND ${asOf} + ${o.horizon} AND d.order_units > 0 GROUP BY ALL
    ), grid AS (
      SELECT pairs.village_id, pairs.category, (${asOf} + g.k::INTEGER) AS day, g.k AS k
      FROM pairs CROSS JOIN range(-55, ${o.horizon + 1}) g(k)
    ), filled AS (
      SELECT g.*, coalesce(d.u, 0) AS u FROM grid g LEFT JOIN daily d USING (village_id, category, day)
    ), ref AS (
      SELECT village_id, category, avg(u) FILTER (WHERE k BETWEEN -27 AND 0) AS mean28,
             quantile_cont(u, 0.9) FILTER (WHERE k BETWEEN -27 AND 0) AS q90emp
      FROM filled GROUP BY ALL
    ), wd AS (
      SELECT village_id, category, dayofweek(day) AS w, avg(u) AS m FROM filled WHERE k <= 0 GROUP BY ALL
    ), test AS (
      SELECT f.mean, f.q50, f.q80, f.q90, f.q95, f.q99, a.u, ref.mean28, ref.q90emp, wd.m AS wmean
      FROM order_forecasts f
      JOIN filled a ON a.village_id = f.village_id AND a.category = f.category AND a.day = f.day
      JOIN ref ON ref.village_id = f.village_id AND ref.category = f.category
      JOIN wd ON wd.village_id = f.village_id AND wd.category = f.category AND wd.w = dayofweek(f.day)
      WHERE f.run_id = ${run}
    )
    SELECT (SELECT count(*) FROM pairs), count(*), sum(mean) / nullif(sum(u), 0),
           avg(abs(mean - u)), avg(abs(mean28 - u)), avg(abs(wmean - u)),
           avg(CASE WHEN u >= q90 THEN 0.9 * (u - q90) ELSE 0.1 * (q90 - u) END),
           avg(CASE WHEN u >= q90emp THEN 0.9 * (u - q90emp) ELSE 0.1 * (q90emp - u) END),
           avg((u <= q50)::INTEGER), avg((u <= q80)::INTEGER), avg((u <= q90)::INTEGER), avg((u <= q95)::INTEGER), avg((u <= q99)::INTEGER)
    FROM test`);
  const v = (r.getRows()[0] ?? []).map((x) => (x === null ? Number.NaN : Number(x)));
  const at = (i: number): number => v[i] ?? Number.NaN;
  return {
    series: at(0), days: at(1), bias: at(2),
    mae: { forecast: at(3), mean28: at(4), weekday8w: at(5) },
    pinball90: { forecast: at(6), empirical28: at(7) },
    atOrBelow: { q50: at(8), q80: at(9), q90: at(10), q95: at(11), q99: at(12) },
  };
}
