import type { FileKind } from './layouts.ts';

/**
 * Business rules per kind, checked after types. Each rule is SQL over the row's normalised values,
 * referenced as `{col}` (the ingest engine substitutes the right expression). The first rule that
 * fails names the row's reason. `{now}` is the ingest clock (injectable for tests).
 */
export type Lookup = 'store' | 'sku' | 'seller' | 'village';

export interface Rule {
  readonly code: string;
  /**
   * Master tables the rule reads. Lookup rules run in a second, narrow pass (a join over the key
   * columns); row-local rules run while the file is read.
   */
  readonly needs?: readonly Lookup[];
  /** SQL that is TRUE when the row breaks the rule. */
  readonly when: string;
  /** SQL yielding the human message. */
  readonly message: string;
  readonly column?: string;
}

const future = (col: string): Rule => ({
  code: 'future_timestamp',
  when: `{${col}} > {now} + INTERVAL 1 DAY`,
  message: `'${col} is in the future: ' || strftime({${col}}, '%Y-%m-%d %H:%M:%S')`,
  column: col,
});
const knownStore: Rule = {
  code: 'unknown_store',
  when: `NOT {known_store}`,
  needs: ['store'],
  message: `'unknown store ' || {store_id}`,
  column: 'store_id',
};
const knownSku: Rule = {
  code: 'unknown_sku',
  when: `NOT {known_sku}`,
  needs: ['sku'],
  message: `'unknown SKU ' || {sku}`,
  column: 'sku',
};
const price = (col: string): Rule => ({
  code: 'price_out_of_range',
  // A price below zero or absurdly above the catalogue price is a typo or a unit mix-up (fen vs yuan).
  when: `{${col}} < 0 OR {${col}} > greatest(100000, 100 * coalesce({list_price}, 0))`,
  needs: ['sku'],
  message: `'${col} out of range: ' || {${col}}`,
  column: col,
});
const oneOf = (col: string, values: readonly string[]): Rule => ({
  code: `bad_${col}`,
  when: `{${col}} NOT IN (${values.map((v) => `'${v}'`).join(', ')})`,
  message: `'${col} must be one of ${values.join('/')}: ' || {${col}}`,
  column: col,
});
const knownVillage: Rule = {
  code: 'unknown_village',
  when: `NOT {known_village}`,
  needs: ['village'],
  message: `'unknown village ' || {village_id}`,
  column: 'village_id',
};

export const RULES: Readonly<Record<FileKind, readonly Rule[]>> = {
  geography: [],
  stores: [
    knownVillage,
    oneOf('kind', ['service_centre', 'mom_and_pop']),
    { code: 'bad_policy', when: `{lead_time_days} < 0 OR {review_period_days} < 1 OR {min_order_units} < 0`, message: `'lead time, review period or minimum order out of range'` },
    { code: 'bad_service_level', when: `{service_level} <= 0 OR {service_level} >= 1`, message: `'service level must be between 0 and 1: ' || {service_level}`, column: 'service_level' },
    // Checked here: an unknown zone would otherwise fail every later demand refresh.
    {
      code: 'unknown_timezone',
      when: `{timezone} IS NOT NULL AND {timezone} NOT IN (SELECT name FROM pg_timezone_names())`,
      message: `'unknown time zone (an IANA name such as Europe/London): ' || {timezone}`,
      column: 'timezone',
    },
  ],
  products: [
    { code: 'bad_pack_size', when: `{pack_size} < 1`, message: `'pack size must be at least 1: ' || {pack_size}`, column: 'pack_size' },
    { code: 'price_out_of_range', when: `{list_price} < 0`, message: `'list price below zero: ' || {list_price}`, column: 'list_price' },
  ],
  sellers: [knownVillage, oneOf('kind', ['farmer', 'coop'])],
  orders: [
    // `returned`: this sale came back (a later word on the same line); `return`: a credit line of its
    // own giving back units of an earlier sale (netted against it by the demand refresh).
    oneOf('status', ['placed', 'cancelled', 'returned', 'return']),
    oneOf('channel', ['assisted', 'self']),
    {
      code: 'negative_quantity',
      when: `{quantity} < 0 AND {status} NOT IN ('returned', 'return')`,
      message: `'negative quantity on a line that is not a return: ' || {quantity}`,
      column: 'quantity',
    },
    { code: 'zero_quantity', when: `{quantity} = 0`, message: `'quantity is zero'`, column: 'quantity' },
    future('placed_at'),
    {
      code: 'status_before_placed',
      when: `{status_at} < {placed_at}`,
      message: `'status time is before the order was placed'`,
      column: 'status_at',
    },
    knownStore,
    knownSku,
    price('unit_price'),
  ],
  till: [
    { code: 'zero_quantity', when: `{quantity} = 0`, message: `'quantity is zero'`, column: 'quantity' },
    future('sold_at'),
    knownStore,
    knownSku,
    price('unit_price'),
  ],
  inventory: [
    { code: 'negative_stock', when: `{on_hand} < 0 OR {on_order} < 0`, message: `'stock below zero: ' || {on_hand} || ' on hand, ' || {on_order} || ' on order'` },
    future('as_of'),
    knownStore,
    knownSku,
  ],
  produce: [
    { code: 'negative_quantity', when: `{quantity} <= 0`, message: `'quantity must be above zero: ' || {quantity}`, column: 'quantity' },
    future('sold_at'),
    { code: 'unknown_seller', when: `NOT {known_seller}`, needs: ['seller'], message: `'unknown seller ' || {seller_id}`, column: 'seller_id' },
    knownSku,
    price('unit_price'),
  ],
};

/**
 * How each lookup reads master data: the table's keys become a temporary ENUM type, so "is this SKU
 * known" is a hash lookup inside the cast and the SKU's list price is `enum_code` into a list.
 * A LEFT JOIN per lookup cost a 5M-line file 4 s of wall time; the ENUM casts cost well under one.
 */
export const LOOKUPS: Readonly<Record<Lookup, { table: string; key: string; flag: string; extra?: Readonly<Record<string, string>> }>> = {
  store: { table: 'stores', key: 'store_id', flag: 'known_store' },
  sku: { table: 'products', key: 'sku', flag: 'known_sku', extra: { list_price: 'list_price' } },
  seller: { table: 'sellers', key: 'seller_id', flag: 'known_seller' },
  village: { table: 'villages', key: 'village_id', flag: 'known_village' },
};
