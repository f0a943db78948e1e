/**
 * Orders a Rural Taobao service centre places for villagers (40-50 a day, 1-3 lines each), with
 * stable pseudonymous customers who come back, assisted versus self-service ordering, and later
 * cancellations and returns that arrive as updates of the same (order_id, line_no).
 */
import type { Catalogue, Product } from './catalogue.ts';
import type { DayFactors } from './seasonality.ts';
import type { Store } from './geography.ts';
import { mix32, Rng } from './prng.ts';
import { shopSecond } from './till.ts';
import { smallInt, timestamp } from './days.ts';

/** A centre places 40-50 orders a day (China Daily, 2017); volume factors scatter around this. */
export const ORDERS_PER_DAY = 42;
const SEQ3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const CANCEL_RATE = 0.03;

/** Day-specific sampling table over the SKUs that centres order online. */
export class OrderMix {
  private readonly eligible: Int32Array;
  private readonly weight: Float64Array;
  private readonly cum: Float64Array;
  private readonly returns: Float64Array;

  constructor(private readonly catalogue: Catalogue) {
    const idx: number[] = [];
    const w: number[] = [];
    for (const p of catalogue.products) {
      if (p.isProduce || p.channel === 'shelf') continue;
      idx.push(p.index);
      // Big-ticket goods are what villagers come to a centre for.
      w.push(p.pop * (p.channel === 'order' ? 3 : 1));
    }
    this.eligible = Int32Array.from(idx);
    this.weight = Float64Array.from(w);
    this.cum = new Float64Array(idx.length);
    this.returns = Float64Array.from(catalogue.products, (p) => (p.category.startsWith('服装') ? 0.06 : 0.015));
  }

  /** Clothing comes back most (sizes); other goods rarely. */
  returnRate(productIndex: number): number {
    return this.returns[productIndex] ?? 0.015;
  }

  get size(): number {
    return this.eligible.length;
  }

  prepare(f: DayFactors): void {
    let acc = 0;
    for (let i = 0; i < this.eligible.length; i++) {
      const p = this.catalogue.products[this.eligible[i]!]!;
      acc += this.weight[i]! * f.order[p.categoryIndex]!;
      this.cum[i] = acc;
    }
  }

  sample(rng: Rng): number {
    const total = this.cum[this.cum.length - 1] ?? 0;
    const x = rng.float() * total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.eligible[lo]!;
  }
}

/** A status change to write on a later day. */
export interface PendingUpdate {
  readonly day: number;
  readonly second: number;
  readonly fields: string[];
}

function quantityFor(rng: Rng, p: Product): number {
  if (p.listPrice > 500) return 1;
  // Farmers buy fertiliser by the many bags (one bought over 1,000 pounds in a go).
  if (p.profile === 'farm' && p.unit === '袋') return 1 + rng.geometric(0.8);
  return 1 + rng.geometric(0.25);
}

const CENTRE_OPEN = 7.5 * 3600;
const CENTRE_CLOSE = 23 * 3600;

export class CentreOrders {
  readonly rng: Rng;
  private readonly pool: number;
  private readonly hashSalt: number;

  constructor(seed: number, readonly store: Store) {
    this.rng = Rng.derive(seed, 'orders', store.index);
    this.pool = Math.max(60, Math.round(store.village.population * 0.3));
    this.hashSalt = Number(Rng.derive(seed, 'customers').nextU32());
  }

  private readonly customers: (string | undefined)[] = [];

  private customer(n: number): string {
    const known = this.customers[n];
    if (known !== undefined) return known;
    const a = mix32(this.store.index + this.hashSalt, n);
    const b = mix32(n ^ this.hashSalt, this.store.index);
    const id = `c${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
    this.customers[n] = id;
    return id;
  }

  /**
   * Writes one day of this centre's orders; returns later status updates.
   * Columns: order_id, line_no, placed_at, store_id, customer_id, channel, sku, quantity,
   * unit_price, status, status_at.
   */
  day(
    f: DayFactors, day: number, dateIso: string, compactDate: string, clock: readonly string[], marketMult: number,
    products: readonly Product[], mix: OrderMix, emit: (fields: string[]) => void, later: (u: PendingUpdate) => void,
  ): number {
    const rng = this.rng;
    if (mix.size === 0) return 0;
    const mean = ORDERS_PER_DAY * f.orderVolume * marketMult * Math.pow(this.store.size, 0.3);
    const count = Math.min(999, rng.negBinomial(mean, 25));
    const times = new Float64Array(count);
    for (let i = 0; i < count; i++) times[i] = shopSecond(rng, CENTRE_OPEN, CENTRE_CLOSE);
    times.sort();
    // Villagers learn to order by themselves over the years.
    const selfShare = Math.min(0.6, 0.3 * f.growth);
    const storeNo = String(this.store.index + 1).padStart(5, '0');
    const discount = f.order.length > 0 && (dateIso.endsWith('-11-11') || dateIso.endsWith('-06-18')) ? 0.85 : 1;
    let lines = 0;
    for (let o = 0; o < count; o++) {
      const orderId = `O${compactDate}${storeNo}${SEQ3[o + 1] ?? String(o + 1)}`;
      const second = times[o]!;
      const at = `${dateIso} ${clock[second] ?? '12:00:00'}`;
      const u = rng.float();
      const customer = this.customer(Math.floor(this.pool * u * u));
      const channel = rng.float() < selfShare ? 'self' : 'assisted';
      const nLines = 1 + (rng.float() < 0.35 ? 1 : 0) + (rng.float() < 0.1 ? 1 : 0);
      let first = -1;
      let secondPick = -1;
      let lineNo = 0;
      for (let l = 0; l < nLines; l++) {
        const pi = mix.sample(rng);
        // Two picks of the same SKU in one order are one line.
        if (pi === first || pi === secondPick) continue;
        if (first < 0) first = pi;
        else secondPick = pi;
        lineNo++;
        const p = products[pi]!;
        const qty = smallInt(quantityFor(rng, p));
        const price = discount === 1 ? p.priceText : (p.listPrice * discount).toFixed(2);
        const fields = [orderId, smallInt(lineNo), at, this.store.id, customer, channel, p.sku, qty, price, 'placed', at];
        emit(fields);
        lines++;
        const r = rng.float();
        const returnRate = mix.returnRate(pi);
        if (r < CANCEL_RATE) {
          const s = second + 3600 + rng.int(36 * 3600);
          later(this.update(fields, day, s, 'cancelled'));
        } else if (r < CANCEL_RATE + returnRate) {
          later(this.update(fields, day, second + (3 + rng.int(13)) * 86_400 + rng.int(36_000), 'returned'));
        }
      }
    }
    return lines;
  }

  private update(fields: string[], day: number, secondFromDay: number, status: string): PendingUpdate {
    const d = day + Math.floor(secondFromDay / 86_400);
    const s = Math.min(82_800, Math.max(28_800, secondFromDay % 86_400));
    const out = fields.slice();
    out[9] = status;
    out[10] = timestamp(d, s);
    return { day: d, second: s, fields: out };
  }
}
