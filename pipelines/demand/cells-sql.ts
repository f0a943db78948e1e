/**
 * The SQL that turns fact rows into demand_daily cells. One builder serves the full rebuild and the
 * incremental refresh, so the two paths cannot drift apart: incremental only adds a filter to the
 * touched cells (table TOUCHED), and the censoring spans are still computed from all of a touched
 * pair's snapshots, so a cell comes out the same whichever path computed it.
 */

/** Temp table of (store_id, sku, day) cells an incremental refresh recomputes. */
export const TOUCHED = 'demand_touched';
/** Temp table of store_id whose zone differs from the one demand_daily was computed in. */
export const REZONED = 'demand_rezoned';

/** The zone of a store whose `timezone` is NULL: every store had it before stores carried a zone. */
export const DEFAULT_ZONE = 'Asia/Shanghai';

/**
 * The local day of a timestamp: in the zone `tz` (a SQL expression, NULL meaning DEFAULT_ZONE), else
 * in DEFAULT_ZONE. Explicit rather than `ts::DATE`, which follows the session TimeZone.
 */
export const localDay = (col: string, tz?: string): string =>
  tz === undefined
    ? shanghaiDay(col)
    // The constant-zone branch keeps the common case as fast as before stores had zones.
    : `CASE WHEN ${tz} IS NULL THEN ${shanghaiDay(col)} ELSE (${col} AT TIME ZONE ${tz})::DATE END`;

/**
 * DEFAULT_ZONE's day by arithmetic where its offset is fixed: China has kept UTC+8 without summer
 * time since 1991. ICU's zone conversion is an order of magnitude slower on every sales line
 * (`npm run bench:brand-lines` times both and counts the lines they disagree on). Earlier instants
 * go through ICU.
 */
const shanghaiDay = (col: string): string =>
  `(CASE WHEN ${col} >= TIMESTAMPTZ '1992-01-01 00:00:00+08' THEN DATE '1970-01-01' + CAST((epoch_ms(${col}) + 28800000) // 86400000 AS INTEGER)
    ELSE (${col} AT TIME ZONE '${DEFAULT_ZONE}')::DATE END)`;

/** Stores with a zone of their own, as (store_id, tz). */
export const STORE_ZONES = `(SELECT store_id, timezone AS tz FROM stores WHERE timezone IS NOT NULL)`;

/** A fact table with its store's zone as column `tz` (NULL: DEFAULT_ZONE). */
export const zoned = (table: string): string =>
  `(SELECT f.*, z.tz FROM ${table} f LEFT JOIN ${STORE_ZONES} z ON z.store_id = f.store_id)`;

/** The store's local day of a timestamp column of a `zoned` row aliased `alias`. */
const dayOf = (alias: string, col: string): string => localDay(`${alias}.${col}`, `${alias}.tz`);

// A SEMI JOIN on the computed day, not a correlated EXISTS: DuckDB planned the latter as a delim
// join that cost more than the rest of the incremental query.
const semiTouched = (alias: string, dayExpr: string): string =>
  `SEMI JOIN ${TOUCHED} t ON t.store_id = ${alias}.store_id AND t.sku = ${alias}.sku AND t.day = ${dayExpr}`;
const touchedPairs = `SEMI JOIN (SELECT DISTINCT store_id, sku FROM ${TOUCHED}) t ON t.store_id = x.store_id AND t.sku = x.sku`;

const touchedStore = (alias: string): string => `${alias}.store_id IN (SELECT DISTINCT store_id FROM ${TOUCHED})`;

/**
 * Per store, the last local day any fact speaks of. A zero count with no later count stays
 * censored up to here: had stock arrived, the restock would have written a count.
 */
export function horizonSql(storeFilter: (alias: string) => string | null): string {
  const where = (a: string): string => {
    const f = storeFilter(a);
    return f ? `WHERE ${f}` : '';
  };
  // The latest moment first, then its day in the store's zone: the day of the max is the max of the days.
  return `SELECT h.store_id, ${localDay('max(h.last_at)', 'any_value(z.tz)')} AS last_day FROM (
      SELECT store_id, max(sold_at) AS last_at FROM till_lines x ${where('x')} GROUP BY store_id
      UNION ALL SELECT store_id, max(placed_at) FROM order_lines x ${where('x')} GROUP BY store_id
      UNION ALL SELECT store_id, max(as_of) FROM inventory_snapshots x ${where('x')} GROUP BY store_id
    ) h LEFT JOIN ${STORE_ZONES} z ON z.store_id = h.store_id GROUP BY h.store_id`;
}

/**
 * End-of-day count per (store, sku, day) with the day of the pair's next count. The last count of a
 * day wins (a day may hold several counts; the generator writes one at 21:30).
 */
