/**
 * Who may see what, as pure predicates over a principal and the served snapshot. Every "no" is
 * the same no: the API answers it with 404, as for a resource that does not exist.
 * - shopkeeper: its stores, and the villages they are in (forecasts);
 * - seller: its own listing advice; produce calendars of its village, county and province;
 * - brand: its own brand's published (disclosure-controlled) tables; regions down to county;
 * - analyst: every published aggregate (brand tables, produce calendars, village forecasts), no store;
 * - admin: keys and runs.
 */
import type { Principal } from '../keys/key-store.ts';
import type { ServedSnapshot } from './served-snapshot.ts';
import type { Row } from './tabular.ts';

export function canSeeStore(p: Principal, snap: ServedSnapshot, storeId: string): boolean {
  return p.role === 'shopkeeper' && (p.scope.stores ?? []).includes(storeId) && snap.stores.has(storeId);
}

export function canSeeVillage(p: Principal, snap: ServedSnapshot, villageId: string): boolean {
  if (!snap.chains.has(villageId)) return false;
  if (p.role === 'analyst') return true;
  if (p.role === 'seller') return p.scope.seller !== undefined && snap.sellers.get(p.scope.seller) === villageId;
  if (p.role === 'shopkeeper') return (p.scope.stores ?? []).some((s) => snap.villageOfStore(s) === villageId);
  return false;
}

export function canSeeSeller(p: Principal, snap: ServedSnapshot, sellerId: string): boolean {
  return p.role === 'seller' && p.scope.seller === sellerId && snap.sellers.has(sellerId);
}

export const PRODUCE_LEVELS = ['village', 'county', 'province'] as const;
export type ProduceLevel = (typeof PRODUCE_LEVELS)[number];

export function canSeeProduceNode(p: Principal, snap: ServedSnapshot, level: ProduceLevel, node: string): boolean {
  const exists = [...snap.chains.values()].some((c) => c[level] === node);
  if (!exists) return false;
  if (p.role === 'analyst') return true;
  if (p.role !== 'seller' || p.scope.seller === undefined) return false;
  const village = snap.sellers.get(p.scope.seller);
  const chain = village === undefined ? undefined : snap.chains.get(village);
  return chain !== undefined && chain[level] === node;
}

export function canSeeBrand(p: Principal, snap: ServedSnapshot, brand: string): boolean {
  if (!snap.hasBrand(brand)) return false;
  return p.role === 'analyst' || (p.role === 'brand' && p.scope.brand === brand);
}

/** The part of the province > ... > store tree a principal may see. */
export function visibleHierarchy(p: Principal, snap: ServedSnapshot): Row[] {
  const all = snap.hierarchy;
  if (p.role === 'admin') return [...all];
  if (p.role === 'analyst') return all.filter((r) => r['level'] !== 'store');
  if (p.role === 'brand') return all.filter((r) => r['level'] === 'province' || r['level'] === 'county');
  const keep = new Set<string>();
  const chainOf = (village: string | undefined): void => {
    const c = village === undefined ? undefined : snap.chains.get(village);
    if (c === undefined) return;
    for (const [level, id] of [['village', c.village], ['town', c.town], ['county', c.county], ['province', c.province]] as const) keep.add(`${level}/${id}`);
  };
  if (p.role === 'shopkeeper') {
    for (const s of p.scope.stores ?? []) {
      if (!snap.stores.has(s)) continue;
      keep.add(`store/${s}`);
      chainOf(snap.villageOfStore(s));
    }
  } else if (p.role === 'seller' && p.scope.seller !== undefined) chainOf(snap.sellers.get(p.scope.seller));
  return all.filter((r) => keep.has(`${String(r['level'])}/${String(r['id'])}`));
}
