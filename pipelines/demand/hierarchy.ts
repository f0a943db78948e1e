/**
 * Parent links of the two hierarchies demand is summed over, for reconciliation and roll-ups:
 * geography store -> village -> town -> county -> province, products sku -> subcategory -> category.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type GeoLevel = 'store' | 'village' | 'town' | 'county' | 'province';
export type ProductLevel = 'sku' | 'subcategory' | 'category';

export const GEO_LEVELS: readonly GeoLevel[] = ['store', 'village', 'town', 'county', 'province'];
export const PRODUCT_LEVELS: readonly ProductLevel[] = ['sku', 'subcategory', 'category'];

export interface GeoNode {
  readonly level: GeoLevel;
  readonly id: string;
  readonly nameZh: string;
  readonly namePinyin: string;
  /** null for a province (the top). */
  readonly parentId: string | null;
}

export interface ProductNode {
  readonly level: ProductLevel;
  /** SKU, or the subcategory/category id (see productNodeId). */
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

/**
 * Subcategory names are not unique across categories, so a subcategory's id is
 * `category/subcategory`; a category's id is its name.
 */
export const subcategoryId = (category: string, subcategory: string): string => `${category}/${subcategory}`;

/** SQL for the id of a product node at `level` over a products row aliased `p`. */
export function productIdSql(level: ProductLevel, p = 'p'): string {
  if (level === 'sku') return `${p}.sku`;
  if (level === 'category') return `${p}.category`;
  return `${p}.category || '/' || ${p}.subcategory`;
}

/** SQL for the id at `level` of the store row aliased `s` (joins v, t, c named in geoJoinSql). */
export function geoIdSql(level: GeoLevel): string {
  return { store: 's.store_id', village: 's.village_id', town: 'v.town_id', county: 't.county_id', province: 'c.province_id' }[level];
}

/** Joins from stores `s` up to counties `c`; LEFT so a store with a missing parent keeps its rows. */
export const geoJoinSql = `stores s LEFT JOIN villages v ON v.village_id = s.village_id
  LEFT JOIN towns t ON t.town_id = v.town_id LEFT JOIN counties c ON c.county_id = t.county_id`;

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** Every geography node with its parent, bottom level first. */
export async function demandHierarchy(conn: DuckDBConnection): Promise<GeoNode[]> {
  const r = await conn.runAndReadAll(`
    SELECT 'store', store_id, name_zh, name_pinyin, village_id FROM stores
    UNION ALL SELECT 'village', village_id, name_zh, name_pinyin, town_id FROM villages
    UNION ALL SELECT 'town', town_id, name_zh, name_pinyin, county_id FROM towns
    UNION ALL SELECT 'county', county_id, name_zh, name_pinyin, province_id FROM counties
    UNION ALL SELECT 'province', province_id, name_zh, name_pinyin, NULL FROM provinces`);
  const nodes = r.getRows().map((x) => ({
    level: str(x[0]) as GeoLevel, id: str(x[1]), nameZh: str(x[2]), namePinyin: str(x[3]), parentId: x[4] === null ? null : str(x[4]),
  }));
  return nodes.sort((a, b) => GEO_LEVELS.indexOf(a.level) - GEO_LEVELS.indexOf(b.level) || a.id.localeCompare(b.id));
}

/** Every product node with its parent: SKUs (named in Chinese), subcategories, categories. */
export async function productHierarchy(conn: DuckDBConnection): Promise<ProductNode[]> {
  const r = await conn.runAndReadAll(`
    SELECT 'sku', sku, name_zh, ${productIdSql('subcategory', 'products')} FROM products
    UNION ALL SELECT DISTINCT 'subcategory', ${productIdSql('subcategory', 'products')}, subcategory, category FROM products
    UNION ALL SELECT DISTINCT 'category', category, category, NULL FROM products`);
  const nodes = r.getRows().map((x) => ({
    level: str(x[0]) as ProductLevel, id: str(x[1]), name: str(x[2]), parentId: x[3] === null ? null : str(x[3]),
  }));
  return nodes.sort((a, b) => PRODUCT_LEVELS.indexOf(a.level) - PRODUCT_LEVELS.indexOf(b.level) || a.id.localeCompare(b.id));
}