function snapSql(filter: string): string {
  return `SELECT store_id, sku, day, on_hand, lead(day) OVER (PARTITION BY store_id, sku ORDER BY day) AS next_day,
      lag(day) OVER (PARTITION BY store_id, sku ORDER BY day) AS prev_day, max_file
    FROM (SELECT store_id, sku, ${dayOf('x', 'as_of')} AS day, arg_max(on_hand, as_of) AS on_hand, max(file_id) AS max_file
          FROM ${zoned('inventory_snapshots')} x ${filter} GROUP BY store_id, sku, day)`;
}

/** Every day from `from` to `to` (DATE expressions) inclusive, as rows of `day`. */
const daysBetween = (from: string, to: string): string => `${from} + unnest(range(0, (${to} - ${from}) + 1))::INTEGER`;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Return lines (status `return`: a credit line of its own, like Online Retail's `C...` invoices)
 * netted against the sale they give back, as (store_id, sku, day, quantity). The sale is the latest
 * placed line of the same store, customer and SKU at or before the return, preferring one of the same
 * quantity, then one of at least that quantity; a sale absorbs returns up to its own quantity, in the
 * order they came. A return with no customer, or no such sale, nets on its own day, by SKU.
 * Matching reads every return and every placed line of the returns' keys, with no time bound: the
 * sale may be older than any touched day, and whether a return overflows its sale depends on the
 * returns before it.
 */
export function returnsSql(): string {
  return `WITH
    r AS (SELECT order_id, line_no, store_id, customer_id, sku, quantity, placed_at, tz FROM ${zoned('order_lines')} x WHERE status = 'return'),
    cand AS (
      SELECT r.order_id, r.line_no,
        -- Same quantity first, then the latest: epoch seconds stay far below 4e12, so the bonus
        -- always outranks time. Two sales at the same second by one customer tie arbitrarily.
        arg_max(struct_pack(o := p.order_id, l := p.line_no, q := p.quantity, t := p.placed_at),
                (p.quantity = r.quantity)::INTEGER * 4e12 + epoch(p.placed_at)) AS sale
      FROM r JOIN order_lines p ON p.status = 'placed' AND p.store_id = r.store_id AND p.customer_id = r.customer_id
        AND p.sku = r.sku AND p.quantity >= r.quantity AND p.placed_at <= r.placed_at
      GROUP BY ALL),
    m AS (
      SELECT r.*, c.sale,
        sum(r.quantity) OVER (PARTITION BY c.sale.o, c.sale.l ORDER BY r.placed_at, r.order_id, r.line_no
                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS taken
      FROM r LEFT JOIN cand c USING (order_id, line_no))
    SELECT store_id, sku,
      CASE WHEN sale IS NOT NULL AND taken <= sale.q THEN ${localDay('sale.t', 'tz')} ELSE ${localDay('placed_at', 'tz')} END AS day,
      quantity
    FROM m`;
}

/**
 * SELECT producing demand_daily rows (column order of the table). `incremental` restricts the
 * output to cells in TOUCHED; `since` (YYYY-MM-DD) must then be the earliest touched day.
 */
export function cellsSql(incremental: boolean, since?: string): string {
  // Facts arrive roughly in time order, so a literal lower bound on the timestamp lets DuckDB skip
  // whole row groups by their min/max before the semi join.
  // +14: no zone starts its day earlier, so no store's first touched day is cut.
  const from = (col: string): string => (since && ISO_DATE.test(since) ? `WHERE x.${col} >= TIMESTAMPTZ '${since} 00:00:00+14'` : '');
  const tillWhere = incremental ? `${semiTouched('x', dayOf('x', 'sold_at'))} ${from('sold_at')}` : '';
  const ordWhere = incremental ? `${semiTouched('x', dayOf('x', 'placed_at'))} ${from('placed_at')}` : '';
  const censWhere = incremental ? semiTouched('c', 'c.day') : '';
  // One UNION ALL of every source, grouped once by cell: measured ~2x faster here than joining four
  // per-source aggregates on (store_id, sku, day).
  return `WITH
    horizon AS (${horizonSql(incremental ? touchedStore : () => null)}),
    snap AS (${snapSql(incremental ? touchedPairs : '')}),
    facts AS (
      SELECT store_id, sku, ${dayOf('x', 'sold_at')} AS day,
        CASE WHEN is_return THEN 0 ELSE quantity END AS sold, CASE WHEN is_return THEN abs(quantity) ELSE 0 END AS till_back,
        0 AS units, 0 AS order_back, false AS cens, NULL::DOUBLE AS on_hand
      FROM ${zoned('till_lines')} x ${tillWhere}
      UNION ALL
      SELECT store_id, sku, ${dayOf('x', 'placed_at')}, 0, 0,
        CASE WHEN status = 'placed' THEN quantity ELSE 0 END, CASE WHEN status = 'returned' THEN quantity ELSE 0 END, false, NULL
      FROM (SELECT * FROM ${zoned('order_lines')} o WHERE status <> 'return') x ${ordWhere}
      UNION ALL
      SELECT store_id, sku, day, 0, 0, -quantity, quantity, false, NULL
      FROM (${returnsSql()}) x ${incremental ? semiTouched('x', 'x.day') : ''}
      UNION ALL
      SELECT * FROM (
        SELECT s.store_id, s.sku, ${daysBetween('s.day', 'coalesce(s.next_day - 1, h.last_day)')} AS day, 0, 0, 0, 0, true, NULL
        FROM snap s JOIN horizon h USING (store_id) WHERE s.on_hand <= 0) c ${censWhere}
      UNION ALL
      SELECT store_id, sku, day, 0, 0, 0, 0, false, on_hand FROM snap)
    SELECT store_id, sku, day,
      greatest(sum(sold) - sum(till_back), 0) AS shelf_units,
      -- Returns net against the day of the sale they give back; never below zero.
      greatest(sum(units), 0) AS order_units,
      sum(till_back) + sum(order_back) AS returned_units,
      bool_or(cens) AS censored,
      -- snap already holds one end-of-day count per cell.
      max(on_hand) AS on_hand
    FROM facts GROUP BY store_id, sku, day
    -- A cancelled-only day, or a count with nothing sold and stock left, is not stored.
    HAVING sum(sold) > 0 OR sum(till_back) > 0 OR sum(units) <> 0 OR sum(order_back) > 0 OR bool_or(cens)`;
}

/**
 * SELECT of the cells that files after `watermark` may have changed: the local day of every new or
 * updated till and order line (a status update rewrites the line's file_id, and the cell is the day
 * the order was placed); for every new or updated count, the days from the pair's previous count
 * to the day before its next count (the censoring spans it opens or cuts short); for stores with new rows, the open span
 * of every pair whose latest count is zero, since the store's horizon may have moved; and every day of
 * a (store, customer, SKU) with a return and a new line, since the sale a return nets against may move.
 * With `rezoned`, every cell, stored or computable, of a store in REZONED (its zone changed since the
 * cells were computed) is touched too.
 */
export function touchedSql(watermark: number, rezoned = false): string {
  const w = Math.trunc(watermark);
  const inRezoned = (a: string): string => `${a}.store_id IN (SELECT store_id FROM ${REZONED})`;
  const rezonedCells = rezoned
    ? `UNION ALL SELECT store_id, sku, day FROM demand_daily x WHERE ${inRezoned('x')}
      UNION ALL SELECT store_id, sku, ${dayOf('x', 'sold_at')} FROM ${zoned('till_lines')} x WHERE ${inRezoned('x')}
      UNION ALL SELECT store_id, sku, ${dayOf('x', 'placed_at')} FROM ${zoned('order_lines')} x WHERE ${inRezoned('x')}
      UNION ALL SELECT store_id, sku, ${daysBetween('s.day', 'coalesce(s.next_day - 1, h.last_day)')}
        FROM (${snapSql(`WHERE ${inRezoned('x')}`)}) s JOIN (${horizonSql(inRezoned)}) h USING (store_id)`
    : '';
  const newStores = `SELECT store_id FROM till_lines WHERE file_id > ${w}
    UNION SELECT store_id FROM order_lines WHERE file_id > ${w}
    UNION SELECT store_id FROM inventory_snapshots WHERE file_id > ${w}`;
  // A new sale or return may move where a return of the same store, customer and SKU nets (returnsSql):
  // every day of such a key is recomputed. Keys with a return are few; the rest cost nothing here.
  const returnKeys = `SELECT DISTINCT store_id, customer_id, sku FROM order_lines WHERE file_id > ${w} AND customer_id IS NOT NULL
    INTERSECT SELECT DISTINCT store_id, customer_id, sku FROM order_lines WHERE status = 'return'`;
  return `WITH
    new_stores AS (${newStores}),
    returnKeys AS (${returnKeys}),
    horizon AS (${horizonSql((a) => `${a}.store_id IN (SELECT store_id FROM new_stores)`)}),
    snap AS (${snapSql('WHERE x.store_id IN (SELECT store_id FROM new_stores)')}),
    spans AS (
      SELECT s.store_id, s.sku,
        -- A new count also ends the previous count's span early; before, that span may have run to the horizon.
        CASE WHEN s.max_file > ${w} THEN coalesce(s.prev_day + 1, s.day) ELSE s.day END AS day,
        coalesce(s.next_day - 1, h.last_day) AS last
      FROM snap s JOIN horizon h USING (store_id)
      WHERE s.max_file > ${w} OR (s.next_day IS NULL AND s.on_hand <= 0))
    SELECT DISTINCT store_id, sku, day FROM (
      SELECT store_id, sku, ${dayOf('x', 'sold_at')} AS day FROM ${zoned('till_lines')} x WHERE file_id > ${w}
      UNION ALL SELECT store_id, sku, ${dayOf('x', 'placed_at')} FROM ${zoned('order_lines')} x WHERE file_id > ${w}
      UNION ALL SELECT store_id, sku, ${daysBetween('day', 'last')} FROM spans
      UNION ALL SELECT store_id, sku, ${dayOf('x', 'placed_at')} FROM ${zoned('order_lines')} x SEMI JOIN returnKeys k USING (store_id, customer_id, sku)
      ${rezonedCells})`;
}
