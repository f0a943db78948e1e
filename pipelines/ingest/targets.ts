import type { DuckDBConnection } from '@duckdb/node-api';
import { toNumber } from '../warehouse/sql.ts';
import type { FileKind } from './layouts.ts';

/** The temp table of this file's valid rows, one column per layout column plus `ord`. */
export const VALID = 'ingest_valid';

export interface WriteCounts {
  readonly inserted: number;
  readonly updated: number;
}

interface FactTarget {
  readonly table: string;
  readonly key: readonly string[];
  /** target column -> SQL over the valid row `v`. */
  readonly columns: Readonly<Record<string, string>>;
  /** Which of two rows with one key wins inside a file (first in ORDER BY wins). */
  readonly prefer: string;
  /** When set, an existing row is replaced by a newer one (SQL over `v` new and `o` old). */
  readonly newer?: string;
  readonly updateSet?: string;
}

const statusRank = (t: string): string => `CASE ${t}.status WHEN 'placed' THEN 0 ELSE 1 END`;

const FACTS: Partial<Record<FileKind, FactTarget>> = {
  orders: {
    table: 'order_lines',
    key: ['order_id', 'line_no'],
    columns: {
      order_id: 'v.order_id', line_no: 'v.line_no', placed_at: 'v.placed_at', store_id: 'v.store_id',
      customer_id: 'v.customer_id', channel: 'v.channel', sku: 'v.sku',
      // Stored positive: the status says whether the units went out or came back.
      quantity: 'abs(v.quantity)', unit_price: 'v.unit_price', status: 'v.status',
      status_at: 'coalesce(v.status_at, v.placed_at)',
    },
    // The latest word on a line wins: a later status, or a final one (cancelled/returned) over placed.
    prefer: `${statusRank('v')} DESC, coalesce(v.status_at, v.placed_at) DESC, v.ord DESC`,
    newer: `(coalesce(v.status_at, v.placed_at) > o.status_at OR (coalesce(v.status_at, v.placed_at) = o.status_at AND ${statusRank('v')} > ${statusRank('o')}))`,
    updateSet: 'status = v.status, status_at = coalesce(v.status_at, v.placed_at)',
  },
  till: {
    table: 'till_lines',
    key: ['store_id', 'receipt_id', 'line_no'],
    columns: {
      store_id: 'v.store_id', receipt_id: 'v.receipt_id', line_no: 'v.line_no', sold_at: 'v.sold_at',
      sku: 'v.sku', quantity: 'v.quantity', unit_price: 'v.unit_price', is_return: 'v.quantity < 0',
    },
    prefer: 'v.ord',
  },
  inventory: {
    table: 'inventory_snapshots',
    key: ['store_id', 'sku', 'as_of'],
    columns: { store_id: 'v.store_id', sku: 'v.sku', as_of: 'v.as_of', on_hand: 'v.on_hand', on_order: 'v.on_order' },
    // A recount of the same moment supersedes the earlier one.
    prefer: 'v.ord DESC',
    newer: '(v.on_hand IS DISTINCT FROM o.on_hand OR v.on_order IS DISTINCT FROM o.on_order)',
    updateSet: 'on_hand = v.on_hand, on_order = v.on_order',
  },
  produce: {
    table: 'produce_sales',
    key: ['sale_id'],
    columns: { sale_id: 'v.sale_id', sold_at: 'v.sold_at', seller_id: 'v.seller_id', sku: 'v.sku', quantity: 'v.quantity', unit_price: 'v.unit_price' },
    prefer: 'v.ord',
  },
};

interface MasterTarget {
  readonly table: string;
  readonly key: string;
  readonly columns: Readonly<Record<string, string>>;
}

const MASTER: Partial<Record<FileKind, readonly MasterTarget[]>> = {
  geography: [
    { table: 'provinces', key: 'province_id', columns: { province_id: 'v.province_id', name_zh: 'v.province_zh', name_pinyin: 'v.province_pinyin' } },
    { table: 'counties', key: 'county_id', columns: { county_id: 'v.county_id', province_id: 'v.province_id', name_zh: 'v.county_zh', name_pinyin: 'v.county_pinyin' } },
    { table: 'towns', key: 'town_id', columns: { town_id: 'v.town_id', county_id: 'v.county_id', name_zh: 'v.town_zh', name_pinyin: 'v.town_pinyin' } },
    { table: 'villages', key: 'village_id', columns: { village_id: 'v.village_id', town_id: 'v.town_id', name_zh: 'v.village_zh', name_pinyin: 'v.village_pinyin', population: 'v.population' } },
  ],
  stores: [{ table: 'stores', key: 'store_id', columns: cols(['store_id', 'village_id', 'name_zh', 'name_pinyin', 'kind', 'lead_time_days', 'review_period_days', 'service_level', 'min_order_units', 'cash_budget', 'opened_on']) }],
  products: [{ table: 'products', key: 'sku', columns: cols(['sku', 'name_zh', 'name_en', 'category', 'subcategory', 'brand', 'unit', 'pack_size', 'list_price', 'unit_cost', 'shelf_life_days', 'is_produce']) }],
  sellers: [{ table: 'sellers', key: 'seller_id', columns: cols(['seller_id', 'village_id', 'name_zh', 'kind']) }],
};

