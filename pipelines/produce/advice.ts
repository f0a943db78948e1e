/**
 * "What to list" for one seller: every item sold in the seller's county, with the county's kg over
 * the next weeks, the seller's share of it, price, competition and where it sold a year before.
 */
import { dayNumber } from '../calendar/dates.ts';
import { seriesKey, type ProduceHistory } from './history.ts';
import { nextWindow, weekForecasts, windowTotal, type NodeProfile } from './planner.ts';

export interface Advice {
  readonly sku: string;
  readonly marketKg: number;
  readonly kg: number;
  readonly lo: number;
  readonly hi: number;
  readonly price: number | null;
  readonly revenue: number | null;
  readonly competitors: number;
  readonly momentum: number;
  readonly topRegions: string[];
  readonly score: number;
  readonly inPeak: boolean;
}

/** Towns where an item sold most in the same weeks a year before. */
function topTowns(h: ProduceHistory, sku: string, countyId: string, from: number, to: number): string[] {
  const byTown = new Map<string, number>();
  for (const s of h.series.values()) {
    if (s.sku !== sku || s.level !== 'village' || s.parentId !== countyId) continue;
    let kg = 0;
    for (let d = from; d < to; d++) kg += s.kg[d - h.firstDay] ?? 0;
    const town = h.villageTown.get(s.nodeId);
    if (town !== undefined && kg > 0) byTown.set(town, (byTown.get(town) ?? 0) + kg);
  }
  return [...byTown].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t]) => t);
}

/** Per county and item, the sellers there who sold it in the year before `origin`. */
export type Competition = ReadonlyMap<string, ReadonlySet<string>>;

const rivalKey = (countyId: string, sku: string): string => `${countyId}\u0001${sku}`;

/**
 * The competition every seller's advice counts, built once per origin: counted per seller and
 * item by walking every other seller, it was the largest part of the produce stage at 1,000
 * villages.
 */
export function competition(h: ProduceHistory, origin: number): Competition {
  const active = new Map<string, Set<string>>();
  for (const [seller, last] of h.sellerLastSale) {
    const county = h.sellers.get(seller)?.countyId;
    if (county === undefined) continue;
    for (const [sku, d] of last) {
      if (d < origin - 364) continue;
      const k = rivalKey(county, sku);
      let set = active.get(k);
      if (set === undefined) active.set(k, (set = new Set()));
      set.add(seller);
    }
  }
  return active;
}

/** What a seller should list over the next `weeks` weeks, best first. */
export function adviseSeller(
  h: ProduceHistory, profiles: ReadonlyMap<string, NodeProfile>, sellerId: string, origin: number, weeks: number,
  rivals: Competition = competition(h, origin),
): Advice[] {
  const seller = h.sellers.get(sellerId);
  if (seller === undefined) return [];
  const out: Advice[] = [];
  for (const sku of h.items.keys()) {
    const market = profiles.get(seriesKey(sku, 'county', seller.countyId));
    if (market === undefined) continue;
    const fc = weekForecasts(market, origin, weeks);
    const tot = windowTotal(market, fc);
    const here = rivals.get(rivalKey(seller.countyId, sku));
    const competitors = here === undefined ? 0 : here.size - (here.has(sellerId) ? 1 : 0);
    const share = 1 / (competitors + 1);
    const peak = nextWindow(market, origin, 0.5);
    const inPeak = peak !== null && dayNumber(peak.from) <= origin + 7 * weeks && dayNumber(peak.to) >= origin;
    const revenue = tot.price === null ? null : tot.kg * share * tot.price;
    out.push({
      sku, marketKg: tot.kg, kg: tot.kg * share, lo: tot.lo * share, hi: tot.hi * share, price: tot.price, revenue,
      competitors, momentum: tot.momentum,
      topRegions: topTowns(h, sku, seller.countyId, origin - 364, origin - 364 + 7 * weeks),
      // At equal volume an item coming into season ranks above one going out of it.
      score: (revenue ?? tot.kg * share) * (1 + 0.25 * tot.momentum),
      inPeak,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.sku.localeCompare(b.sku));
}

