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

/** What a seller should list over the next `weeks` weeks, best first. */
export function adviseSeller(h: ProduceHistory, profiles: ReadonlyMap<string, NodeProfile>, sellerId: string, origin: number, weeks: number): Advice[] {
  const seller = h.sellers.get(sellerId);
  if (seller === undefined) return [];
  const out: Advice[] = [];
  for (const sku of h.items.keys()) {
    const market = profiles.get(seriesKey(sku, 'county', seller.countyId));
    if (market === undefined) continue;
    const fc = weekForecasts(market, origin, weeks);
    const tot = windowTotal(market, fc);
    let competitors = 0;
    for (const [other, last] of h.sellerLastSale) {
      if (other === sellerId || h.sellers.get(other)?.countyId !== seller.countyId) continue;
      const d = last.get(sku);
      if (d !== undefined && d >= origin - 364) competitors++;
    }
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

