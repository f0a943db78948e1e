/**
 * A published snapshot held in memory for serving: the small tables (restock, produce, brands,
 * geography, runs) as ready-made rows indexed by the id a route looks them up by, so a request
 * costs a map lookup and a serialisation; the large one (forecasts) stays in Parquet and is read
 * per request through DuckDB, which skips row groups by the file's sort order.
 *
 * `load` validates before anything is served: the manifest (parsed strictly), every file's size
 * and SHA-256, and that each dataset the API needs is there with the columns it reads. A snapshot
 * that fails any of it is never returned, so the caller keeps serving the one it has.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { datasetEntry, datasetSource, openSnapshot, type SnapshotHandle } from '../publish/reader.ts';
import { literal } from '../warehouse/sql.ts';
import { BRAND_TABLES, FORECAST_COLUMNS, ORDER_FORECAST_COLUMNS, type BrandTable } from './columns.ts';
import type { Column, Row, Value } from './tabular.ts';

export type Lang = 'zh' | 'en';

/** Datasets and the columns of each that serving reads; optional ones may be absent (routes answer NO_DATA). */
const REQUIRED: Record<string, readonly string[]> = {
  restock_suggestions: ['store_id', 'sku', 'quantity', 'on_hand', 'on_order', 'order_up_to', 'days_of_cover', 'stockout_probability',
    'expected_fill_rate', 'cash_needed', 'budget_rank', 'within_budget', 'driver', 'reason_zh', 'reason_en'],
  products: ['sku', 'name_zh', 'name_en', 'category', 'brand', 'unit', 'pack_size', 'is_produce'],
  stores: ['store_id', 'village_id', 'name_zh', 'name_pinyin'],
  geography: ['village_id', 'village_name_zh', 'town_id', 'town_name_zh', 'county_id', 'county_name_zh', 'province_id', 'province_name_zh'],
  forecasts: ['level', 'node_id', 'sku', 'day', 'h', 'mean', 'q50', 'q80', 'q90', 'q95', 'q99', 'model'],
};
const OPTIONAL: Record<string, readonly string[]> = {
  sellers: ['seller_id', 'village_id'],
  order_forecasts: ORDER_FORECAST_COLUMNS.map((c) => c.name),
  runs: ['run_id', 'as_of', 'horizon', 'started_at', 'finished_at', 'status'],
  produce_calendar: ['sku', 'level', 'node_id', 'week_start', 'expected_kg'],
  produce_seasons: ['sku', 'level', 'node_id', 'alignment'],
  listing_advice: ['seller_id', 'weeks', 'rank', 'sku', 'reason_zh', 'reason_en'],
  ...Object.fromEntries(Object.values(BRAND_TABLES).map((t) => [t.dataset, t.columns.map((c) => c.name)])),
};

export interface GeoChain {
  readonly village: string;
  readonly town: string;
  readonly county: string;
  readonly province: string;
}

interface BrandRows {
  readonly own: Map<string, Row[]>;
  /** brand = 'ALL': a category's margin (by category), and the all-categories rows. */
  readonly margins: Map<string, Row[]>;
  readonly all: Row[];
}

function checkColumns(handle: SnapshotHandle, name: string, need: readonly string[], required: boolean): boolean {
  const d = datasetEntry(handle, name);
  if (d === undefined) {
    if (required) throw new CodedError('INTERNAL', `snapshot ${handle.runId} lacks dataset ${name}`);
    return false;
  }
  const have = new Set(d.columns.map((c) => c.name));
  const missing = need.filter((c) => !have.has(c));
  if (missing.length > 0) throw new CodedError('INTERNAL', `snapshot ${handle.runId}: ${name} lacks ${missing.join(', ')}`);
  return true;
}

const cast = (c: Column, expr = c.name): string =>
  `CAST(${expr} AS ${c.type === 'string' ? 'VARCHAR' : c.type === 'integer' ? 'INTEGER' : c.type === 'boolean' ? 'BOOLEAN' : 'DOUBLE'}) AS "${c.name}"`;

async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  const r = await conn.runAndReadAll(sql);
  return r.getRowObjects() as unknown as Row[];
}

