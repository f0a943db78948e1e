/**
 * Disclosure control proven by attack, on the real pipeline: generated sales are ingested, brand
 * insights computed and published, and an attacker who holds every published brand file (read
 * back from the snapshot's Parquet as CSV, not from internals), the table's additive structure
 * and non-negativity tries to narrow each withheld cell with HiGHS.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { Attacker, isProtected, type KnownCell } from '../../../pipelines/disclosure/index.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { runBrandInsights } from '../../../pipelines/insights/brand-stage.ts';
import { publishSnapshot } from '../../../pipelines/publish/index.ts';
import { tempDir } from '../../helpers/temp.ts';

type CsvRow = Record<string, string>;

/** One published cell as the attacker reads it: a leaf of the second dimension, or a total. */
interface AttackCell {
  readonly regionLevel: string;
  readonly regionId: string;
  readonly category: string;
  readonly brand: string;
  readonly leaf: string | null;
  readonly total: string | null;
  readonly valueYuan: number | null;
  readonly suppressed: boolean;
}

function parseCsv(text: string): CsvRow[] {
  // DuckDB quotes fields with commas; brand and category names hold none but may hold spaces.
  const lines = text.trim().split('\n');
  const head = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (const ch of l) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) { cells.push(cur); cur = ''; } else cur += ch;
    }
    cells.push(cur);
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}

