import type { FileKind } from './layouts.ts';

/**
 * Business rules per kind, checked after types. Each rule is SQL over the row's normalised values,
 * referenced as `{col}` (the ingest engine substitutes the right expression). The first rule that
 * fails names the row's reason. `{now}` is the ingest clock (injectable for tests).
 */
export interface Rule {
  readonly code: string;
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
  when: `{store_id} NOT IN (SELECT store_id FROM stores)`,
  message: `'unknown store ' || {store_id}`,
  column: 'store_id',
};
const knownSku: Rule = {
  code: 'unknown_sku',
  when: `{sku} NOT IN (SELECT sku FROM products)`,
  message: `'unknown SKU ' || {sku}`,
  column: 'sku',
};
const price = (col: string): Rule => ({
  code: 'price_out_of_range',
  // A price below zero or absurdly above the catalogue price is a typo or a unit mix-up (fen vs yuan).
  when: `{${col}} < 0 OR {${col}} > greatest(100000, 100 * coalesce((SELECT max(list_price) FROM products p WHERE p.sku = {sku}), 0))`,
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
  when: `{village_id} NOT IN (SELECT village_id FROM villages)`,
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
  ],
  products: [
    { code: 'bad_pack_size', when: `{pack_size} < 1`, message: `'pack size must be at least 1: ' || {pack_size}`, column: 'pack_size' },
    { code: 'price_out_of_range', when: `{list_price} < 0`, message: `'list price below zero: ' || {list_price}`, column: 'list_price' },
  ],
  sellers: [knownVillage, oneOf('kind', ['farmer', 'coop'])],
  orders: [
    oneOf('status', ['placed', 'cancelled', 'returned']),
    oneOf('channel', ['assisted', 'self']),
    {
      code: 'negative_quantity',
      when: `{quantity} < 0 AND {status} <> 'returned'`,
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
    { code: 'unknown_seller', when: `{seller_id} NOT IN (SELECT seller_id FROM sellers)`, message: `'unknown seller ' || {seller_id}`, column: 'seller_id' },
    knownSku,
    price('unit_price'),
  ],
};