function group(list: readonly Row[], key: (r: Row) => string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of list) {
    const k = key(r);
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const str = (v: Value | undefined): string => (v === null || v === undefined ? '' : String(v));

export class ServedSnapshot {
  private readonly brandViews = new Map<string, Row[]>();

  private constructor(
    readonly handle: SnapshotHandle,
    readonly restock: ReadonlyMap<string, { readonly zh: readonly Row[]; readonly en: readonly Row[] }>,
    readonly stores: ReadonlyMap<string, Row>,
    readonly chains: ReadonlyMap<string, GeoChain>,
    readonly hierarchy: readonly Row[],
    readonly sellers: ReadonlyMap<string, string>,
    readonly runs: readonly Row[] | null,
    readonly calendar: ReadonlyMap<string, { readonly zh: readonly Row[]; readonly en: readonly Row[] }> | null,
    readonly seasons: ReadonlyMap<string, { readonly zh: readonly Row[]; readonly en: readonly Row[] }> | null,
    readonly advice: ReadonlyMap<string, { readonly zh: readonly Row[]; readonly en: readonly Row[] }> | null,
    private readonly brandCategories: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly brandTables: Partial<Record<BrandTable, BrandRows>>,
    private readonly categories: ReadonlyMap<string, string>,
  ) {}

  get runId(): string { return this.handle.runId; }
  get asOf(): string | null { return this.handle.manifest.asOf; }
  get createdAt(): string { return this.handle.manifest.createdAt; }

  /** Opens, verifies and loads the snapshot `runId` under `root`; throws a coded error when it is not servable. */
  static async load(conn: DuckDBConnection, root: string, runId: string): Promise<ServedSnapshot> {
    const handle = await openSnapshot(root, runId, { verifySha256: true });
    for (const [name, cols] of Object.entries(REQUIRED)) checkColumns(handle, name, cols, true);
    const has = new Set(Object.entries(OPTIONAL).filter(([name, cols]) => checkColumns(handle, name, cols, false)).map(([n]) => n));
    const src = (name: string): string => datasetSource(handle, name);
    try {
      return await ServedSnapshot.build(conn, handle, has, src);
    } catch (err) {
      if (err instanceof CodedError) throw err;
      throw new CodedError('INTERNAL', `snapshot ${runId} could not be read`, { cause: err });
    }
  }

  private static async build(conn: DuckDBConnection, handle: SnapshotHandle, has: ReadonlySet<string>, src: (n: string) => string): Promise<ServedSnapshot> {
    const products = src('products');
    const restockSql = (lang: Lang): string => `
      SELECT r.store_id AS __store, CAST(r.sku AS VARCHAR) AS sku, p.name_${lang} AS name, p.category, p.unit, CAST(p.pack_size AS INTEGER) AS pack_size,
             r.quantity > 0 AS order_now, CAST(r.quantity AS DOUBLE) AS quantity,
             CAST(ceil(r.quantity / greatest(coalesce(p.pack_size, 1), 1)) AS INTEGER) AS packs,
             CAST(r.on_hand AS DOUBLE) AS on_hand, CAST(r.on_order AS DOUBLE) AS on_order, CAST(r.order_up_to AS DOUBLE) AS order_up_to,
             CAST(r.days_of_cover AS DOUBLE) AS days_of_cover, CAST(r.stockout_probability AS DOUBLE) AS stockout_probability,
             CAST(r.expected_fill_rate AS DOUBLE) AS expected_fill_rate, CAST(r.cash_needed AS DOUBLE) AS cash_needed,
             CAST(r.budget_rank AS INTEGER) AS budget_rank, r.within_budget, r.driver, r.reason_${lang} AS reason
      FROM ${src('restock_suggestions')} r LEFT JOIN ${products} p USING (sku)
      ORDER BY r.store_id, r.quantity <= 0, r.budget_rank NULLS LAST, r.stockout_probability DESC NULLS LAST, r.sku`;
    const byLang = async (sql: (lang: Lang) => string, key: string): Promise<Map<string, { zh: Row[]; en: Row[] }>> => {
      const zh = group(await rows(conn, sql('zh')), (r) => str(r[key]));
      const en = group(await rows(conn, sql('en')), (r) => str(r[key]));
      const out = new Map<string, { zh: Row[]; en: Row[] }>();
      for (const [k, z] of zh) out.set(k, { zh: z.map((r) => strip(r, key)), en: (en.get(k) ?? []).map((r) => strip(r, key)) });
      return out;
    };
    const restock = await byLang(restockSql, '__store');

    const storeRows = await rows(conn, `SELECT CAST(store_id AS VARCHAR) AS store_id, CAST(village_id AS VARCHAR) AS village_id, name_zh, name_pinyin FROM ${src('stores')}`);
    const stores = new Map(storeRows.map((r) => [str(r['store_id']), r]));
    const geo = await rows(conn, `SELECT * FROM ${src('geography')}`);
    const chains = new Map(geo.map((g) => [str(g['village_id']), {
      village: str(g['village_id']), town: str(g['town_id']), county: str(g['county_id']), province: str(g['province_id']),
    }]));
    const hierarchy = hierarchyRows(geo, storeRows);

    const sellers = has.has('sellers')
      ? new Map((await rows(conn, `SELECT CAST(seller_id AS VARCHAR) AS s, CAST(village_id AS VARCHAR) AS v FROM ${src('sellers')}`)).map((r) => [str(r['s']), str(r['v'])]))
      : new Map<string, string>();
    const runs = has.has('runs')
      ? await rows(conn, `SELECT run_id, CAST(as_of AS VARCHAR) AS as_of, CAST(horizon AS INTEGER) AS horizon,
          strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS started_at,
          strftime(finished_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS finished_at, status FROM ${src('runs')} ORDER BY started_at DESC, run_id`)
      : null;

    const calendar = has.has('produce_calendar') ? await byLang((lang) => `
      SELECT c.level || '/' || c.node_id AS __key, c.sku, p.name_${lang} AS name, c.level, c.node_id, CAST(c.week_start AS VARCHAR) AS week_start,
             CAST(c.position AS INTEGER) AS position, c.share, c.share_sd, c.expected_kg, c.kg_lo, c.kg_hi, c.price_index, c.expected_price, c.in_peak, c.in_season
      FROM ${src('produce_calendar')} c LEFT JOIN ${products} p USING (sku) ORDER BY c.level, c.node_id, c.sku, c.week_start`, '__key') : null;
    const seasons = has.has('produce_seasons') ? await byLang((lang) => `
      SELECT s.level || '/' || s.node_id AS __key, s.sku, p.name_${lang} AS name, s.level, s.node_id, s.alignment, s.years, s.borrowed_from,
             s.annual_kg, s.yoy_growth, CAST(s.peak_from AS VARCHAR) AS peak_from, CAST(s.peak_to AS VARCHAR) AS peak_to,
             CAST(s.season_from AS VARCHAR) AS season_from, CAST(s.season_to AS VARCHAR) AS season_to
      FROM ${src('produce_seasons')} s LEFT JOIN ${products} p USING (sku) ORDER BY s.level, s.node_id, s.annual_kg DESC, s.sku`, '__key') : null;
    const advice = has.has('listing_advice') ? await byLang((lang) => `
      SELECT a.seller_id AS __seller, CAST(a.weeks AS INTEGER) AS weeks, CAST(a.rank AS INTEGER) AS rank, a.sku, p.name_${lang} AS name,
             a.market_kg, a.expected_kg, a.kg_lo, a.kg_hi, a.expected_price, a.expected_revenue, CAST(a.competitors AS INTEGER) AS competitors,
             a.momentum, a.top_regions, a.reason_${lang} AS reason
      FROM ${src('listing_advice')} a LEFT JOIN ${products} p USING (sku) ORDER BY a.seller_id, a.weeks, a.rank`, '__seller') : null;

    const brandCategories = new Map<string, Set<string>>();
    for (const r of await rows(conn, `SELECT DISTINCT brand, category FROM ${products} WHERE NOT is_produce`)) {
      const b = str(r['brand']);
      const set = brandCategories.get(b) ?? new Set<string>();
      set.add(str(r['category']));
      brandCategories.set(b, set);
    }
    const categories = new Map((await rows(conn, `SELECT sku, category FROM ${products}`)).map((r) => [str(r['sku']), str(r['category'])]));
    const brandTables: Partial<Record<BrandTable, BrandRows>> = {};
    for (const [name, t] of Object.entries(BRAND_TABLES) as [BrandTable, (typeof BRAND_TABLES)[BrandTable]][]) {
      if (!has.has(t.dataset)) continue;
      const list = await rows(conn, `SELECT ${t.columns.map((c) => cast(c)).join(', ')} FROM ${src(t.dataset)}`);
      const own = group(list.filter((r) => r['brand'] !== 'ALL'), (r) => str(r['brand']));
      const margins = group(list.filter((r) => r['brand'] === 'ALL' && r['category'] !== 'ALL'), (r) => str(r['category']));
      brandTables[name] = { own, margins, all: list.filter((r) => r['category'] === 'ALL') };
    }
    return new ServedSnapshot(handle, restock, stores, chains, hierarchy, sellers, runs, calendar, seasons, advice, brandCategories, brandTables, categories);
  }

  villageOfStore(storeId: string): string | undefined {
    const v = this.stores.get(storeId)?.['village_id'];
    return typeof v === 'string' ? v : undefined;
  }

  hasBrand(brand: string): boolean {
    return this.brandCategories.has(brand);
  }

  brands(): string[] {
    return [...this.brandCategories.keys()].sort();
  }

  /**
   * A brand's rows of one table with the margins beside them (its categories' totals, the
   * all-categories rows), at one region level and the whole-region level; null when the table is
   * not in this snapshot. Cached per brand and level: the snapshot never changes.
   */
  brandRows(table: BrandTable, brand: string, by: 'county' | 'province'): readonly Row[] | null {
    const t = this.brandTables[table];
    if (t === undefined) return null;
    const key = `${table}\u0001${brand}\u0001${by}`;
    const hit = this.brandViews.get(key);
    if (hit) return hit;
    const cats = [...(this.brandCategories.get(brand) ?? [])].sort();
    const level = (r: Row): boolean => r['region_level'] === by || r['region_level'] === 'all';
    const out = [
      ...(t.own.get(brand) ?? []),
      ...(table === 'adoption' ? [] : [...cats.flatMap((c) => t.margins.get(c) ?? []), ...t.all]),
    ].filter(level);
    this.brandViews.set(key, out);
    return out;
  }

  /** Forecast rows of one node from the Parquet file, optionally for one SKU or category. */
  async forecasts(conn: DuckDBConnection, q: { level: 'store' | 'village'; node: string; sku?: string; category?: string; offset: number; limit: number }): Promise<Row[]> {
    const skus = q.category === undefined ? null : [...this.categories].filter(([, c]) => c === q.category).map(([sku]) => sku);
    if (skus !== null && skus.length === 0) return [];
    const where = [`level = ${literal(q.level)}`, `node_id = ${literal(q.node)}`,
      ...(q.sku === undefined ? [] : [`sku = ${literal(q.sku)}`]), ...(skus === null ? [] : [`sku IN (${skus.map(literal).join(', ')})`])];
    const cols = FORECAST_COLUMNS.filter((c) => c.name !== 'category').map((c) => cast(c));
    try {
      const out = await rows(conn, `SELECT ${cols.join(', ')} FROM ${datasetSource(this.handle, 'forecasts')}
        WHERE ${where.join(' AND ')} ORDER BY sku, day LIMIT ${q.limit} OFFSET ${q.offset}`);
      for (const r of out) r['category'] = this.categories.get(str(r['sku'])) ?? null;
      return out.map((r) => Object.fromEntries(FORECAST_COLUMNS.map((c) => [c.name, r[c.name] ?? null])));
    } catch (err) {
      throw new CodedError('INTERNAL', `snapshot ${this.runId}: forecasts could not be read`, { cause: err });
    }
  }

  /** A village's order-channel forecast rows, optionally for one category; null when the snapshot has none (published before they existed). */
  async orderForecasts(conn: DuckDBConnection, q: { village: string; category?: string; offset: number; limit: number }): Promise<Row[] | null> {
    if (datasetEntry(this.handle, 'order_forecasts') === undefined) return null;
    const where = [`village_id = ${literal(q.village)}`, ...(q.category === undefined ? [] : [`category = ${literal(q.category)}`])];
    try {
      return await rows(conn, `SELECT ${ORDER_FORECAST_COLUMNS.map((c) => cast(c)).join(', ')}
        FROM ${datasetSource(this.handle, 'order_forecasts')} WHERE ${where.join(' AND ')} ORDER BY category, day LIMIT ${q.limit} OFFSET ${q.offset}`);
    } catch (err) {
      throw new CodedError('INTERNAL', `snapshot ${this.runId}: order forecasts could not be read`, { cause: err });
    }
  }

  /**
   * One node and SKU's last `weeks` weeks of demand (shelf + orders - returns, units a day, so a
   * part week at the end is not read as a drop) and its forecast days, for the demand-fan chart.
   */
  async demandChart(conn: DuckDBConnection, q: { level: 'store' | 'village'; node: string; sku: string; weeks: number }): Promise<{
    history: { day: string; unitsPerDay: number }[]; forecast: { day: string; mean: number; q50: number; q80: number; q90: number; q95: number }[];
  }> {
    const where = `level = ${literal(q.level)} AND node_id = ${literal(q.node)} AND sku = ${literal(q.sku)}`;
    try {
      const history = this.handle.manifest.datasets.some((d) => d.name === 'demand_weekly')
        ? (await rows(conn, `SELECT strftime(week_start, '%Y-%m-%d') AS day, (shelf_units + order_units - returned_units) / greatest(days, 1) AS units
            FROM ${datasetSource(this.handle, 'demand_weekly')} WHERE ${where} ORDER BY week_start DESC LIMIT ${Math.max(1, Math.trunc(q.weeks))}`))
          .reverse().map((r) => ({ day: str(r['day']), unitsPerDay: Math.max(0, Number(r['units'])) }))
        : [];
      const forecast = (await rows(conn, `SELECT strftime(day, '%Y-%m-%d') AS day, mean, q50, q80, q90, q95 FROM ${datasetSource(this.handle, 'forecasts')}
          WHERE ${where} ORDER BY day`)).map((r) => ({ day: str(r['day']), mean: Number(r['mean']), q50: Number(r['q50']), q80: Number(r['q80']), q90: Number(r['q90']), q95: Number(r['q95']) }));
      return { history, forecast };
    } catch (err) {
      throw new CodedError('INTERNAL', `snapshot ${this.runId}: demand chart data could not be read`, { cause: err });
    }
  }

  /** Region id -> Chinese name, for every node of the hierarchy. */
  regionNames(): ReadonlyMap<string, string> {
    return new Map(this.hierarchy.map((h) => [str(h['id']), str(h['name_zh'])]));
  }

  categoryKnown(category: string): boolean {
    for (const c of this.categories.values()) if (c === category) return true;
    return false;
  }

  skuKnown(sku: string): boolean {
    return this.categories.has(sku);
  }
}

function strip(r: Row, key: string): Row {
  const { [key]: _drop, ...rest } = r;
  return rest;
}

/** Province > county > town > village > store, one row per node with its parent. */
function hierarchyRows(geo: readonly Row[], stores: readonly Row[]): Row[] {
  const out: Row[] = [];
  const seen = new Set<string>();
  const add = (level: string, id: Value | undefined, parent: Value | undefined, zh: Value | undefined, pinyin: Value | undefined): void => {
    const key = `${level}/${str(id)}`;
    if (id === null || id === undefined || seen.has(key)) return;
    seen.add(key);
    out.push({ level, id: str(id), parent_id: parent === undefined || parent === null ? null : str(parent), name_zh: str(zh), name_pinyin: pinyin === undefined || pinyin === null ? null : str(pinyin) });
  };
  for (const g of geo) {
    add('province', g['province_id'], null, g['province_name_zh'], g['province_name_pinyin']);
    add('county', g['county_id'], g['province_id'], g['county_name_zh'], g['county_name_pinyin']);
    add('town', g['town_id'], g['county_id'], g['town_name_zh'], g['town_name_pinyin']);
    add('village', g['village_id'], g['town_id'], g['village_name_zh'], g['village_name_pinyin']);
  }
  for (const s of stores) add('store', s['store_id'], s['village_id'], s['name_zh'], s['name_pinyin']);
  return out;
}
