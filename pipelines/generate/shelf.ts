/**
 * One store's shelf: latent daily demand per SKU (negative binomial), a naive shopkeeper's
 * periodic-review reordering from smoothed *observed* sales, lead times, and censoring
 * (sales = min(demand, on hand)). Stock-outs arise on their own: the shopkeeper under-reacts to
 * seasonal surges and learns low from days when the shelf was empty.
 */
import type { Catalogue } from './catalogue.ts';
import type { Store } from './geography.ts';
import { Rng } from './prng.ts';

/** Arrivals ring: lead times are at most 5 days, so 8 slots never wrap onto a pending order. */
const RING = 8;

export interface ShelfEvents {
  /** Called for each SKU with demand > 0 (latent, before censoring). */
  demand(productIndex: number, demand: number): void;
  /** Called for each SKU sold today (after censoring). */
  sold(productIndex: number, units: number): void;
  /**
   * A stock row: at the morning delivery (`arrival`, on hand after it, before sales) or at close
   * on review days and on days the SKU sells out.
   */
  stock(productIndex: number, onHand: number, onOrder: number, arrival: boolean): void;
}

export class ShelfSim {
  readonly store: Store;
  readonly skus: Int32Array;
  private readonly base: Float64Array;
  private readonly disp: Float64Array;
  private readonly cat: Int32Array;
  private readonly shelfLife: Float64Array;
  private readonly onHand: Float64Array;
  private readonly onOrder: Float64Array;
  private readonly est: Float64Array;
  private readonly arrivals: Float64Array;
  readonly rng: Rng;

  constructor(seed: number, store: Store, catalogue: Catalogue) {
    this.store = store;
    const rng = Rng.derive(seed, 'shelf', store.index);
    this.rng = rng;
    const picked: number[] = [];
    const base: number[] = [];
    for (const p of catalogue.products) {
      if (p.isProduce || p.channel === 'order') continue;
      let include: number;
      if (store.kind === 'service_centre') {
        // A centre keeps a small shelf of everyday snacks, drinks and sundries.
        const everyday = p.shelfLife !== null || p.category.startsWith('日化') || p.category.startsWith('家居');
        include = everyday ? 0.3 : 0.05;
      } else {
        include = Math.min(0.95, 0.45 + 0.8 * p.pop);
      }
      if (rng.float() >= include) continue;
      picked.push(p.index);
      base.push(p.pop * store.size * Math.exp(0.5 * rng.normal() - 0.125) * (store.kind === 'service_centre' ? 0.5 : 1));
    }
    const n = picked.length;
    this.skus = Int32Array.from(picked);
    this.base = Float64Array.from(base);
    this.disp = new Float64Array(n);
    this.cat = new Int32Array(n);
    this.shelfLife = new Float64Array(n);
    this.onHand = new Float64Array(n);
    this.onOrder = new Float64Array(n);
    this.est = new Float64Array(n);
    this.arrivals = new Float64Array(n * RING);
    for (let i = 0; i < n; i++) {
      const p = catalogue.products[picked[i]!]!;
      this.disp[i] = p.size;
      this.cat[i] = p.categoryIndex;
      this.shelfLife[i] = p.shelfLife ?? 0;
      this.est[i] = this.base[i]!;
      this.onHand[i] = this.target(i);
    }
  }

  /** The shopkeeper's order-up-to level: cover review + lead time with a rule-of-thumb 25 % extra. */
  private target(i: number): number {
    const cover = this.store.reviewPeriod + this.store.leadTime;
    const life = this.shelfLife[i] ?? 0;
    // Perishables: never order more than sells within their shelf life.
    const days = life > 0 ? Math.min(cover, life) : cover;
    return Math.ceil((this.est[i] ?? 0) * days * 1.25 + 1);
  }

  /** Simulates one day; `shelfFactors[category]` and `market` scale the latent mean. */
  step(day: number, shelfFactors: Float64Array, marketMult: number, ev: ShelfEvents): void {
    const rng = this.rng;
    const { reviewPeriod, reviewOffset, leadTime, minOrderUnits } = this.store;
    const review = (day + reviewOffset) % reviewPeriod === 0;
    const slot = ((day % RING) + RING) % RING;
    const arriveSlot = (((day + leadTime) % RING) + RING) % RING;
    const n = this.skus.length;
    for (let i = 0; i < n; i++) {
      const p = this.skus[i]!;
      let onHand = this.onHand[i]!;
      const start = onHand;
      const arrived = this.arrivals[i * RING + slot]!;
      if (arrived > 0) {
        onHand += arrived;
        this.onOrder[i] = this.onOrder[i]! - arrived;
        this.arrivals[i * RING + slot] = 0;
        ev.stock(p, onHand, this.onOrder[i]!, true);
      }
      const mean = this.base[i]! * shelfFactors[this.cat[i]!]! * marketMult;
      const demand = rng.negBinomial(mean, this.disp[i]!);
      if (demand > 0) {
        ev.demand(p, demand);
        const sales = demand < onHand ? demand : onHand;
        if (sales > 0) {
          ev.sold(p, sales);
          onHand -= sales;
        }
        this.est[i] = 0.92 * this.est[i]! + 0.08 * sales;
      } else {
        this.est[i] = 0.92 * this.est[i]!;
      }
      if (review) {
        // A shopkeeper who finds an empty shelf knows it sold out and bumps the estimate.
        if (onHand === 0) this.est[i] = this.est[i]! * 1.3 + 0.05;
        let q = this.target(i) - onHand - this.onOrder[i]!;
        if (q > 0) {
          if (q < minOrderUnits) q = minOrderUnits;
          this.arrivals[i * RING + arriveSlot] = this.arrivals[i * RING + arriveSlot]! + q;
          this.onOrder[i] = this.onOrder[i]! + q;
        }
      }
      this.onHand[i] = onHand;
      // A shelf that closes empty after opening with stock sold out today: that day's sales are
      // a lower bound of demand, and every following day until a delivery row is empty all day.
      const soldOut = onHand === 0 && start + arrived > 0;
      if (review || soldOut) ev.stock(p, onHand, this.onOrder[i]!, false);
    }
  }
}
