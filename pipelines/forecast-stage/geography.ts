/**
 * Where each store sits: store -> village -> town -> county -> province, from the master tables.
 * Node keys carry their level ("county:C01") so ids from different tables can never collide.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type Level = 'store' | 'village' | 'town' | 'county' | 'province';
export const LEVELS: readonly Level[] = ['store', 'village', 'town', 'county', 'province'];

export interface StorePlace {
  readonly storeId: string;
  readonly villageId: string;
  readonly townId: string;
  readonly countyId: string;
  readonly provinceId: string;
}

export function nodeKey(level: Level, id: string): string {
  return `${level}:${id}`;
}

export function splitKey(key: string): { level: Level; id: string } {
  const at = key.indexOf(':');
  return { level: key.slice(0, at) as Level, id: key.slice(at + 1) };
}

/** Stores whose whole chain up to a province is known; a store with a broken chain is left out. */
export async function loadGeography(conn: DuckDBConnection): Promise<Map<string, StorePlace>> {
  const r = await conn.runAndReadAll(`SELECT s.store_id, v.village_id, t.town_id, c.county_id, c.province_id
    FROM stores s JOIN villages v USING (village_id) JOIN towns t USING (town_id) JOIN counties c USING (county_id)
    ORDER BY c.province_id, c.county_id, t.town_id, v.village_id, s.store_id`);
  const out = new Map<string, StorePlace>();
  for (const row of r.getRows()) {
    const [storeId, villageId, townId, countyId, provinceId] = row.map(String) as [string, string, string, string, string];
    out.set(storeId, { storeId, villageId, townId, countyId, provinceId });
  }
  return out;
}