function cols(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, `v.${n}`]));
}

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  const rows = (await conn.runAndReadAll(sql)).getRows();
  return toNumber(rows[0]?.[0]);
}

/**
 * Writes the valid rows of one file into the warehouse: a key seen again (in this file or an
 * earlier one) is stored once; a later status or a recount updates it; master data is upserted.
 */
export async function writeValid(conn: DuckDBConnection, kind: FileKind, fileId: number): Promise<WriteCounts> {
  const fact = FACTS[kind];
  if (fact) return writeFact(conn, fact, fileId);
  const master = MASTER[kind];
  if (!master) throw new Error(`no target for kind ${kind}`);
  return writeMaster(conn, kind, master);
}

async function writeFact(conn: DuckDBConnection, t: FactTarget, fileId: number): Promise<WriteCounts> {
  const key = t.key.join(', ');
  // Most files repeat no key; only pay for the window when one does. Counting distinct 64-bit
  // hashes is much cheaper than grouping by the key; a collision can only cause a needless window.
  const repeats = await count(conn, `SELECT count(*) - count(DISTINCT hash(${key})) FROM ${VALID}`);
  const source = repeats > 0
    ? `(SELECT * FROM ${VALID} v QUALIFY row_number() OVER (PARTITION BY ${t.key.map((k) => `v.${k}`).join(', ')} ORDER BY ${t.prefer}) = 1)`
    : VALID;
  const on = t.key.map((k) => `o.${k} = v.${k}`).join(' AND ');
  const empty = (await count(conn, `SELECT count(*) FROM (SELECT 1 FROM ${t.table} LIMIT 1)`)) === 0;
  let updated = 0;
  if (t.newer && t.updateSet && !empty) {
    updated = await count(conn, `UPDATE ${t.table} AS o SET ${t.updateSet}, file_id = ${fileId} FROM ${source} AS v WHERE ${on} AND ${t.newer}`);
  }
  const names = Object.keys(t.columns);
  const inserted = await count(conn, `INSERT INTO ${t.table} (${names.join(', ')}, file_id)
    SELECT ${names.map((n) => t.columns[n]).join(', ')}, ${fileId} FROM ${source} AS v
    ${empty ? '' : `WHERE NOT EXISTS (SELECT 1 FROM ${t.table} o WHERE ${on})`}`);
  return { inserted, updated };
}

async function writeMaster(conn: DuckDBConnection, kind: FileKind, targets: readonly MasterTarget[]): Promise<WriteCounts> {
  // The file's own last word per key wins; the row's last target (villages, stores...) is what we count.
  let inserted = 0;
  let updated = 0;
  for (const [i, t] of targets.entries()) {
    const names = Object.keys(t.columns);
    const source = `(SELECT ${names.map((n) => `${t.columns[n]} AS ${n}`).join(', ')} FROM ${VALID} v
      QUALIFY row_number() OVER (PARTITION BY ${t.columns[t.key]} ORDER BY v.ord DESC) = 1)`;
    const changed = await count(conn, `SELECT count(*) FROM ${source} v JOIN ${t.table} o ON o.${t.key} = v.${t.key}
      WHERE ${names.map((n) => `v.${n} IS DISTINCT FROM o.${n}`).join(' OR ')}`);
    const fresh = await count(conn, `SELECT count(*) FROM ${source} v WHERE NOT EXISTS (SELECT 1 FROM ${t.table} o WHERE o.${t.key} = v.${t.key})`);
    await conn.run(`INSERT OR REPLACE INTO ${t.table} (${names.join(', ')}) SELECT * FROM ${source}`);
    if (i === targets.length - 1 || kind !== 'geography') {
      inserted = fresh;
      updated = changed;
    }
  }
  return { inserted, updated };
}
