/**
 * A new product's adoption curve: month by month since a SKU's first sale, how many stores and
 * villages have sold it, against the stores that sell its category. Only counts are published, and
 * a month with fewer adopting stores than the rule's minimum is withheld (`min_stores`): a brand
 * learns how fast its product spreads, never which shop took it or what one shop sold.
 *
 * "New" means first sold, anywhere in the warehouse, at least `settleDays` after the warehouse's
 * first sale and inside the insight window's two years: a SKU that was on shelves before the data
 * began would otherwise look launched on the first day.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DisclosureRules } from '../disclosure/index.ts';
import type { Cell } from '../warehouse/insert-rows.ts';
import { toNumber } from '../warehouse/sql.ts';
import { STORE_ZONES, localDay } from '../demand/cells-sql.ts';
import type { InsightWindow } from './brand-lines.ts';
import { TEMP_SCRATCH, type Scratch } from './scratch.ts';

/** Days after the warehouse's first sale before a first sale can count as a launch. */
export const SETTLE_DAYS = 56;

export const ADOPTION_COLUMNS = ['run_id', 'category', 'brand', 'sku', 'launch_day', 'region_level', 'region_id', 'month',
  'months_since_launch', 'stores_adopted', 'villages_adopted', 'stores_total', 'penetration', 'suppressed', 'reason'];

const REGIONS = [
  { level: 'county', key: 'county_id' },
  { level: 'province', key: 'province_id' },
  { level: 'all', key: `'ALL'` },
] as const;

/** Rows for `brand_adoption` (without run_id); needs the scratch table `brand_lines`. */
export async function adoptionRows(conn: DuckDBConnection, w: InsightWindow, rules: DisclosureRules, scratch: Scratch = TEMP_SCRATCH): Promise<Cell[][]> {
  const lines = scratch.table('brand_lines');
  const perRegion = REGIONS.map((r) => `
    SELECT sku, '${r.level}' AS region_level, ${r.key} AS region_id, month,
           count(DISTINCT store_id) FILTER (WHERE first_here <= month) AS stores_adopted,
           count(DISTINCT village_id) FILTER (WHERE first_here <= month) AS villages_adopted
    FROM firsts CROSS JOIN (SELECT DISTINCT month FROM months) m
    WHERE m.month >= launch_month
    GROUP BY ALL`).join(' UNION ALL ');
  const totals = REGIONS.map((r) => `
    SELECT category, '${r.level}' AS region_level, ${r.key} AS region_id, count(DISTINCT store_id) AS stores_total
    FROM ${lines} WHERE day >= DATE '${w.prevStart}' GROUP BY ALL`).join(' UNION ALL ');
  const r = await conn.runAndReadAll(`
    WITH everything AS (
      -- First instant per store, then the store's local day of it.
      SELECT f.sku, ${localDay('f.moment', 'z.tz')} AS d FROM (
        SELECT store_id, sku, min(placed_at) AS moment FROM order_lines WHERE status = 'placed' AND quantity > 0 GROUP BY ALL
        UNION ALL
        SELECT store_id, sku, min(sold_at) FROM till_lines WHERE NOT is_return AND quantity > 0 GROUP BY ALL) f
      LEFT JOIN ${STORE_ZONES} z USING (store_id)),
    launches AS (
      SELECT sku, min(d) AS launch_day FROM everything GROUP BY sku
      HAVING min(d) >= (SELECT min(d) FROM everything) + INTERVAL ${SETTLE_DAYS} DAY AND min(d) >= DATE '${w.prevStart}'),
    months AS (SELECT DISTINCT month FROM ${lines} WHERE month <= '${w.months.at(-1)}'),
    firsts AS (
      SELECT l.sku, l.store_id, l.village_id, l.county_id, l.province_id, min(l.month) AS first_here,
             strftime(any_value(a.launch_day), '%Y-%m') AS launch_month
      FROM ${lines} l JOIN launches a USING (sku) GROUP BY ALL),
    curve AS (${perRegion}),
    totals AS (${totals})
    SELECT p.category, p.brand, c.sku, strftime(a.launch_day, '%Y-%m-%d'), c.region_level, c.region_id, c.month,
           (CAST(left(c.month, 4) AS INTEGER) * 12 + CAST(right(c.month, 2) AS INTEGER))
             - (year(a.launch_day) * 12 + month(a.launch_day)) AS since,
           c.stores_adopted, c.villages_adopted, t.stores_total
    FROM curve c JOIN launches a USING (sku) JOIN products p USING (sku)
    LEFT JOIN totals t ON t.category = p.category AND t.region_level = c.region_level AND t.region_id = c.region_id
    ORDER BY ALL`);
  return r.getRows().map((row): Cell[] => {
    const [category, brand, sku, launch, level, region, month, since, adopted, villages, total] = row;
    const head: Cell[] = [String(category), String(brand), String(sku), String(launch), String(level), String(region), String(month), toNumber(since)];
    const stores = toNumber(adopted);
    if (stores < rules.minStores) return [...head, null, null, null, null, true, 'min_stores'];
    const all = total === null ? null : toNumber(total);
    return [...head, stores, toNumber(villages), all, all === null || all === 0 ? null : stores / all, false, null];
  });
}