describe('brand insights under attack', () => {
  const tmp = tempDir('privacy');
  let wh: Warehouse;
  let csv: CsvRow[];
  let snapshotDir: string;
  beforeAll(async () => {
    const data = join(tmp.dir, 'in');
    await generate({ out: data, villages: 14, skus: 60, days: 430, end: '2026-10-31', seed: 5, dirtyRate: 0, kinds: ['orders', 'till'] });
    wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb'));
    await ingestPaths(wh.connection, [data], { now: new Date('2026-11-01T08:00:00+08:00') });
    // A brand that only one shop sells: every cell of it must be withheld, at every region level.
    await wh.connection.run(`INSERT INTO products SELECT 'SKU99999', '独家酱油', 'Solo soy sauce', category, subcategory, '独家 Solo', unit,
      pack_size, list_price, unit_cost, shelf_life_days, false FROM products WHERE NOT is_produce LIMIT 1`);
    await wh.connection.run(`INSERT INTO till_lines SELECT store_id, 'SOLO' || row_number() OVER (), 1,
      TIMESTAMPTZ '2025-11-03 10:00:00+08' + INTERVAL (row_number() OVER ()) DAY, 'SKU99999', 3, 9.5, false, 0, NULL
      FROM (SELECT store_id FROM stores ORDER BY store_id LIMIT 1), range(300)`);
    await runBrandInsights(wh.connection, { runId: 'p1' });
    await publishSnapshot(wh.connection, { root: join(tmp.dir, 'snap'), runId: 'p1' });
    snapshotDir = join(tmp.dir, 'snap', 'p1');
    const reader = await DuckDBInstance.create(':memory:');
    const c = await reader.connect();
    await c.run(`COPY (SELECT * FROM read_parquet('${join(snapshotDir, 'brand_cells.parquet')}')) TO '${join(tmp.dir, 'cells.csv')}' (HEADER)`);
    csv = parseCsv(readFileSync(join(tmp.dir, 'cells.csv'), 'utf8'));
    c.closeSync();
  }, 180_000);
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  async function publishedCsv(name: string): Promise<CsvRow[]> {
    const reader = await DuckDBInstance.create(':memory:');
    const c = await reader.connect();
    const out = join(tmp.dir, `${name}.attack.csv`);
    await c.run(`COPY (SELECT * FROM read_parquet('${join(snapshotDir, `${name}.parquet`)}')) TO '${out}' (HEADER)`);
    c.closeSync();
    return parseCsv(readFileSync(out, 'utf8'));
  }

  it('publishes cells, withholds some, and every withheld cell says why and shows no number', () => {
    expect(csv.length).toBeGreaterThan(100);
    const withheld = csv.filter((r) => r['suppressed'] === 'true');
    expect(withheld.length).toBeGreaterThan(0);
    for (const r of withheld) {
      expect(['min_stores', 'min_customers', 'dominance', 'p_percent', 'complementary']).toContain(r['reason']);
      expect(r['value_yuan']).toBe('');
      expect(r['units']).toBe('');
      expect(r['value_share']).toBe('');
    }
  });

  it('no published cell of brand_cells breaks a primary rule, each recounted from the raw lines', async () => {
    // Per cell and store from the fact tables, at every region level, month and 12-month total,
    // brand and category; then the rules by hand: 10 stores, 10 buyers, top store <= 50 %, p % = 15.
    const months = [...new Set(csv.filter((r) => r['period_level'] === 'month').map((r) => r['period']!))].sort();
    const latest = months.slice(-12);
    const r = await wh.connection.runAndReadAll(`${LINES_WITH_BUYERS},
      tagged AS (SELECT *, CASE WHEN strftime(d, '%Y-%m') >= '${latest[0]}' THEN 'ALL' ELSE 'ALL_PREV' END AS yr, strftime(d, '%Y-%m') AS month,
                        c.province_id FROM l JOIN counties c USING (county_id) WHERE strftime(d, '%Y-%m') >= '${months[0]}'),
      -- Every combination of region, period and product level a line belongs to (cross product).
      spread AS (
        SELECT r.region, pe.period, pr.product, t.store_id, t.buyer, t.v, t.q FROM tagged t
        CROSS JOIN LATERAL (SELECT unnest([t.county_id, t.province_id, 'ALL']) AS region) r
        CROSS JOIN LATERAL (SELECT unnest([t.month, t.yr]) AS period) pe
        CROSS JOIN LATERAL (SELECT unnest([t.category || '|' || t.brand, t.category, 'ALL']) AS product) pr),
      cells AS (SELECT region, period, product, store_id, sum(v) AS v, sum(q) AS q FROM spread GROUP BY ALL),
      buyers AS (SELECT region, period, product, count(DISTINCT buyer) AS n FROM spread GROUP BY ALL)
      SELECT c.region, c.period, c.product, count(*) AS stores, any_value(b.n) AS buyers, sum(v) AS total, max(v) AS top1,
             list_sort(list(v), 'DESC')[2] AS top2, sum(q) AS qtotal, max(q) AS qtop1, list_sort(list(q), 'DESC')[2] AS qtop2
      FROM cells c JOIN buyers b USING (region, period, product) GROUP BY ALL`);
    const stats = new Map(r.getRows().map((x) => [`${x[0]}/${x[1]}/${x[2]}`, x.slice(3).map((y) => Number(y ?? 0))]));
    let checked = 0;
    for (const row of csv) {
      if (row['suppressed'] !== 'false') continue;
      const product = row['category'] === 'ALL' ? 'ALL' : row['brand'] === 'ALL' ? row['category']! : `${row['category']}|${row['brand']}`;
      const x = stats.get(`${row['region_id']}/${row['period']}/${product}`);
      expect(x, `${row['region_id']}/${row['period']}/${product}`).toBeDefined();
      const [stores, buyers, total, top1, top2, qtotal, qtop1, qtop2] = x as [number, number, number, number, number, number, number, number];
      expect(stores).toBeGreaterThanOrEqual(10);
      expect(buyers).toBeGreaterThanOrEqual(10);
      // Small slack: the pipeline rounds each store's figure to the fen before comparing.
      expect(top1).toBeLessThanOrEqual(0.5 * total + 0.01);
      expect(qtop1).toBeLessThanOrEqual(0.5 * qtotal + 0.001);
      expect(total - top1 - top2).toBeGreaterThanOrEqual(0.15 * top1 - 0.02);
      expect(qtotal - qtop1 - qtop2).toBeGreaterThanOrEqual(0.15 * qtop1 - 0.002);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  /**
   * The primary rules by hand for cells keyed `region/leaf/product`, over a CTE chain that ends in
   * `spread(region, leaf, product, store_id, buyer, v, q)` built from the raw fact tables.
   */
  async function assertPrimary(published: readonly string[], spreadSql: string): Promise<number> {
    const r = await wh.connection.runAndReadAll(`${spreadSql},
      cells AS (SELECT region, leaf, product, store_id, sum(v) AS v, sum(q) AS q FROM spread GROUP BY ALL),
      buyers AS (SELECT region, leaf, product, count(DISTINCT buyer) AS n FROM spread GROUP BY ALL)
      SELECT c.region || '/' || c.leaf || '/' || c.product, count(*), any_value(b.n), sum(v), max(v), list_sort(list(v), 'DESC')[2],
             sum(q), max(q), list_sort(list(q), 'DESC')[2]
      FROM cells c JOIN buyers b USING (region, leaf, product) GROUP BY ALL`);
    const stats = new Map(r.getRows().map((x) => [String(x[0]), x.slice(1).map((y) => Number(y ?? 0))]));
    for (const key of published) {
      const x = stats.get(key);
      expect(x, key).toBeDefined();
      const [stores, buyers, total, top1, top2, qtotal, qtop1, qtop2] = x as [number, number, number, number, number, number, number, number];
      expect(stores, key).toBeGreaterThanOrEqual(10);
      expect(buyers, key).toBeGreaterThanOrEqual(10);
      expect(top1, key).toBeLessThanOrEqual(0.5 * total + 0.01);
      expect(qtop1, key).toBeLessThanOrEqual(0.5 * qtotal + 0.001);
      expect(total - top1 - top2, key).toBeGreaterThanOrEqual(0.15 * top1 - 0.02);
      expect(qtotal - qtop1 - qtop2, key).toBeGreaterThanOrEqual(0.15 * qtop1 - 0.002);
    }
    return published.length;
  }

  const productNode = (x: CsvRow): string => (x['category'] === 'ALL' ? 'ALL' : x['brand'] === 'ALL' ? x['category']! : `${x['category']}|${x['brand']}`);
  const latestMonths = (): string[] => [...new Set(csv.filter((x) => x['period_level'] === 'month').map((x) => x['period']!))].sort().slice(-12);
  const REGIONS = `CROSS JOIN LATERAL (SELECT unnest([t.county_id, c.province_id, 'ALL']) AS region) r`;

  it('no published price band, event window or basket cell breaks a primary rule either, recounted from the raw lines', async () => {
    const from = latestMonths()[0]!;
    const bands = (await publishedCsv('brand_price_bands')).filter((x) => x['suppressed'] === 'false' && Number(x['value_yuan']) > 0);
    const nBands = await assertPrimary(bands.map((x) => `${x['region_id']}/${x['band']}/${productNode(x)}`), `${LINES_WITH_BUYERS},
      w AS (SELECT *, CAST(v / q AS DOUBLE) AS price FROM l WHERE strftime(d, '%Y-%m') >= '${from}'),
      m AS (SELECT category, median(price) AS med FROM w GROUP BY category),
      t AS (SELECT w.*, CASE WHEN price / med < 0.8 THEN '1-low' WHEN price / med < 1.25 THEN '2-mid' WHEN price / med < 2 THEN '3-high' ELSE '4-premium' END AS band
            FROM w JOIN m USING (category)),
      spread AS (SELECT r.region, b.leaf, p.product, t.store_id, t.buyer, t.v, t.q FROM t JOIN counties c USING (county_id) ${REGIONS}
        CROSS JOIN LATERAL (SELECT unnest([t.band, 'ALL']) AS leaf) b
        CROSS JOIN LATERAL (SELECT unnest([t.category || '|' || t.brand, t.category, 'ALL']) AS product) p)`);

    const events = await publishedCsv('brand_events');
    const windows = [...new Map(events.map((x) => [x['event']!, x])).values()];
    const cases = windows.flatMap((x) => [
      `WHEN d BETWEEN DATE '${x['window_from']}' AND DATE '${x['window_to']}' THEN '${x['event']}'`,
      `WHEN d BETWEEN DATE '${x['base_from']}' AND DATE '${x['base_to']}' THEN '${x['event']}:base'`]).join(' ');
    const eventKeys = events.flatMap((x) => [
      ...(x['suppressed'] === 'false' && Number(x['value_yuan']) > 0 ? [`${x['region_id']}/${x['event']}/${productNode(x)}`] : []),
      ...(x['base_suppressed'] === 'false' && Number(x['base_value_yuan']) > 0 ? [`${x['region_id']}/${x['event']}:base/${productNode(x)}`] : []),
    ]);
    const nEvents = await assertPrimary(eventKeys, `${LINES_WITH_BUYERS},
      t AS (SELECT * FROM (SELECT *, CASE ${cases} END AS leaf FROM l) WHERE leaf IS NOT NULL),
      spread AS (SELECT r.region, t.leaf, p.product, t.store_id, t.buyer, t.v, t.q FROM t JOIN counties c USING (county_id) ${REGIONS}
        CROSS JOIN LATERAL (SELECT unnest([t.category || '|' || t.brand, t.category, 'ALL']) AS product) p)`);

    const basket = (await publishedCsv('brand_basket')).filter((x) => x['suppressed'] === 'false' && Number(x['value_yuan']) > 0);
    const nBasket = await assertPrimary(basket.map((x) => `${x['region_id']}/${x['co_category']}/${productNode(x)}`), `${LINES_WITH_BUYERS},
      y AS (SELECT x.*, t.county_id, p.category, p.brand FROM (
          SELECT store_id, sku, (placed_at AT TIME ZONE 'Asia/Shanghai')::DATE AS d, quantity * CAST(unit_price AS DOUBLE) AS v, quantity AS q,
                 'o:' || customer_id AS buyer, 'o:' || order_id AS basket FROM order_lines WHERE status = 'placed' AND quantity > 0
          UNION ALL SELECT store_id, sku, (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE, quantity * CAST(unit_price AS DOUBLE), quantity,
                 'r:' || store_id || ':' || receipt_id, 'r:' || store_id || ':' || receipt_id FROM till_lines WHERE NOT is_return AND quantity > 0) x
        JOIN products p USING (sku) JOIN stores s USING (store_id) JOIN villages v USING (village_id) JOIN towns t USING (town_id)
        WHERE NOT p.is_produce AND strftime(x.d, '%Y-%m') >= '${from}'),
      holders AS (SELECT DISTINCT basket, category AS hc, unnest([category, category || '|' || brand]) AS product FROM y),
      t AS (SELECT y.*, h.product FROM y JOIN holders h ON h.basket = y.basket AND y.category <> h.hc),
      spread AS (SELECT r.region, co.leaf, t.product, t.store_id, t.buyer, t.v, t.q FROM t JOIN counties c USING (county_id) ${REGIONS}
        CROSS JOIN LATERAL (SELECT unnest([t.category, 'ALL']) AS leaf) co)`);
    expect(Math.min(nBands, nEvents, nBasket)).toBeGreaterThan(20);
  }, 120_000);

  /** The same lines with their quantity and buyer (an order's customer, else the till receipt). */
  const LINES_WITH_BUYERS = `WITH l AS (
      SELECT x.*, t.county_id, p.category, p.brand FROM (
        SELECT store_id, sku, (placed_at AT TIME ZONE 'Asia/Shanghai')::DATE AS d, quantity * CAST(unit_price AS DOUBLE) AS v, quantity AS q,
               'o:' || customer_id AS buyer FROM order_lines WHERE status = 'placed' AND quantity > 0
        UNION ALL SELECT store_id, sku, (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE, quantity * CAST(unit_price AS DOUBLE), quantity,
               'r:' || store_id || ':' || receipt_id FROM till_lines WHERE NOT is_return AND quantity > 0) x
      JOIN products p USING (sku) JOIN stores s USING (store_id) JOIN villages v USING (village_id) JOIN towns t USING (town_id)
      WHERE NOT p.is_produce)`;

  /** Gross sales lines straight from the fact tables, not from the pipeline's tables. */
  const LINES = `WITH l AS (
      SELECT x.*, t.county_id, p.category, p.brand FROM (
        SELECT store_id, sku, (placed_at AT TIME ZONE 'Asia/Shanghai')::DATE AS d, quantity * CAST(unit_price AS DOUBLE) AS v,
               CAST(unit_price AS DOUBLE) AS price FROM order_lines WHERE status = 'placed' AND quantity > 0
        UNION ALL SELECT store_id, sku, (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE, quantity * CAST(unit_price AS DOUBLE),
               CAST(unit_price AS DOUBLE) FROM till_lines WHERE NOT is_return AND quantity > 0) x
      JOIN products p USING (sku) JOIN stores s USING (store_id) JOIN villages v USING (village_id) JOIN towns t USING (town_id)
      WHERE NOT p.is_produce)`;

  /**
   * The attacker: atoms county x second-dimension leaf x brand, the finest cells the files show;
   * every published cell a sum of them; the province and ALL margins from the public geography.
   */
  async function attack(
    cells: AttackCell[], totalOf: (leaf: string) => string | null, truthSql: string,
    /** Products that do not add up (baskets): each its own, no category margin. */
    flatProducts = false,
  ): Promise<{ withheld: number; narrowed: number }> {
    const geo = (await wh.connection.runAndReadAll(`SELECT t.county_id, c.province_id FROM towns t JOIN counties c USING (county_id) GROUP BY ALL`)).getRows();
    const provinceOf = new Map(geo.map((g) => [String(g[0]), String(g[1])]));
    const atomIndex = new Map<string, number>();
    const atoms: { county: string; leaf: string; category: string; product: string }[] = [];
    for (const c of cells) {
      if (c.regionLevel !== 'county' || c.leaf === null || (c.brand === 'ALL' && !flatProducts)) continue;
      const key = `${c.regionId}/${c.leaf}/${c.category}|${c.brand}`;
      if (atomIndex.has(key)) continue;
      atomIndex.set(key, atoms.length);
      atoms.push({ county: c.regionId, leaf: c.leaf, category: c.category, product: `${c.category}|${c.brand}` });
    }
    const atomsOf = (c: AttackCell): number[] => {
      const out: number[] = [];
      atoms.forEach((a, i) => {
        const region = c.regionLevel === 'county' ? a.county === c.regionId : c.regionLevel === 'province' ? provinceOf.get(a.county) === c.regionId : true;
        const second = c.leaf !== null ? a.leaf === c.leaf : totalOf(a.leaf) === c.total;
        const product = flatProducts ? a.product === `${c.category}|${c.brand}`
          : c.category === 'ALL' ? true : c.brand === 'ALL' ? a.category === c.category : a.product === `${c.category}|${c.brand}`;
        if (region && second && product) out.push(i);
      });
      return out;
    };
    const known: KnownCell[] = cells.filter((c) => !c.suppressed).map((c) => ({ atoms: atomsOf(c), value: Math.round(c.valueYuan! * 100) }));
    const hidden = cells.filter((c) => c.suppressed);
    const truth = new Map((await wh.connection.runAndReadAll(truthSql)).getRows().map((x) => [String(x[0]), Math.round(Number(x[1]) * 100)]));
    const keys = [...atomIndex.keys()];
    // Every atom the files show has a true value from the raw lines: a key mismatch would make
    // every target zero and the attack vacuous.
    // (A cell published as 0, a product with no sales before an event, has no lines to sum.)
    const zero = new Set(cells.filter((c) => !c.suppressed && c.valueYuan === 0 && c.leaf !== null)
      .map((c) => `${c.regionId}/${c.leaf}/${c.category}|${c.brand}`));
    expect(keys.filter((k) => !truth.has(k) && !zero.has(k))).toEqual([]);
    const attacker = await Attacker.create();
    const targets = hidden.map(atomsOf);
    const intervals = attacker.intervals(atoms.length, known, targets);
    let narrowed = 0;
    targets.forEach((t, k) => {
      const v = t.reduce((sum, a) => sum + (truth.get(keys[a]!) ?? 0), 0);
      if (!isProtected(intervals[k]!, v, 0.15)) narrowed++;
    });
    return { withheld: hidden.length, narrowed };
  }

  it("the attacker's LP over every published number of brand_cells narrows no withheld cell to within 15 %", async () => {
    const months = [...new Set(csv.filter((r) => r['period_level'] === 'month').map((r) => r['period']!))].sort();
    const latest = new Set(months.slice(-12));
    const cells: AttackCell[] = csv.map((r) => ({
      regionLevel: r['region_level']!, regionId: r['region_id']!, category: r['category']!, brand: r['brand']!,
      leaf: r['period_level'] === 'month' ? r['period']! : null, total: r['period_level'] === 'month' ? null : r['period']!,
      valueYuan: r['value_yuan'] === '' ? null : Number(r['value_yuan']), suppressed: r['suppressed'] === 'true',
    }));
    const r = await attack(cells, (m) => (latest.has(m) ? 'ALL' : 'ALL_PREV'),
      `${LINES} SELECT county_id || '/' || strftime(d, '%Y-%m') || '/' || category || '|' || brand, sum(v) FROM l GROUP BY ALL`);
    expect(r.withheld).toBeGreaterThan(0);
    expect(r.narrowed).toBe(0);
  }, 120_000);

  it('and of brand_price_bands, with bands recomputed from the raw lines', async () => {
    const rows = await publishedCsv('brand_price_bands');
    const months = [...new Set(csv.filter((x) => x['period_level'] === 'month').map((x) => x['period']!))].sort().slice(-12);
    const cells: AttackCell[] = rows.map((x) => ({
      regionLevel: x['region_level']!, regionId: x['region_id']!, category: x['category']!, brand: x['brand']!,
      leaf: x['band'] === 'ALL' ? null : x['band']!, total: x['band'] === 'ALL' ? 'ALL' : null,
      valueYuan: x['value_yuan'] === '' ? null : Number(x['value_yuan']), suppressed: x['suppressed'] === 'true',
    }));
    const r = await attack(cells, () => 'ALL', `${LINES}, w AS (SELECT * FROM l WHERE strftime(d, '%Y-%m') >= '${months[0]}'),
      m AS (SELECT category, median(price) AS med FROM w GROUP BY category)
      SELECT county_id || '/' || CASE WHEN price / med < 0.8 THEN '1-low' WHEN price / med < 1.25 THEN '2-mid' WHEN price / med < 2 THEN '3-high' ELSE '4-premium' END
             || '/' || category || '|' || brand, sum(v) FROM w JOIN m USING (category) GROUP BY ALL`);
    expect(r.withheld).toBeGreaterThan(0);
    expect(r.narrowed).toBe(0);
  }, 120_000);

  it('and of brand_events, window and baseline each', async () => {
    const rows = await publishedCsv('brand_events');
    const cells: AttackCell[] = rows.flatMap((x) => [
      { regionLevel: x['region_level']!, regionId: x['region_id']!, category: x['category']!, brand: x['brand']!, leaf: x['event']!, total: null,
        valueYuan: x['value_yuan'] === '' ? null : Number(x['value_yuan']), suppressed: x['suppressed'] === 'true' },
      { regionLevel: x['region_level']!, regionId: x['region_id']!, category: x['category']!, brand: x['brand']!, leaf: `${x['event']}:base`, total: null,
        valueYuan: x['base_value_yuan'] === '' ? null : Number(x['base_value_yuan']), suppressed: x['base_suppressed'] === 'true' },
    ]);
    const windows = [...new Map(rows.map((x) => [x['event']!, x])).values()];
    expect(windows.length).toBeGreaterThan(0);
    const cases = windows.flatMap((x) => [
      `WHEN d BETWEEN DATE '${x['window_from']}' AND DATE '${x['window_to']}' THEN '${x['event']}'`,
      `WHEN d BETWEEN DATE '${x['base_from']}' AND DATE '${x['base_to']}' THEN '${x['event']}:base'`]).join(' ');
    const r = await attack(cells, () => null, `${LINES}, w AS (SELECT *, CASE ${cases} END AS win FROM l)
      SELECT county_id || '/' || win || '/' || category || '|' || brand, sum(v) FROM w WHERE win IS NOT NULL GROUP BY ALL`);
    expect(r.narrowed).toBe(0);
  }, 120_000);

  it('and of brand_basket, every product its own block', async () => {
    const rows = await publishedCsv('brand_basket');
    const cells: AttackCell[] = rows.map((x) => ({
      regionLevel: x['region_level']!, regionId: x['region_id']!, category: x['category']!, brand: x['brand']!,
      leaf: x['co_category'] === 'ALL' ? null : x['co_category']!, total: x['co_category'] === 'ALL' ? 'ALL' : null,
      valueYuan: x['value_yuan'] === '' ? null : Number(x['value_yuan']), suppressed: x['suppressed'] === 'true',
    }));
    const months = [...new Set(csv.filter((x) => x['period_level'] === 'month').map((x) => x['period']!))].sort().slice(-12);
    const r = await attack(cells, () => 'ALL', `WITH y AS (
        SELECT x.*, t.county_id, p.category, p.brand FROM (
          SELECT store_id, sku, (placed_at AT TIME ZONE 'Asia/Shanghai')::DATE AS d, quantity * CAST(unit_price AS DOUBLE) AS v, 'o:' || order_id AS basket
          FROM order_lines WHERE status = 'placed' AND quantity > 0
          UNION ALL SELECT store_id, sku, (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE, quantity * CAST(unit_price AS DOUBLE), 'r:' || store_id || ':' || receipt_id
          FROM till_lines WHERE NOT is_return AND quantity > 0) x
        JOIN products p USING (sku) JOIN stores s USING (store_id) JOIN villages v USING (village_id) JOIN towns t USING (town_id)
        WHERE NOT p.is_produce AND strftime(x.d, '%Y-%m') >= '${months[0]}'),
      holders AS (SELECT DISTINCT basket, category AS hc, category || '|ALL' AS node FROM y
                  UNION SELECT DISTINCT basket, category, category || '|' || brand FROM y)
      SELECT y.county_id || '/' || y.category || '/' || h.node, sum(y.v) FROM y JOIN holders h ON h.basket = y.basket AND y.category <> h.hc GROUP BY ALL`, true);
    // The one-store brand's baskets at least are withheld.
    expect(r.withheld).toBeGreaterThan(0);
    expect(r.narrowed).toBe(0);
  }, 120_000);

  it('a brand only one store sells gets withheld cells, not a number, at every region level', () => {
    const solo = csv.filter((r) => r['brand'] === '独家 Solo');
    expect(solo.length).toBeGreaterThan(10);
    for (const r of solo) {
      expect(r['suppressed']).toBe('true');
      expect(r['value_yuan']).toBe('');
    }
    expect(new Set(solo.map((r) => r['region_level']))).toEqual(new Set(['county', 'province', 'all']));
  });

  it('no store, customer, receipt or seller id appears in any published brand file', async () => {
    const ids = (await wh.connection.runAndReadAll(`SELECT store_id FROM stores UNION ALL SELECT DISTINCT customer_id FROM order_lines WHERE customer_id IS NOT NULL
      UNION ALL SELECT DISTINCT receipt_id FROM till_lines`)).getRows().map((x) => String(x[0]));
    const reader = await DuckDBInstance.create(':memory:');
    const c = await reader.connect();
    const files = readdirSync(snapshotDir).filter((f) => f.startsWith('brand_') || f === 'disclosure_report.parquet');
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const out = join(tmp.dir, `${f}.csv`);
      await c.run(`COPY (SELECT * FROM read_parquet('${join(snapshotDir, f)}')) TO '${out}' (HEADER)`);
      const text = readFileSync(out, 'utf8');
      const tokens = new Set(text.split(/[\n,|"]/));
      for (const id of ids) expect(tokens.has(id), `${id} in ${f}`).toBe(false);
    }
    c.closeSync();
  });
});
