/**
 * What a snapshot holds, as a declarative list: a dataset is a name, the tables it reads and one
 * SELECT. Later features (produce calendar, brand insights) add an entry here or pass their own
 * list to publishSnapshot. Every SELECT has an ORDER BY: Parquet row groups then cover narrow key
 * ranges, so readers that filter on the leading keys skip most of a file, and compression improves.
 */
import { literal } from '../warehouse/sql.ts';

export interface SnapshotContext {
  readonly runId: string;
  /** The run's as-of day from forecast_runs, or null when the run is not recorded there. */
  readonly asOf: string | null;
}

export interface SnapshotTable {
  /** Dataset name; also the Parquet file name (`<name>.parquet`). Lower snake case. */
  readonly name: string;
  /** Tables the SQL reads. When one is missing the dataset is skipped (and listed as skipped). */
  readonly requires: readonly string[];
  readonly sql: (ctx: SnapshotContext) => string;
}

/** Weeks of weekly demand a snapshot carries, ending with the week of the as-of day. */
export const DEMAND_WEEKS = 26;

/** The geography levels and the column that names a node at each, store first. */
const LEVELS = [
  ['store', 'store_id'],
  ['village', 'village_id'],
  ['town', 'town_id'],
  ['county', 'county_id'],
  ['province', 'province_id'],
] as const;

const SUMS = ['shelf_units', 'order_units', 'returned_units', 'censored_days'] as const;

/**
 * Weekly demand at every level x SKU for the last DEMAND_WEEKS ISO weeks (Monday starts) up to the
 * as-of day: the run's as-of when known, otherwise the last day in demand_daily. The last week can
 * be partial, so `days` says how many of its days are in (7 for every other week). LEFT JOINs keep
 * a store's own rows when its village is missing from the master data; it is then absent only from
 * the levels above it.
 *
 * Days are summed to store-weeks once, joined to the geography once, then each level is rolled up
 * from the level below (ancestors carried along with any_value, since they are a function of the
 * node), so only the store level touches the big input. Each level is MATERIALIZED because the
 * next level and the output both read it; DuckDB otherwise re-ran the joins per reference.
 */
function weeklyDemandSql(ctx: SnapshotContext): string {
  const asOf = ctx.asOf === null ? '(SELECT max(day) FROM demand_daily)' : `DATE ${literal(ctx.asOf)}`;
  const sums = SUMS.map((c) => `sum(${c}) AS ${c}`).join(', ');
  const rollups: string[] = [];
  for (let i = 1; i < LEVELS.length; i++) {
    const [level, col] = LEVELS[i]!;
    const below = LEVELS[i - 1]![0];
    const ancestors = LEVELS.slice(i + 1).map(([, a]) => `any_value(${a}) AS ${a}`);
    rollups.push(`lvl_${level} AS MATERIALIZED (
      SELECT ${col}, ${[...ancestors, ''].join(', ')}sku, week_start, ${sums}
      FROM lvl_${below} WHERE ${col} IS NOT NULL GROUP BY ${col}, sku, week_start
    )`);
  }
  const outputs = LEVELS.map(([level, col]) => `
      SELECT '${level}' AS level, ${col} AS node_id, sku, week_start, ${SUMS.join(', ')} FROM lvl_${level}`).join('\n      UNION ALL');
  return `
    WITH win AS (
      SELECT a AS as_of, CAST(date_trunc('week', a) - INTERVAL ${DEMAND_WEEKS - 1} WEEK AS DATE) AS first_week
      FROM (SELECT ${asOf} AS a)
    ), store_week AS (
      SELECT d.store_id, d.sku, CAST(date_trunc('week', d.day) AS DATE) AS week_start,
             sum(d.shelf_units) AS shelf_units, sum(d.order_units) AS order_units,
             sum(d.returned_units) AS returned_units, count(*) FILTER (WHERE d.censored) AS censored_days
      FROM demand_daily d CROSS JOIN win
      WHERE d.day >= win.first_week AND d.day <= win.as_of
      GROUP BY d.store_id, d.sku, week_start
    ), lvl_store AS MATERIALIZED (
      SELECT w.*, s.village_id, v.town_id, t.county_id, c.province_id
      FROM store_week w
      LEFT JOIN stores s ON s.store_id = w.store_id
      LEFT JOIN villages v ON v.village_id = s.village_id
      LEFT JOIN towns t ON t.town_id = v.town_id
      LEFT JOIN counties c ON c.county_id = t.county_id
    ), ${rollups.join(', ')}, rolled AS (${outputs}
    )
    SELECT level, node_id, sku, week_start,
           CAST(least(7, date_diff('day', week_start, win.as_of) + 1) AS INTEGER) AS days,
           shelf_units, order_units, returned_units, CAST(censored_days AS INTEGER) AS censored_store_days
    FROM rolled CROSS JOIN win
    ORDER BY level, node_id, sku, week_start`;
}

