/**
 * The declared file layouts: what every export of each kind looks like. CSV/TSV readers use these
 * columns and types verbatim (never guessed); JSON Lines and Parquet use the same field names.
 * A foreign export is brought onto one of these through a mapping file (see mapping.ts).
 *
 * Timestamps are `YYYY-MM-DD HH:MM:SS` (or with `T`), Asia/Shanghai local time unless an offset
 * is written (a mapping may name another zone for its file). Which day a sale counts on is the
 * store's own local day (stores.timezone). Dates are `YYYY-MM-DD`. Booleans are `true`/`false`/`1`/`0`.
 */
export type ColumnType = 'text' | 'integer' | 'number' | 'timestamp' | 'date' | 'boolean';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** A blank value is allowed (becomes NULL). */
  readonly nullable?: boolean;
  /**
   * The column came after files were written without it: a file may leave it out (it reads as
   * NULL). Only trailing nullable columns are optional, so a header is still a prefix of the layout.
   */
  readonly optional?: boolean;
}

export type FileKind =
  | 'geography'
  | 'stores'
  | 'products'
  | 'sellers'
  | 'orders'
  | 'till'
  | 'inventory'
  | 'produce';

export interface Layout {
  readonly kind: FileKind;
  readonly columns: readonly ColumnSpec[];
  /** Columns that identify a row; a second row with the same key is a duplicate or an update. */
  readonly key: readonly string[];
}

const c = (name: string, type: ColumnType, nullable = false): ColumnSpec => ({ name, type, nullable });
const later = (name: string, type: ColumnType): ColumnSpec => ({ name, type, nullable: true, optional: true });

export const LAYOUTS: Readonly<Record<FileKind, Layout>> = {
  geography: {
    kind: 'geography',
    key: ['village_id'],
    columns: [
      c('village_id', 'text'), c('village_zh', 'text'), c('village_pinyin', 'text'),
      c('town_id', 'text'), c('town_zh', 'text'), c('town_pinyin', 'text'),
      c('county_id', 'text'), c('county_zh', 'text'), c('county_pinyin', 'text'),
      c('province_id', 'text'), c('province_zh', 'text'), c('province_pinyin', 'text'),
      c('population', 'integer', true),
    ],
  },
  stores: {
    kind: 'stores',
    key: ['store_id'],
    columns: [
      c('store_id', 'text'), c('village_id', 'text'), c('name_zh', 'text'), c('name_pinyin', 'text'),
      c('kind', 'text'), c('lead_time_days', 'integer'), c('review_period_days', 'integer'),
      c('service_level', 'number'), c('min_order_units', 'integer'), c('cash_budget', 'number', true),
      c('opened_on', 'date', true),
      // IANA name (Europe/London); the store's sales belong to its local day. Blank: Asia/Shanghai.
      later('timezone', 'text'),
    ],
  },
  products: {
    kind: 'products',
    key: ['sku'],
    columns: [
      c('sku', 'text'), c('name_zh', 'text'), c('name_en', 'text'), c('category', 'text'),
      c('subcategory', 'text'), c('brand', 'text'), c('unit', 'text'), c('pack_size', 'integer'),
      c('list_price', 'number'), c('unit_cost', 'number', true), c('shelf_life_days', 'integer', true),
      c('is_produce', 'boolean'),
    ],
  },
  sellers: {
    kind: 'sellers',
    key: ['seller_id'],
    columns: [c('seller_id', 'text'), c('village_id', 'text'), c('name_zh', 'text'), c('kind', 'text')],
  },
  orders: {
    kind: 'orders',
    key: ['order_id', 'line_no'],
    columns: [
      c('order_id', 'text'), c('line_no', 'integer'), c('placed_at', 'timestamp'), c('store_id', 'text'),
      c('customer_id', 'text', true), c('channel', 'text'), c('sku', 'text'), c('quantity', 'number'),
      c('unit_price', 'number'), c('status', 'text'), c('status_at', 'timestamp', true),
    ],
  },
  till: {
    kind: 'till',
    key: ['store_id', 'receipt_id', 'line_no'],
    columns: [
      c('receipt_id', 'text'), c('line_no', 'integer'), c('sold_at', 'timestamp'), c('store_id', 'text'),
      c('sku', 'text'), c('quantity', 'number'), c('unit_price', 'number'),
      // The shopper when the till knows them (loyalty card, household number).
      later('customer_id', 'text'),
    ],
  },
  inventory: {
    kind: 'inventory',
    key: ['store_id', 'sku', 'as_of'],
    columns: [
      c('store_id', 'text'), c('sku', 'text'), c('as_of', 'timestamp'), c('on_hand', 'number'),
      c('on_order', 'number'),
    ],
  },
  produce: {
    kind: 'produce',
    key: ['sale_id'],
    columns: [
      c('sale_id', 'text'), c('sold_at', 'timestamp'), c('seller_id', 'text'), c('sku', 'text'),
      c('quantity', 'number'), c('unit_price', 'number'),
    ],
  },
};

/** Kinds that describe things (places, stores, products, sellers) rather than record events. */
export const MASTER_KINDS: readonly FileKind[] = ['geography', 'stores', 'products', 'sellers'];

/** File names start with their kind: `orders-2025-01.csv.gz`, `till_20250101.jsonl`, `products.parquet`. */
export function kindFromFileName(name: string): FileKind | undefined {
  const base = name.toLowerCase().replace(/^.*[\\/]/, '');
  const m = /^([a-z]+)/.exec(base);
  const word = m?.[1];
  if (word === undefined) return undefined;
  return (Object.keys(LAYOUTS) as FileKind[]).find((k) => k === word);
}

export type FileFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

export function formatFromFileName(name: string): { format: FileFormat; gzip: boolean } | undefined {
  const lower = name.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const stem = gzip ? lower.slice(0, -3) : lower;
  if (stem.endsWith('.csv')) return { format: 'csv', gzip };
  if (stem.endsWith('.tsv') || stem.endsWith('.tab')) return { format: 'tsv', gzip };
  if (stem.endsWith('.jsonl') || stem.endsWith('.ndjson')) return { format: 'jsonl', gzip };
  if (stem.endsWith('.parquet') && !gzip) return { format: 'parquet', gzip };
  return undefined;
}
