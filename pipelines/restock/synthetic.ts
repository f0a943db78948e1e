/**
 * Synthetic demand for restock backtests: negative binomial with a weekly rhythm, means and
 * dispersions crossed over SKUs, replayed with one lead time and review period. Shared by the
 * acceptance test and `bench/restock-synthetic.ts` so the documented table and the test use the
 * same data.
 */
import { createRng, negBinomial } from './random.ts';
import { simulate, type Policy } from './simulate.ts';

export const WEEK: readonly number[] = [0.8, 0.9, 0.9, 1.0, 1.1, 1.3, 1.0];
export const SYNTHETIC_DAYS = 420;

/** `count` daily series: SKU i has mean means[i % m] and NB size sizes[floor(i / m) % s] (Infinity = Poisson). */
export function syntheticSkus(seed: number, means: readonly number[], sizes: readonly number[], count: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const mu = means[i % means.length] ?? 1;
    const size = sizes[Math.floor(i / means.length) % sizes.length] ?? Infinity;
    return Float64Array.from({ length: SYNTHETIC_DAYS }, (_, t) => negBinomial(rng, mu * (WEEK[t % 7] ?? 1), size));
  });
}

export interface Pooled {
  /** Units sold / units demanded over all SKUs. */
  readonly fill: number;
  /** Mean on-hand units per SKU-day. */
  readonly inventory: number;
  /** Stock-out days per SKU. */
  readonly stockoutDays: number;
  readonly wasteShare: number;
}

/** Replays every series with a fresh policy (L = 3, R = 7, 56 days of history) and pools the results. */
export function pooledReplay(series: readonly Float64Array[], make: () => Policy, shelfLifeDays: number | null = null): Pooled {
  let demand = 0;
  let sold = 0;
  let inventory = 0;
  let stockouts = 0;
  let waste = 0;
  let ordered = 0;
  for (const d of series) {
    const m = simulate(d, make(), { leadTimeDays: 3, reviewPeriodDays: 7, historyDays: 56, shelfLifeDays });
    demand += m.demand;
    sold += m.sold;
    inventory += m.averageOnHand;
    stockouts += m.stockoutDays;
    waste += m.wasteUnits;
    ordered += m.unitsOrdered;
  }
  return { fill: sold / demand, inventory: inventory / series.length, stockoutDays: stockouts / series.length, wasteShare: ordered > 0 ? waste / ordered : 0 };
}
