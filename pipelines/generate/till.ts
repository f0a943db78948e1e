/**
 * Turns a store-day of shelf sales into till receipts: units split into individual purchases,
 * purchases grouped into baskets of 1-4 lines at times that follow a village shop's day
 * (a morning and an evening peak). A rare return is a negative line of something sold that day.
 */
import type { Product } from './catalogue.ts';
import type { Rng } from './prng.ts';
import { smallInt } from './days.ts';

export type EmitRow = (fields: string[]) => void;

/** Seconds after midnight for a shop customer: morning peak, all-day trickle, evening peak. */
export function shopSecond(rng: Rng, open: number, close: number): number {
  const u = rng.float();
  let s: number;
  if (u < 0.3) s = 8 * 3600 + 3600 * rng.normal();
  else if (u < 0.65) s = 18.5 * 3600 + 5400 * rng.normal();
  else s = open + (close - open) * rng.float();
  return Math.floor(s < open ? open + 60 * rng.float() * 30 : s > close ? close - 60 * rng.float() * 30 : s);
}

const OPEN = 6.5 * 3600;
const CLOSE = 22.5 * 3600;
const RETURN_RATE = 0.002;
const SEQ4: readonly string[] = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));
// Scratch space reused across store-days (the generator is single-threaded).
const items: number[] = [];
const qtys: number[] = [];
const starts: number[] = [];

/**
 * Writes one store-day of till lines. `sold` holds product index and units pairs, flattened.
 * Columns: receipt_id, line_no, sold_at, store_id, sku, quantity, unit_price.
 */
export function writeTillDay(
  rng: Rng,
  products: readonly Product[],
  storeId: string,
  dateIso: string,
  compactDate: string,
  clock: readonly string[],
  sold: readonly number[],
  emit: EmitRow,
): number {
  items.length = 0;
  qtys.length = 0;
  starts.length = 0;
  for (let k = 0; k < sold.length; k += 2) {
    const p = sold[k]!;
    let q = sold[k + 1]!;
    while (q > 0) {
      let take = 1 + rng.geometric(0.3);
      if (take > q) take = q;
      items.push(p);
      qtys.push(take);
      q -= take;
    }
  }
  const n = items.length;
  if (n === 0) return 0;
  // Shuffle purchases into baskets.
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const a = items[i]!;
    items[i] = items[j]!;
    items[j] = a;
    const b = qtys[i]!;
    qtys[i] = qtys[j]!;
    qtys[j] = b;
  }
  for (let i = 0; i < n; ) {
    starts.push(i);
    i += 1 + Math.min(3, rng.geometric(0.45));
  }
  const times = new Float64Array(starts.length);
  for (let r = 0; r < times.length; r++) times[r] = shopSecond(rng, OPEN, CLOSE);
  times.sort();
  let lines = 0;
  for (let r = 0; r < starts.length; r++) {
    const from = starts[r]!;
    const to = Math.min(n, starts[r + 1] ?? n);
    const receipt = `R${compactDate}-${SEQ4[r + 1] ?? String(r + 1)}`;
    const at = `${dateIso} ${clock[times[r]!] ?? '12:00:00'}`;
    let lineNo = 0;
    for (let i = from; i < to; i++) {
      const p = products[items[i]!]!;
      emit([receipt, smallInt(++lineNo), at, storeId, p.sku, smallInt(qtys[i]!), p.priceText]);
      lines++;
      if (rng.float() < RETURN_RATE) {
        emit([receipt, smallInt(++lineNo), at, storeId, p.sku, '-1', p.priceText]);
        lines++;
      }
    }
  }
  return lines;
}
