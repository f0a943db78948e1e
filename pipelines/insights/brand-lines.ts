/**
 * The sales lines brand insights are made of, and the periods they cover. Sales are gross (placed
 * order lines that were neither cancelled nor returned, till lines that are not returns): every
 * value is then non-negative, which the attacker model assumes and which keeps a return in one
 * week from making a cell negative. Produce sold outward by farmers is not a brand's sale.
 *
 * Who bought: an order line's pseudonymous customer; a till receipt has none, so each receipt is
 * its own anonymous buyer (`r:` keys). Baskets are orders and receipts. All of these stay in the
 * warehouse: only counts leave it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { isoDate, dayNumber } from '../calendar/dates.ts';
import { STORE_ZONES, localDay } from '../demand/cells-sql.ts';
import { TEMP_SCRATCH, type Scratch } from './scratch.ts';

export interface InsightWindow {
  /** Last day with sales. */
  readonly asOf: string;
  /** The latest 12 complete months (`ALL`) and the 12 before them (`ALL_PREV`). */
  readonly start: string;
  readonly end: string;
  readonly prevStart: string;
  readonly months: readonly string[];
  readonly prevMonths: readonly string[];
}

function monthStart(iso: string, back: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 - back;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/** The window for a last day of sales: a month counts once its last day is in. */
export function insightWindow(asOf: string): InsightWindow {
  const next = isoDate(dayNumber(asOf) + 1);
  const lastComplete = next.slice(8, 10) === '01' ? asOf.slice(0, 7) : monthStart(asOf, 1).slice(0, 7);
  const endExclusive = monthStart(`${lastComplete}-01`, -1);
  const start = monthStart(`${lastComplete}-01`, 11);
  const prevStart = monthStart(`${lastComplete}-01`, 23);
  const months = Array.from({ length: 12 }, (_, i) => monthStart(start, -i).slice(0, 7));
  const prevMonths = Array.from({ length: 12 }, (_, i) => monthStart(prevStart, -i).slice(0, 7));
  return { asOf, start, end: isoDate(dayNumber(endExclusive) - 1), prevStart, months, prevMonths };
}

export async function lastSalesDay(conn: DuckDBConnection): Promise<string | null> {
  const r = await conn.runAndReadAll(`SELECT strftime(max(${localDay('h.moment', 'z.tz')}), '%Y-%m-%d') FROM (
    SELECT store_id, max(placed_at) AS moment FROM order_lines GROUP BY store_id
    UNION ALL SELECT store_id, max(sold_at) FROM till_lines GROUP BY store_id) h LEFT JOIN ${STORE_ZONES} z USING (store_id)`);
  const v = r.getRows()[0]?.[0];
  return typeof v === 'string' ? v : null;
}

/**
 * Buyers, baskets and orders travel as the 128-bit MD5 of their ids, 16 bytes against 20-odd
 * characters, in the 50 M lines the distinct counts and the basket join read. DuckDB's own 64-bit
 * hash() is not fit for this: it gives fewer distinct values than there are receipt keys on the
 * 1,000-village bench warehouse (`npm run bench:brand-lines`). At 128 bits a shared value is not to
 * be expected (about 10^-24 per run).
 *
 * Scratch table `brand_lines`: one row per sales line in the two years of the window, with its
 * region, period, product and buyer columns.
 */
export async function createBrandLines(conn: DuckDBConnection, w: InsightWindow, scratch: Scratch = TEMP_SCRATCH): Promise<number> {
  if (w.prevMonths.length !== 12) throw new CodedError('INTERNAL', 'insight window must hold 24 months');
  await conn.run(`${scratch.create('brand_lines')} AS
    WITH lines AS (
      -- One namespace for customer ids from orders and tills: were a person in both, counting them
      -- once errs towards suppression, never towards disclosure.
      SELECT store_id, sku, moment, units, value, cust, basket, cust AS order_customer, basket AS order_id FROM (
        SELECT store_id, sku, placed_at AS moment, quantity AS units, quantity * CAST(unit_price AS DOUBLE) AS value,
               md5_number('c:' || customer_id) AS cust, md5_number('o:' || order_id) AS basket
        FROM order_lines WHERE status = 'placed' AND quantity > 0)
      UNION ALL
      -- A till line without a shopper counts its receipt as one buyer.
      SELECT store_id, sku, sold_at, quantity, quantity * CAST(unit_price AS DOUBLE),
             md5_number(coalesce('c:' || customer_id, 'r:' || store_id || ':' || receipt_id)), md5_number('r:' || store_id || ':' || receipt_id), NULL, NULL
      FROM till_lines WHERE NOT is_return AND quantity > 0
    ),
    -- The store's own local day (stores.timezone), as for demand.
    dated AS (SELECT l.* EXCLUDE (moment), ${localDay('l.moment', 's.timezone')} AS day, s.village_id
              FROM lines l JOIN stores s ON s.store_id = l.store_id)
    SELECT l.store_id, l.sku, l.day, l.units, l.value, l.cust, l.basket, l.order_customer, l.order_id,
           p.category, p.brand, CAST(l.value / l.units AS DOUBLE) AS unit_price, l.village_id, c.county_id, c.province_id,
           CASE WHEN l.day >= DATE '${w.start}' THEN 'ALL' ELSE 'ALL_PREV' END AS yr,
           strftime(l.day, '%Y-%m') AS month
    FROM dated l
    JOIN products p ON p.sku = l.sku
    JOIN villages v ON v.village_id = l.village_id
    JOIN towns t ON t.town_id = v.town_id
    JOIN counties c ON c.county_id = t.county_id
    WHERE NOT p.is_produce AND l.day >= DATE '${w.prevStart}' AND l.day <= DATE '${w.end}'`);
  const n = (await conn.runAndReadAll(`SELECT count(*) FROM ${scratch.table('brand_lines')}`)).getRows()[0]?.[0];
  return Number(n ?? 0);
}
