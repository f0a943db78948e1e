/**
 * Order customers per cell of a cube, and how many of them placed two or more orders in it (the
 * repeat rate's two counts). Counting distinct orders per customer in every cell directly is 18
 * level combinations, each a distinct count over every order line: the slowest part of brand
 * insights at 1,000 villages once the customer counts were bounded (cube.ts).
 *
 * The shortcut: an order has one store and one day, so every dimension but the last (region,
 * period) puts it in exactly one atom; only the last (product) can put one order in several nodes
 * (a basket of two brands). So orders per customer are counted distinct once per product level,
 * over the other dimensions' atoms, and a wider region or period adds those counts up.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { cellKey } from '../disclosure/index.ts';
import { CodedError } from '../errors.ts';
import { toNumber } from '../warehouse/sql.ts';
import { combinations, type CubeDim } from './cube.ts';
import { helperName } from './scratch.ts';

/** Per `cellKey`: [order customers, of them with 2+ orders]. */
export type RepeatCounts = ReadonlyMap<string, readonly [number, number]>;

/**
 * `base` has the dimensions' columns, `order_customer` (NULL on lines that are no order) and
 * `order_id`. Every dimension but the last must place each order in one atom.
 */
export async function repeatBuyers(conn: DuckDBConnection, base: string, dims: readonly CubeDim[]): Promise<RepeatCounts> {
  const product = dims.at(-1);
  if (product === undefined) throw new CodedError('INTERNAL', 'repeatBuyers needs at least one dimension');
  const outer = dims.slice(0, -1);
  const atomCols = [...new Set(outer.flatMap((d) => d.atom))];
  const perAtom = `${helperName(base)}_rb_orders`;
  const atoms = `${helperName(base)}_rb_atoms`;
  const names = `${helperName(base)}_rb_products`;
  const out = new Map<string, readonly [number, number]>();
  try {
    // The product atoms ordered at all, read once: each level names its nodes from these few rows.
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${atoms} AS
      SELECT DISTINCT ${product.atom.join(', ')} FROM ${base} WHERE order_customer IS NOT NULL`);
    for (const level of product.levels) {
      // The product node travels as its 128-bit MD5 and is named again per cell at the end: grouping
      // millions of (atom, node, customer) rows by a long category|brand string was most of this.
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${names} AS
        SELECT DISTINCT md5_number(${level.key}) AS pk, ${level.key} AS node FROM ${atoms} WHERE (${level.key}) IS NOT NULL`);
      const clash = (await conn.runAndReadAll(`SELECT count(*) - count(DISTINCT pk) FROM ${names}`)).getRows()[0]?.[0];
      if (toNumber(clash) !== 0) throw new CodedError('INTERNAL', `repeatBuyers: two ${level.level} nodes share a hash`);
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${perAtom} AS
        SELECT ${[...atomCols, `md5_number(${level.key}) AS pk`].join(', ')}, order_customer AS cid, count(DISTINCT order_id) AS n
        FROM ${base} WHERE (${level.key}) IS NOT NULL AND order_customer IS NOT NULL GROUP BY ALL`);
      const parts = combinations(outer).map((combo) => {
        const keys = combo.map((l, i) => `${l.key} AS k${i}`);
        const notNull = ['true', ...combo.map((l) => `(${l.key}) IS NOT NULL`)].join(' AND ');
        const k = combo.map((_, i) => `k${i}`);
        return `SELECT ${[...k, 'pk'].join(', ')}, count(*) AS customers, count(*) FILTER (WHERE n >= 2) AS repeat FROM (
          SELECT ${[...keys, 'pk', 'cid'].join(', ')}, sum(n) AS n FROM ${perAtom} WHERE ${notNull} GROUP BY ALL) GROUP BY ALL`;
      });
      const k = outer.map((_, i) => `c.k${i}`);
      const rows = (await conn.runAndReadAll(`SELECT ${[...k, 'p.node', 'c.customers', 'c.repeat'].join(', ')}
        FROM (${parts.join('\nUNION ALL\n')}) c JOIN ${names} p USING (pk)`)).getRows();
      for (const r of rows) {
        out.set(cellKey(r.slice(0, dims.length).map(String)), [toNumber(r[dims.length]), toNumber(r[dims.length + 1])]);
      }
    }
    return out;
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${perAtom}`);
    await conn.run(`DROP TABLE IF EXISTS ${names}`);
    await conn.run(`DROP TABLE IF EXISTS ${atoms}`);
  }
}
