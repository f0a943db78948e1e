/**
 * Brand shares against the generator's truth: with `--truth` it writes every store's latent shelf
 * demand per SKU and day, before stock-outs censor it. A brand's true share of its category is its
 * demand x list price over the category's. Published shares come from sales, which stock-outs cut
 * by a few percent for every brand alike, so at the whole-region, 12-month level the two must agree
 * within 3 points. The largest gap seen on this set is 1.5 points (fresh milk, where perishables
 * sell out most); a wrong join or a share of the wrong parent is off by far more.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { runBrandInsights } from '../../../pipelines/insights/brand-stage.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('brand shares against latent demand', () => {
  const tmp = tempDir('shares');
  let wh: Warehouse;
  beforeAll(async () => {
    const data = join(tmp.dir, 'in');
    await generate({ out: data, villages: 12, skus: 150, days: 380, end: '2026-10-31', seed: 11, dirtyRate: 0, kinds: ['till', 'inventory'], truth: true });
    wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb'));
    await ingestPaths(wh.connection, [data], { now: new Date('2026-11-01T08:00:00+08:00') });
    // Accuracy of the measure, not disclosure control: rules relaxed so every share is published.
    await runBrandInsights(wh.connection, { runId: 's1', rules: { minStores: 1, minCustomers: 1, dominanceShare: 1, pPercent: 0, protection: 0.15 } });
    await wh.connection.run(`CREATE TABLE truth AS SELECT * FROM read_csv('${join(data, 'truth')}/truth-*.csv', header = true,
      columns = {'store_id': 'VARCHAR', 'sku': 'VARCHAR', 'date': 'DATE', 'demand': 'DOUBLE'})`);
  }, 180_000);
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('publishes the same tables with its lines in a scratch file as in TEMP tables', async () => {
    const rules = { minStores: 3, minCustomers: 10, dominanceShare: 0.5, pPercent: 15, protection: 0.15 };
    await runBrandInsights(wh.connection, { runId: 'temp', rules });
    await runBrandInsights(wh.connection, { runId: 'file', rules, scratchFile: join(tmp.dir, 'wh.duckdb.insights-scratch') });
    for (const t of ['brand_cells', 'brand_price_bands', 'brand_events', 'brand_basket', 'brand_adoption']) {
      const n = async (a: string, b: string): Promise<unknown> => (await wh.connection.runAndReadAll(`SELECT count(*) FROM (
        SELECT * EXCLUDE (run_id) FROM ${t} WHERE run_id = '${a}' EXCEPT ALL SELECT * EXCLUDE (run_id) FROM ${t} WHERE run_id = '${b}')`)).getRows()[0]![0];
      expect([t, await n('temp', 'file'), await n('file', 'temp')]).toEqual([t, 0n, 0n]);
    }
    const suppressed = (await wh.connection.runAndReadAll(`SELECT count(*) FILTER (WHERE suppressed), count(*) FROM brand_cells WHERE run_id = 'file'`)).getRows()[0]!;
    // Both published and withheld cells are compared.
    expect(Number(suppressed[0])).toBeGreaterThan(0);
    expect(Number(suppressed[1])).toBeGreaterThan(Number(suppressed[0]));
  }, 120_000);

  it('puts every published brand share within 3 points of its true share', async () => {
    const r = await wh.connection.runAndReadAll(`
      WITH t AS (
        SELECT p.category, p.brand, sum(t.demand * CAST(p.list_price AS DOUBLE)) AS v
        FROM truth t JOIN products p USING (sku)
        WHERE NOT p.is_produce AND t.date >= DATE '2025-11-01' AND t.date <= DATE '2026-10-31' GROUP BY ALL),
      s AS (SELECT category, brand, v / sum(v) OVER (PARTITION BY category) AS true_share FROM t)
      SELECT s.category, s.brand, s.true_share, c.value_share
      FROM s JOIN brand_cells c ON c.category = s.category AND c.brand = s.brand
      WHERE c.run_id = 's1' AND c.region_level = 'all' AND c.period = 'ALL' AND NOT c.suppressed`);
    const rows = r.getRows().map((x) => ({ cat: String(x[0]), brand: String(x[1]), truth: Number(x[2]), published: Number(x[3]) }));
    expect(rows.length).toBeGreaterThan(20);
    const worst = rows.reduce((w, x) => (Math.abs(x.published - x.truth) > Math.abs(w.published - w.truth) ? x : w));
    expect(Math.abs(worst.published - worst.truth), JSON.stringify(worst)).toBeLessThanOrEqual(0.03);
  });

  it('puts every published price-band share within 4 points of the share of latent demand in that band', async () => {
    // A band is a price against the category's median line price, a definition rather than a
    // truth, so the median is recounted here from the raw till lines; what is checked is how the
    // value of true demand falls into the bands. Categories with a SKU within 3 % of a band edge are
    // left out: sold prices scatter around list prices, and one SKU hopping a band moves its share whole.
    const r = await wh.connection.runAndReadAll(`
      WITH m AS (
        SELECT p.category, median(CAST(t.unit_price AS DOUBLE)) AS med
        FROM till_lines t JOIN products p USING (sku)
        WHERE NOT p.is_produce AND NOT t.is_return AND t.quantity > 0
          AND (t.sold_at AT TIME ZONE 'Asia/Shanghai')::DATE BETWEEN DATE '2025-11-01' AND DATE '2026-10-31' GROUP BY ALL),
      d AS (
        SELECT p.category, CAST(p.list_price AS DOUBLE) / m.med AS r, t.demand * CAST(p.list_price AS DOUBLE) AS v
        FROM truth t JOIN products p USING (sku) JOIN m USING (category)
        WHERE NOT p.is_produce AND t.date >= DATE '2025-11-01' AND t.date <= DATE '2026-10-31'),
      edge AS (SELECT category, min(least(abs(r / 0.8 - 1), abs(r / 1.25 - 1), abs(r / 2 - 1))) AS e FROM d GROUP BY category),
      banded AS (SELECT category, CASE WHEN r < 0.8 THEN '1-low' WHEN r < 1.25 THEN '2-mid' WHEN r < 2 THEN '3-high' ELSE '4-premium' END AS band, sum(v) AS v
                 FROM d GROUP BY ALL),
      s AS (SELECT category, band, v / sum(v) OVER (PARTITION BY category) AS true_share FROM banded)
      SELECT s.category, s.band, s.true_share, coalesce(c.band_share, 0)
      FROM s JOIN edge USING (category)
      LEFT JOIN brand_price_bands c ON c.category = s.category AND c.band = s.band AND c.run_id = 's1' AND c.brand = 'ALL' AND c.region_level = 'all'
      WHERE edge.e >= 0.03`);
    const rows = r.getRows().map((x) => ({ cat: String(x[0]), band: String(x[1]), truth: Number(x[2]), published: Number(x[3]) }));
    expect(rows.length).toBeGreaterThan(10);
    const worst = rows.reduce((w, x) => (Math.abs(x.published - x.truth) > Math.abs(w.published - w.truth) ? x : w));
    expect(Math.abs(worst.published - worst.truth), JSON.stringify(worst)).toBeLessThanOrEqual(0.04);
  });

  it('measures each event lift as the lift of true demand, less exactly what stock-outs cut', async () => {
    // Lifts are of sales. When shelves empty in a rush (Spring Festival above all) sales lift less
    // than demand, so the published lift is compared with the true lift times the share of demand
    // served in the window over the share served before it, both recounted from the raw lines: the
    // gap left must be within 3 % (prices on the till scatter around the list price the truth uses).
    // Uncorrected, the largest gap seen is 27 %, Spring Festival for fresh food, and 11.11 and 6.18
    // stay within 15 %: that bound is asserted too, so a lift from the wrong days fails either way.
    const r = await wh.connection.runAndReadAll(`
      WITH e AS (SELECT DISTINCT event, window_from, window_to, base_from, base_to FROM brand_events WHERE run_id = 's1'),
      tagged AS (
        SELECT p.category, e.event, CASE WHEN t.date BETWEEN e.window_from AND e.window_to THEN 'w' ELSE 'b' END AS part,
               t.store_id, t.sku, t.date, t.demand, CAST(p.list_price AS DOUBLE) AS price
        FROM truth t JOIN products p USING (sku) CROSS JOIN e
        WHERE NOT p.is_produce AND (t.date BETWEEN e.window_from AND e.window_to OR t.date BETWEEN e.base_from AND e.base_to)),
      sold AS (
        SELECT store_id, sku, (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE AS date, sum(quantity) AS q
        FROM till_lines WHERE NOT is_return AND quantity > 0 GROUP BY ALL),
      d AS (
        SELECT category, event, part, sum(demand * price) AS dv, sum(coalesce(q, 0) * price) AS sv
        FROM tagged LEFT JOIN sold USING (store_id, sku, date) GROUP BY ALL)
      SELECT w.category, w.event, (w.dv / (datediff('day', e.window_from, e.window_to) + 1)) / (b.dv / 28) AS true_lift,
             (w.sv / w.dv) / (b.sv / b.dv) AS served, l.lift
      FROM d w JOIN d b ON b.category = w.category AND b.event = w.event AND b.part = 'b' JOIN e ON e.event = w.event
      JOIN brand_events l ON l.category = w.category AND l.event = w.event
      WHERE w.part = 'w' AND l.run_id = 's1' AND l.brand = 'ALL' AND l.region_level = 'all' AND l.lift IS NOT NULL`);
    const rows = r.getRows().map((x) => ({ cat: String(x[0]), event: String(x[1]), truth: Number(x[2]), served: Number(x[3]), published: Number(x[4]) }));
    expect(rows.length).toBeGreaterThan(20);
    expect(new Set(rows.map((x) => x.event))).toEqual(new Set(['spring_festival', 'double_11', '618']));
    for (const x of rows) {
      expect(Math.abs(x.published / (x.truth * x.served) - 1), JSON.stringify(x)).toBeLessThanOrEqual(0.03);
      expect(Math.abs(x.published / x.truth - 1), JSON.stringify(x)).toBeLessThanOrEqual(x.event === 'spring_festival' ? 0.3 : 0.15);
    }
  });
});
