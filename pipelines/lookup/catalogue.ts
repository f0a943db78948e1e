/**
 * Finding your way in the warehouse: lists of stores, villages, products and categories with a
 * search, and resolving what a user typed to the stored id or label. Typed ids match whatever the
 * case (st00001 is ST00001 when that is the only match); a category matches by its full label, its
 * Chinese or its English part; a miss is NOT_FOUND with the nearest known values.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { didYouMean } from '../text/near-miss.ts';
import { literal } from '../warehouse/sql.ts';

export type Listing = 'stores' | 'villages' | 'products' | 'categories';

interface ListingSql { readonly select: string; readonly search: readonly string[]; readonly order: string }

const LISTINGS: Readonly<Record<Listing, ListingSql>> = {
  stores: {
    select: `SELECT s.store_id, s.name_zh, s.name_pinyin, s.kind, v.village_id, v.name_zh AS village_zh, c.county_id, c.name_pinyin AS county_pinyin,
      s.lead_time_days, s.review_period_days, s.service_level, s.cash_budget::DOUBLE AS cash_budget
      FROM stores s LEFT JOIN villages v USING (village_id) LEFT JOIN towns t ON t.town_id = v.town_id LEFT JOIN counties c ON c.county_id = t.county_id`,
    search: ['s.store_id', 's.name_zh', 's.name_pinyin', 'v.village_id', 'v.name_zh', 'v.name_pinyin', 'c.name_zh', 'c.name_pinyin'],
    order: 's.store_id',
  },
  villages: {
    select: `SELECT v.village_id, v.name_zh, v.name_pinyin, t.name_pinyin AS town_pinyin, c.county_id, c.name_pinyin AS county_pinyin, v.population,
      (SELECT count(*) FROM stores s WHERE s.village_id = v.village_id)::INTEGER AS stores
      FROM villages v LEFT JOIN towns t USING (town_id) LEFT JOIN counties c ON c.county_id = t.county_id`,
    search: ['v.village_id', 'v.name_zh', 'v.name_pinyin', 't.name_zh', 't.name_pinyin', 'c.name_zh', 'c.name_pinyin'],
    order: 'v.village_id',
  },
  products: {
    select: `SELECT p.sku, p.name_zh, p.name_en, p.category, p.brand, p.unit, p.pack_size, p.list_price::DOUBLE AS list_price FROM products p`,
    search: ['p.sku', 'p.name_zh', 'p.name_en', 'p.category', 'p.subcategory', 'p.brand'],
    order: 'p.sku',
  },
  categories: {
    select: `SELECT p.category, count(*)::INTEGER AS products, string_agg(DISTINCT p.subcategory, '; ' ORDER BY p.subcategory) AS subcategories FROM products p`,
    search: ['p.category', 'p.subcategory'],
    order: 'p.category',
  },
};

export interface ListResult { readonly columns: readonly string[]; readonly rows: readonly (string | number | null)[][] }

const plain = (v: unknown): string | number | null => (v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : String(v));

/** One listing, filtered by a search text (case-insensitive, any of its id and name columns). */
export async function listCatalogue(conn: DuckDBConnection, what: Listing, o: { search?: string; limit?: number } = {}): Promise<ListResult> {
  const l = LISTINGS[what];
  const where = o.search === undefined || o.search === '' ? '' : ` WHERE ${l.search.map((c) => `${c} ILIKE ${literal(`%${o.search}%`)}`).join(' OR ')}`;
  const group = what === 'categories' ? ' GROUP BY p.category' : '';
  const r = await conn.runAndReadAll(`${l.select}${where}${group} ORDER BY ${l.order} LIMIT ${Math.max(1, Math.trunc(o.limit ?? 1000))}`);
  return { columns: r.columnNames(), rows: r.getRows().map((row) => row.map(plain)) };
}

type Keyed = 'store' | 'village' | 'town' | 'county' | 'province' | 'sku';
const KEYS: Readonly<Record<Keyed, { table: string; column: string }>> = {
  store: { table: 'stores', column: 'store_id' },
  village: { table: 'villages', column: 'village_id' },
  town: { table: 'towns', column: 'town_id' },
  county: { table: 'counties', column: 'county_id' },
  province: { table: 'provinces', column: 'province_id' },
  sku: { table: 'products', column: 'sku' },
};

const LIST_COMMAND: Partial<Record<Keyed, string>> = { store: 'stores', village: 'villages', sku: 'products' };

/** The stored id for what was typed: exact, else the one case-insensitive match; else NOT_FOUND with near misses. */
export async function resolveKey(conn: DuckDBConnection, what: Keyed, typed: string): Promise<string> {
  const { table, column } = KEYS[what];
  const exact = await conn.runAndReadAll(`SELECT ${column} FROM ${table} WHERE ${column} = ${literal(typed)} LIMIT 1`);
  if (exact.getRows().length > 0) return typed;
  const folded = (await conn.runAndReadAll(`SELECT ${column} FROM ${table} WHERE lower(${column}) = lower(${literal(typed)}) LIMIT 2`)).getRows();
  if (folded.length === 1) return String(folded[0]![0]);
  const all = (await conn.runAndReadAll(`SELECT ${column} FROM ${table}`)).getRows().map((r) => String(r[0]));
  const hint = LIST_COMMAND[what] ? `; \`rural-demand ${LIST_COMMAND[what]} --search TEXT\` lists them` : '';
  throw new CodedError('NOT_FOUND', `${what} ${typed} not found${didYouMean(typed, all)}${hint}`);
}

/** The stored category label for its full label, its Chinese part or its English part (any case). */
export async function resolveCategory(conn: DuckDBConnection, typed: string): Promise<string> {
  const labels = (await conn.runAndReadAll('SELECT DISTINCT category FROM products ORDER BY 1')).getRows().map((r) => String(r[0]));
  const t = typed.trim().toLowerCase();
  const parts = (label: string): string[] => {
    const space = label.indexOf(' ');
    return space < 0 ? [label] : [label, label.slice(0, space), label.slice(space + 1)];
  };
  const hits = labels.filter((l) => parts(l).some((p) => p.toLowerCase() === t));
  if (hits.length === 1) return hits[0]!;
  throw new CodedError('NOT_FOUND', `category '${typed}' not found${didYouMean(typed, labels.flatMap(parts))}; \`rural-demand categories\` lists them`);
}

export interface ExampleIds { readonly store: string; readonly village: string; readonly sku: string }

/**
 * Real ids for the hints a command prints: a store with something to order in the given run (else
 * any suggestion of it, else any store and product), so a newcomer can copy a command that works.
 */
export async function exampleIds(conn: DuckDBConnection, runId: string): Promise<ExampleIds | undefined> {
  const tries = [
    `SELECT r.store_id, s.village_id, r.sku FROM restock_suggestions r JOIN stores s USING (store_id)
      WHERE r.run_id = ${literal(runId)} ORDER BY (r.quantity > 0) DESC, r.store_id, r.cash_needed DESC LIMIT 1`,
    `SELECT s.store_id, s.village_id, (SELECT min(sku) FROM products) FROM stores s ORDER BY s.store_id LIMIT 1`,
  ];
  for (const sql of tries) {
    const row = (await conn.runAndReadAll(sql)).getRows()[0];
    if (row && row[0] !== null && row[2] !== null) return { store: String(row[0]), village: String(row[1]), sku: String(row[2]) };
  }
  return undefined;
}
