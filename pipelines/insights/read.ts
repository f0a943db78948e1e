/**
 * Reading published brand tables for a brand: only its own rows and the margins beside them
 * (its categories' totals, all categories), never another brand's cells.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';

export type InsightMeasure = 'share' | 'growth' | 'seasonality' | 'price-bands' | 'repeat' | 'penetration' | 'events' | 'basket' | 'adoption';
export const MEASURES: readonly InsightMeasure[] = ['share', 'growth', 'seasonality', 'price-bands', 'repeat', 'penetration', 'events', 'basket', 'adoption'];

const CELL_COLUMNS: Record<'share' | 'growth' | 'seasonality' | 'repeat' | 'penetration', string> = {
  share: 'value_share, unit_share',
  growth: 'growth',
  seasonality: 'season_index',
  repeat: 'order_customers, repeat_rate',
  penetration: 'stores_buying, stores_total, villages_buying, villages_total',
};

export interface InsightQuery {
  readonly runId: string;
  readonly brand: string;
  readonly by: 'county' | 'province';
  readonly measure: InsightMeasure;
  readonly period: 'month' | 'week';
}

/** Rows of the brand's table, with its categories' and the all-categories margins, and the region margin. */
export async function readBrandInsights(conn: DuckDBConnection, q: InsightQuery): Promise<Record<string, unknown>[]> {
  const known = (await conn.runAndReadAll(`SELECT DISTINCT category FROM products WHERE brand = ${literal(q.brand)} AND NOT is_produce`)).getRows().map((r) => String(r[0]));
  if (known.length === 0) throw new CodedError('NOT_FOUND', `brand ${q.brand} not found`);
  if (q.period === 'week') throw new CodedError('NO_DATA', 'weekly brand tables are not published yet: see docs/insights.md');
  const cats = known.map(literal).join(', ');
  const mine = `(brand = ${literal(q.brand)} OR (brand = 'ALL' AND (category IN (${cats}) OR category = 'ALL')))`;
  const regions = `region_level IN (${literal(q.by)}, 'all')`;
  let sql: string;
  if (q.measure === 'price-bands') {
    sql = `SELECT category, brand, region_level, region_id, band, value_yuan, units, band_share, suppressed, reason
      FROM brand_price_bands WHERE run_id = ${literal(q.runId)} AND ${mine} AND ${regions}
      ORDER BY category, brand = 'ALL', region_level, region_id, band`;
  } else if (q.measure === 'basket') {
    sql = `SELECT category, brand, region_level, region_id, co_category, value_yuan, units, affinity, lift, suppressed, reason
      FROM brand_basket WHERE run_id = ${literal(q.runId)} AND ${mine} AND ${regions}
      ORDER BY category, brand = 'ALL', region_level, region_id, co_category`;
  } else if (q.measure === 'adoption') {
    // Only the brand's own new SKUs; the curve has no margins to show beside it.
    sql = `SELECT category, brand, sku, launch_day, region_level, region_id, month, months_since_launch, stores_adopted,
        villages_adopted, stores_total, penetration, suppressed, reason
      FROM brand_adoption WHERE run_id = ${literal(q.runId)} AND brand = ${literal(q.brand)} AND ${regions}
      ORDER BY sku, region_level, region_id, month`;
  } else if (q.measure === 'events') {
    sql = `SELECT category, brand, region_level, region_id, event, window_from, window_to, value_yuan, units, base_value_yuan, base_units, lift, suppressed, reason, base_suppressed, base_reason
      FROM brand_events WHERE run_id = ${literal(q.runId)} AND ${mine} AND ${regions}
      ORDER BY event, category, brand = 'ALL', region_level, region_id`;
  } else {
    sql = `SELECT category, brand, region_level, region_id, period_level, period, value_yuan, units, ${CELL_COLUMNS[q.measure]}, suppressed, reason
      FROM brand_cells WHERE run_id = ${literal(q.runId)} AND ${mine} AND ${regions}
      ORDER BY category, brand = 'ALL', region_level, region_id, period_level, period`;
  }
  const r = await conn.runAndReadAll(sql);
  const names = r.columnNames();
  return r.getRows().map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
}
