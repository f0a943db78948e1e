/**
 * The geography tree of one SKU: the stores that sell it, their villages, towns, counties and
 * provinces. A village with a single store is the same series as that store, so it is not a node
 * of its own (an alias): it would add a pass-through constraint per village and make the MinT
 * systems ~25x larger for nothing. Villages with several stores are real aggregate nodes.
 */
import type { StorePlace } from './geography.ts';
import { nodeKey } from './geography.ts';

export interface SkuTree {
  /** Node keys whose series are forecast: stores, multi-store villages, towns, counties, provinces. */
  readonly nodes: readonly string[];
  /** Per node, the store keys under it (a store lists itself). */
  readonly leavesOf: ReadonlyMap<string, readonly string[]>;
  /** Per county key: (child, parent) pairs of its block, children before parents not required. */
  readonly countyPairs: ReadonlyMap<string, readonly (readonly [string, string])[]>;
  /** Per province key: its county keys. */
  readonly countiesOf: ReadonlyMap<string, readonly string[]>;
  /** Village key -> the store key it aliases (single-store villages). */
  readonly aliases: ReadonlyMap<string, string>;
}

export function buildSkuTree(places: readonly StorePlace[]): SkuTree {
  const byVillage = new Map<string, StorePlace[]>();
  for (const p of places) {
    const list = byVillage.get(p.villageId);
    if (list) list.push(p);
    else byVillage.set(p.villageId, [p]);
  }
  const nodes: string[] = [];
  const leavesOf = new Map<string, string[]>();
  const countyPairs = new Map<string, [string, string][]>();
  const countiesOf = new Map<string, string[]>();
  const aliases = new Map<string, string>();
  const addLeaf = (key: string, store: string): void => {
    let l = leavesOf.get(key);
    if (!l) {
      l = [];
      leavesOf.set(key, l);
      nodes.push(key);
    }
    l.push(store);
  };
  for (const [villageId, stores] of byVillage) {
    const first = stores[0] as StorePlace;
    const village = nodeKey('village', villageId);
    const town = nodeKey('town', first.townId);
    const county = nodeKey('county', first.countyId);
    const province = nodeKey('province', first.provinceId);
    let pairs = countyPairs.get(county);
    if (!pairs) {
      pairs = [];
      countyPairs.set(county, pairs);
      const list = countiesOf.get(province);
      if (list) list.push(county);
      else countiesOf.set(province, [county]);
    }
    if (!pairs.some(([c]) => c === town)) pairs.push([town, county]);
    for (const s of stores) {
      const store = nodeKey('store', s.storeId);
      addLeaf(store, store);
      if (stores.length === 1) {
        aliases.set(village, store);
        pairs.push([store, town]);
      } else {
        addLeaf(village, store);
        pairs.push([store, village]);
      }
      addLeaf(town, store);
      addLeaf(county, store);
      addLeaf(province, store);
    }
    if (stores.length > 1) pairs.push([village, town]);
  }
  return { nodes, leavesOf, countyPairs, countiesOf, aliases };
}