export const DEFAULT_DATASETS: readonly SnapshotTable[] = [
  {
    name: 'forecasts',
    requires: ['forecasts'],
    sql: (ctx) => `SELECT * FROM forecasts WHERE run_id = ${literal(ctx.runId)} ORDER BY level, node_id, sku, day`,
  },
  {
    name: 'restock_suggestions',
    requires: ['restock_suggestions'],
    sql: (ctx) => `SELECT * FROM restock_suggestions WHERE run_id = ${literal(ctx.runId)} ORDER BY store_id, sku`,
  },
  {
    name: 'demand_weekly',
    requires: ['demand_daily', 'stores', 'villages', 'towns', 'counties'],
    sql: weeklyDemandSql,
  },
  {
    // Village grain, with every ancestor's names, so a reader needs no joins to label a node.
    name: 'geography',
    requires: ['villages', 'towns', 'counties', 'provinces'],
    sql: () => `
      SELECT v.village_id, v.name_zh AS village_name_zh, v.name_pinyin AS village_name_pinyin, v.population,
             v.town_id, t.name_zh AS town_name_zh, t.name_pinyin AS town_name_pinyin,
             t.county_id, c.name_zh AS county_name_zh, c.name_pinyin AS county_name_pinyin,
             c.province_id, p.name_zh AS province_name_zh, p.name_pinyin AS province_name_pinyin
      FROM villages v
      LEFT JOIN towns t ON t.town_id = v.town_id
      LEFT JOIN counties c ON c.county_id = t.county_id
      LEFT JOIN provinces p ON p.province_id = c.province_id
      ORDER BY c.province_id, t.county_id, v.town_id, v.village_id`,
  },
  {
    // cash_budget is the shopkeeper's private figure and snapshots feed a shared API: left out.
    name: 'stores',
    requires: ['stores'],
    sql: () => `
      SELECT store_id, village_id, name_zh, name_pinyin, kind, lead_time_days, review_period_days,
             service_level, min_order_units, opened_on
      FROM stores ORDER BY store_id`,
  },
  {
    name: 'products',
    requires: ['products'],
    sql: () => `SELECT * FROM products ORDER BY sku`,
  },
  {
    // Produce sellers and their villages, without their names: the API shows a seller only to itself.
    name: 'sellers',
    requires: ['sellers'],
    sql: () => `SELECT seller_id, village_id, kind FROM sellers ORDER BY seller_id`,
  },
  {
    // Finished runs up to this one, for freshness and the runs view; options stay in the warehouse.
    name: 'runs',
    requires: ['forecast_runs'],
    sql: (ctx) => `SELECT run_id, as_of, horizon, started_at, finished_at, status FROM forecast_runs
      WHERE started_at <= coalesce((SELECT started_at FROM forecast_runs WHERE run_id = ${literal(ctx.runId)}), now())
      ORDER BY started_at DESC, run_id`,
  },
  // Order-channel demand per village and category, apart from the shelf forecasts above.
  ...runTable('order_forecasts', 'village_id, category, day'),
  ...runTable('produce_seasons', 'sku, level, node_id'),
  ...runTable('produce_calendar', 'sku, level, node_id, week_start'),
  ...runTable('listing_advice', 'seller_id, weeks, rank'),
  // Brand tables were written after disclosure control: withheld cells carry NULL measures.
  ...runTable('brand_cells', 'category, brand, region_level, region_id, period_level, period'),
  ...runTable('brand_price_bands', 'category, brand, region_level, region_id, band'),
  ...runTable('brand_events', 'category, brand, region_level, region_id, event'),
  ...runTable('brand_basket', 'category, brand, region_level, region_id, co_category'),
  ...runTable('brand_adoption', 'category, brand, sku, region_level, region_id, month'),
  ...runTable('disclosure_report', 'table_name, strategy'),
];

/** A table keyed by run id, published without the run id column. */
function runTable(name: string, order: string): SnapshotTable[] {
  return [{ name, requires: [name], sql: (ctx) => `SELECT * EXCLUDE (run_id) FROM ${name} WHERE run_id = ${literal(ctx.runId)} ORDER BY ${order}` }];
}
