import type { DuckDBConnection } from '@duckdb/node-api';
import { toNumber } from '../warehouse/sql.ts';
import { CodedError } from '../errors.ts';
import type { FileKind } from './layouts.ts';
import type { DefiningRow } from './mapping.ts';

/** The temp table of this file's valid rows, one column per layout column plus `ord`. */
export const VALID = 'ingest_valid';

export interface WriteCounts {
  readonly inserted: number;
  readonly updated: number;
}

export interface FactTarget {
  readonly table: string;
  readonly key: readonly string[];
  /** target column -> SQL over the file's normalised row `v`. */
  readonly columns: Readonly<Record<string, string>>;
  /**
   * Which row wins when rows share a key, as an ORDER BY over the stored row `t` and `is_new`
   * (true for this file's rows): the first row wins, the others are removed.
   */
  readonly winner: string;
}

const statusRank = (t: string): string => `CASE ${t}.status WHEN 'placed' THEN 0 ELSE 1 END`;

export const FACTS: Partial<Record<FileKind, FactTarget>> = {
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
    // The latest word on a line wins: a later status, or a final one (cancelled/returned) over
    // placed at the same moment; a line told twice the same way keeps its first telling.
    winner: `t.status_at DESC, ${statusRank('t')} DESC, is_new ASC, t.rowid ASC`,
  },
  till: {
    table: 'till_lines',
    key: ['store_id', 'receipt_id', 'line_no'],
    columns: {
      store_id: 'v.store_id', receipt_id: 'v.receipt_id', line_no: 'v.line_no', sold_at: 'v.sold_at',
      sku: 'v.sku', quantity: 'v.quantity', unit_price: 'v.unit_price', is_return: 'v.quantity < 0', customer_id: 'v.customer_id',
    },
    winner: 'is_new ASC, t.rowid ASC',
  },
  inventory: {
    table: 'inventory_snapshots',
    key: ['store_id', 'sku', 'as_of'],
    columns: { store_id: 'v.store_id', sku: 'v.sku', as_of: 'v.as_of', on_hand: 'v.on_hand', on_order: 'v.on_order' },
    // A recount of the same moment supersedes the earlier one.
    winner: 'is_new DESC, t.rowid DESC',
  },
  produce: {
    table: 'produce_sales',
    key: ['sale_id'],
    columns: { sale_id: 'v.sale_id', sold_at: 'v.sold_at', seller_id: 'v.seller_id', sku: 'v.sku', quantity: 'v.quantity', unit_price: 'v.unit_price' },
    winner: 'is_new ASC, t.rowid ASC',
  },
};

export interface RepeatCounts {
  /** This file's rows removed because an older or better row with their key stays. */
  readonly duplicate: number;
  /** Keys where this file's row replaced an older one (a later status, a recount). */
  readonly updated: number;
}

/**
 * After a file's rows are appended, leaves one row per key: within the file and against what was
 * there before. Only keys that occur twice are ranked; they are found by grouping 64-bit hashes of
 * the key over this file's rows (a collision only ranks a few more rows; ranking uses the real key).
 */
export async function resolveRepeats(conn: DuckDBConnection, t: FactTarget, fileId: number, hadRows: boolean): Promise<RepeatCounts> {
  const key = t.key.map((k) => `t.${k}`).join(', ');
  await conn.run('DROP TABLE IF EXISTS ingest_hits');
  const older = hadRows
    ? `UNION SELECT m.h FROM mine m WHERE m.h IN (SELECT hash(${key}) FROM ${t.table} t WHERE t.file_id <> ${fileId})`
    : '';
  await conn.run(`CREATE TEMP TABLE ingest_hits AS
    WITH mine AS (SELECT hash(${key}) AS h FROM ${t.table} t WHERE t.file_id = ${fileId})
    SELECT h FROM mine GROUP BY h HAVING count(*) > 1 ${older}`);
  if ((await count(conn, 'SELECT count(*) FROM ingest_hits')) === 0) return { duplicate: 0, updated: 0 };
  await conn.run('DROP TABLE IF EXISTS ingest_ranked');
  await conn.run(`CREATE TEMP TABLE ingest_ranked AS
    SELECT rid, is_new, rn, had_old FROM (
      SELECT t.rowid AS rid, t.file_id = ${fileId} AS is_new,
        row_number() OVER (PARTITION BY ${key} ORDER BY ${t.winner.replaceAll('is_new', `(t.file_id = ${fileId})`)}) AS rn,
        bool_or(t.file_id <> ${fileId}) OVER (PARTITION BY ${key}) AS had_old
      FROM ${t.table} t WHERE hash(${key}) IN (SELECT h FROM ingest_hits))`);
  await conn.run(`DELETE FROM ${t.table} WHERE rowid IN (SELECT rid FROM ingest_ranked WHERE rn > 1)`);
  const duplicate = await count(conn, 'SELECT count(*) FROM ingest_ranked WHERE rn > 1 AND is_new');
  const updated = await count(conn, 'SELECT count(*) FROM ingest_ranked WHERE rn = 1 AND is_new AND had_old');
  await conn.run('DROP TABLE ingest_ranked');
  await conn.run('DROP TABLE ingest_hits');
  return { duplicate, updated };
}

export async function hasRows(conn: DuckDBConnection, table: string): Promise<boolean> {
  return (await count(conn, `SELECT count(*) FROM (SELECT 1 FROM ${table} LIMIT 1)`)) > 0;
}

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
  stores: [{ table: 'stores', key: 'store_id', columns: cols(['store_id', 'village_id', 'name_zh', 'name_pinyin', 'kind', 'lead_time_days', 'review_period_days', 'service_level', 'min_order_units', 'cash_budget', 'opened_on', 'timezone']) }],
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
 * Upserts master data from the staged valid rows; `defining` says which row of a key wins (the
 * file's last word by default).
 */
export async function writeMasterData(conn: DuckDBConnection, kind: FileKind, defining: DefiningRow = 'last'): Promise<WriteCounts> {
  const master = MASTER[kind];
  if (!master) throw new CodedError('INTERNAL', `no master target for kind ${kind}`);
  return writeMaster(conn, kind, master, defining);
}

async function writeMaster(conn: DuckDBConnection, kind: FileKind, targets: readonly MasterTarget[], defining: DefiningRow): Promise<WriteCounts> {
  // The row's last target (villages, stores...) is what we count.
  let inserted = 0;
  let updated = 0;
  for (const [i, t] of targets.entries()) {
    const names = Object.keys(t.columns);
    // most_common: rows giving the same description of the key are counted together (the partition
    // holds every target column, the key among them).
    const counted = defining === 'most_common'
      ? `(SELECT v.*, count(*) OVER (PARTITION BY ${names.map((n) => t.columns[n]).join(', ')}) AS __same FROM ${VALID} v)`
      : VALID;
    const order = defining === 'first' ? 'v.ord ASC' : defining === 'most_common' ? 'v.__same DESC, v.ord DESC' : 'v.ord DESC';
    const source = `(SELECT ${names.map((n) => `${t.columns[n]} AS ${n}`).join(', ')} FROM ${counted} v
      QUALIFY row_number() OVER (PARTITION BY ${t.columns[t.key]} ORDER BY ${order}) = 1)`;
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
