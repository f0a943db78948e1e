/**
 * Daily and weekly demand summed up the geography and product hierarchies, as column arrays (ready
 * for Arrow vectors or JSON). Sparse like demand_daily: a (node, product, period) with no stored
 * cell is absent and means zero demand. Weeks are ISO weeks starting Monday.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';
import { GEO_LEVELS, PRODUCT_LEVELS, geoIdSql, geoJoinSql, productIdSql, type GeoLevel, type ProductLevel } from './hierarchy.ts';

export interface RollupOptions {
  readonly level: GeoLevel;
  readonly productLevel: ProductLevel;
  /** First and last day, YYYY-MM-DD, inclusive; weekly output keeps whole weeks that overlap. */
  readonly from?: string;
  readonly to?: string;
  readonly storeIds?: readonly string[];
}

export interface DemandColumns {
  readonly nodeId: string[];
  readonly productId: string[];
  /** Day, or the Monday of the ISO week, YYYY-MM-DD. */
  readonly period: string[];
  readonly shelfUnits: Float64Array;
  readonly orderUnits: Float64Array;
  /** shelfUnits + orderUnits. */
  readonly totalUnits: Float64Array;
  readonly returnedUnits: Float64Array;
  /** Censored store x SKU days inside the group: where > 0, shelfUnits is a lower bound. */
  readonly censoredDays: Int32Array;
  readonly length: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkOptions(o: RollupOptions): void {
  if (!GEO_LEVELS.includes(o.level)) throw new CodedError('BAD_ARGUMENT', `level must be one of ${GEO_LEVELS.join(', ')}`);
  if (!PRODUCT_LEVELS.includes(o.productLevel)) throw new CodedError('BAD_ARGUMENT', `productLevel must be one of ${PRODUCT_LEVELS.join(', ')}`);
  for (const d of [o.from, o.to]) {
    if (d !== undefined && !ISO_DATE.test(d)) throw new CodedError('BAD_ARGUMENT', `not a YYYY-MM-DD date: ${d}`);
  }
}

async function rollup(conn: DuckDBConnection, o: RollupOptions, weekly: boolean): Promise<DemandColumns> {
  checkOptions(o);
  const where: string[] = [];
  if (o.from) where.push(`d.day >= ${weekly ? `date_trunc('week', DATE ${literal(o.from)})::DATE` : `DATE ${literal(o.from)}`}`);
  if (o.to) where.push(`d.day <= ${weekly ? `date_trunc('week', DATE ${literal(o.to)})::DATE + 6` : `DATE ${literal(o.to)}`}`);
  if (o.storeIds) where.push(o.storeIds.length === 0 ? 'false' : `d.store_id IN (${o.storeIds.map(literal).join(', ')})`);
  const period = weekly ? `date_trunc('week', d.day)::DATE` : 'd.day';
  // The product join is skipped at SKU level so demand for a SKU missing from products still counts.
  const productJoin = o.productLevel === 'sku' ? '' : 'JOIN products p ON p.sku = d.sku';
  const product = o.productLevel === 'sku' ? 'd.sku' : productIdSql(o.productLevel);
  const geoJoin = o.level === 'store' ? '' : `JOIN (SELECT s.store_id, ${geoIdSql(o.level)} AS node FROM ${geoJoinSql}) g ON g.store_id = d.store_id`;
  const node = o.level === 'store' ? 'd.store_id' : 'g.node';
  const sql = `SELECT ${node} AS node, ${product} AS product, strftime(${period}, '%Y-%m-%d') AS period,
      sum(d.shelf_units), sum(d.order_units), sum(d.returned_units), count(*) FILTER (WHERE d.censored)::INTEGER
    FROM demand_daily d ${geoJoin} ${productJoin}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    GROUP BY ALL ORDER BY period, node, product`;
  const reader = await conn.runAndReadAll(sql);
  const n = reader.currentRowCount;
  const cols = reader.getColumns();
  const col = (i: number): readonly unknown[] => cols[i] ?? [];
  const nums = (i: number): Float64Array => Float64Array.from(col(i), (v) => Number(v ?? 0));
  const shelfUnits = nums(3);
  const orderUnits = nums(4);
  const totalUnits = new Float64Array(n);
  for (let i = 0; i < n; i++) totalUnits[i] = (shelfUnits[i] ?? 0) + (orderUnits[i] ?? 0);
  return {
    nodeId: col(0).map((v) => (v === null ? '' : String(v))),
    productId: col(1).map((v) => String(v)),
    period: col(2).map((v) => String(v)),
    shelfUnits,
    orderUnits,
    totalUnits,
    returnedUnits: nums(5),
    censoredDays: Int32Array.from(col(6), (v) => Number(v ?? 0)),
    length: n,
  };
}

/** Demand per (node at `level`, product at `productLevel`, day). */
export function dailyDemand(conn: DuckDBConnection, options: RollupOptions): Promise<DemandColumns> {
  return rollup(conn, options, false);
}

/** Demand per (node, product, ISO week); `period` is the week's Monday. */
export function weeklyDemand(conn: DuckDBConnection, options: RollupOptions): Promise<DemandColumns> {
  return rollup(conn, options, true);
}

/** Row objects from columns, for JSON answers and tests. */
export function demandRows(c: DemandColumns): Array<{ nodeId: string; productId: string; period: string; shelfUnits: number; orderUnits: number; totalUnits: number; returnedUnits: number; censoredDays: number }> {
  const out = [];
  for (let i = 0; i < c.length; i++) {
    out.push({
      nodeId: c.nodeId[i] ?? '', productId: c.productId[i] ?? '', period: c.period[i] ?? '',
      shelfUnits: c.shelfUnits[i] ?? 0, orderUnits: c.orderUnits[i] ?? 0, totalUnits: c.totalUnits[i] ?? 0,
      returnedUnits: c.returnedUnits[i] ?? 0, censoredDays: c.censoredDays[i] ?? 0,
    });
  }
  return out;
}
