/**
 * Adoption curves on a launch whose truth we set: the generator stocks every SKU from day one, so
 * the test makes one SKU new by deleting its sales before a staggered first day per store (store k
 * of n starts selling it 9k days after the launch). The published curve must then count exactly the
 * stores whose first sale falls by each month, recounted here from the lines, and withhold months
 * with fewer adopters than the rule's minimum.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { dayNumber, isoDate } from '../../../pipelines/calendar/dates.ts';
import { DEFAULT_RULES } from '../../../pipelines/disclosure/index.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { ADOPTION_COLUMNS, adoptionRows } from '../../../pipelines/insights/adoption.ts';
import { createBrandLines, insightWindow } from '../../../pipelines/insights/brand-lines.ts';
import type { Cell } from '../../../pipelines/warehouse/insert-rows.ts';
import { tempDir } from '../../helpers/temp.ts';

const LAUNCH = '2026-02-10';
const col = (name: string): number => ADOPTION_COLUMNS.indexOf(name) - 1;

describe('a new product adoption curve', () => {
  const tmp = tempDir('adoption');
  let wh: Warehouse;
  let rows: Cell[][];
  let sku: string;
  let starts: Map<string, string>;
  beforeAll(async () => {
    const data = join(tmp.dir, 'in');
    await generate({ out: data, villages: 16, skus: 40, days: 500, end: '2026-10-31', seed: 21, dirtyRate: 0, kinds: ['till'] });
    wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb'));
    await ingestPaths(wh.connection, [data], { now: new Date('2026-11-01T08:00:00+08:00') });
    const c = wh.connection;
    // The SKU sold in most stores becomes the launch.
    const top = (await c.runAndReadAll(`SELECT sku FROM till_lines GROUP BY sku ORDER BY count(DISTINCT store_id) DESC, sku LIMIT 1`)).getRows();
    sku = String(top[0]![0]);
    const stores = (await c.runAndReadAll(`SELECT DISTINCT store_id FROM till_lines WHERE sku = '${sku}' ORDER BY store_id`)).getRows().map((r) => String(r[0]));
    starts = new Map(stores.map((s, k) => [s, isoDate(dayNumber(LAUNCH) + 9 * k)]));
    for (const [s, d] of starts) {
      await c.run(`DELETE FROM till_lines WHERE sku = '${sku}' AND store_id = '${s}' AND (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE < DATE '${d}'`);
    }
    const w = insightWindow('2026-10-31');
    await createBrandLines(c, w);
    rows = await adoptionRows(c, w, DEFAULT_RULES);
  }, 180_000);
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('finds the launched SKU and no SKU that was on sale from the start', () => {
    const skus = new Set(rows.map((r) => r[col('sku')]));
    expect([...skus]).toEqual([sku]);
  });

  it('counts, at every month and region level, exactly the stores that have sold it by then', async () => {
    const firsts = (await wh.connection.runAndReadAll(`
      SELECT t.store_id, strftime(min(t.sold_at AT TIME ZONE 'Asia/Shanghai'), '%Y-%m'), any_value(c.county_id)
      FROM till_lines t JOIN stores s USING (store_id) JOIN villages v USING (village_id) JOIN towns w USING (town_id) JOIN counties c USING (county_id)
      WHERE t.sku = '${sku}' AND NOT t.is_return AND t.quantity > 0 GROUP BY t.store_id`)).getRows()
      .map((r) => ({ month: String(r[1]), county: String(r[2]) }));
    const all = rows.filter((r) => r[col('region_level')] === 'all');
    expect(all[0]![col('month')]).toBe(LAUNCH.slice(0, 7));
    expect(all[0]![col('months_since_launch')]).toBe(0);
    expect(all.length).toBe(9); // February to October
    let published = 0;
    for (const r of rows) {
      const month = String(r[col('month')]);
      const level = r[col('region_level')];
      const truth = firsts.filter((f) => f.month <= month && (level !== 'county' || f.county === r[col('region_id')])).length;
      if (truth < DEFAULT_RULES.minStores) {
        expect(r[col('suppressed')]).toBe(true);
        expect(r[col('reason')]).toBe('min_stores');
        expect(r[col('stores_adopted')]).toBeNull();
      } else {
        published++;
        expect(r[col('suppressed')]).toBe(false);
        expect(r[col('stores_adopted')]).toBe(truth);
        expect(Number(r[col('penetration')])).toBeCloseTo(truth / Number(r[col('stores_total')]), 9);
      }
    }
    // The staggered launch reaches the minimum at the whole-region level within the window.
    expect(published).toBeGreaterThan(0);
    const curve = all.map((r) => r[col('stores_adopted')]).filter((v): v is number => typeof v === 'number');
    expect(curve).toEqual([...curve].sort((a, b) => a - b));
    expect(curve.at(-1)).toBe(starts.size);
  });
  it("counts a till's known shopper as one buyer across receipts, and puts a store's lines on its own local day", async () => {
    const c = wh.connection;
    const store = String((await c.runAndReadAll(`SELECT store_id FROM till_lines GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).getRows()[0]![0]);
    // Every line of the store bought by one household: the brand lines must see one buyer there.
    await c.run(`UPDATE till_lines SET customer_id = 'H1' WHERE store_id = '${store}'`);
    await c.run(`UPDATE stores SET timezone = 'America/Los_Angeles' WHERE store_id = '${store}'`);
    const w = insightWindow('2026-10-31');
    await createBrandLines(c, w);
    const q = async (sql: string): Promise<unknown[][]> => (await c.runAndReadAll(sql)).getRows();
    expect(await q(`SELECT count(DISTINCT cust) FROM brand_lines WHERE store_id = '${store}'`)).toEqual([[1n]]);
    const other = await q(`SELECT count(DISTINCT cust), count(DISTINCT basket) FROM brand_lines WHERE store_id <> '${store}'`);
    expect(other[0]![0]).toBe(other[0]![1]); // no shopper known: one buyer per receipt
    // The store's day is its Los Angeles day (Shanghai is 15-16 hours ahead): lines per day as a
    // plain count of the store's sales lines by their Los Angeles day.
    const la = `(t.sold_at AT TIME ZONE 'America/Los_Angeles')::DATE`;
    const differ = await q(`SELECT count(*) FROM
      (SELECT day, count(*) AS n FROM brand_lines WHERE store_id = '${store}' GROUP BY day) b
      FULL JOIN (SELECT ${la} AS d, count(*) AS n FROM till_lines t JOIN products p USING (sku)
                 WHERE t.store_id = '${store}' AND NOT t.is_return AND t.quantity > 0 AND NOT p.is_produce
                   AND ${la} BETWEEN DATE '${w.prevStart}' AND DATE '${w.end}' GROUP BY 1) t ON t.d = b.day
      WHERE b.n IS DISTINCT FROM t.n`);
    expect(differ).toEqual([[0n]]);
    await c.run(`UPDATE till_lines SET customer_id = NULL WHERE store_id = '${store}'`);
    await c.run(`UPDATE stores SET timezone = NULL WHERE store_id = '${store}'`);
  });
});
