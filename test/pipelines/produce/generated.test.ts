/**
 * On generated produce sales, whose harvest windows are known (pipelines/generate/catalogue.ts),
 * the province profile's peak window must be centred on the true peak. Tolerance: two weeks,
 * since positions are whole weeks and a peak is a plateau of a Gaussian bump with a 19-40 day sd.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { dayNumber } from '../../../pipelines/calendar/dates.ts';
import { PRODUCE } from '../../../pipelines/generate/catalogue.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { runProduceStage } from '../../../pipelines/produce/stage.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('produce stage on generated harvests', () => {
  const tmp = tempDir('produce');
  let wh: Warehouse;
  beforeAll(async () => {
    await generate({ out: join(tmp.dir, 'in'), villages: 30, skus: 20, days: 800, end: '2026-10-31', seed: 3, dirtyRate: 0, kinds: ['produce'] });
    wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb'));
    await ingestPaths(wh.connection, [join(tmp.dir, 'in')], { now: new Date('2026-11-01T08:00:00+08:00') });
    await runProduceStage(wh.connection, { runId: 'g1' });
  }, 120_000);
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('puts every item peak within two weeks of its true harvest peak', async () => {
    const rows = (await wh.connection.runAndReadAll(`SELECT s.sku, p.name_en, strftime(s.peak_from, '%Y-%m-%d'), strftime(s.peak_to, '%Y-%m-%d'), s.annual_kg
      FROM produce_seasons s JOIN products p USING (sku) WHERE s.run_id = 'g1' AND s.level = 'province'`)).getRows();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) {
      const item = PRODUCE.find((x) => `${x.en} (loose)` === String(r[1]))!;
      const from = dayNumber(String(r[2]));
      const to = dayNumber(String(r[3]));
      const mid = (from + to + 1) / 2;
      const year = new Date(mid * 86_400_000).getUTCFullYear();
      // Nearest occurrence of the true peak day to the window's middle.
      const truths = [year - 1, year, year + 1].map((y) => dayNumber(`${y}-01-01`) + item.peakDay - 1);
      const off = Math.min(...truths.map((t) => Math.abs(t - mid)));
      expect(off, `${r[1]} peak ${r[2]}..${r[3]}`).toBeLessThanOrEqual(14);
    }
  });

  it("counts as a seller's competitors the other sellers of the county who sold the item in the last 52 weeks", async () => {
    // Recounted from the raw sales: the stage's index of rivals must give what a walk over every seller gives.
    const r = (await wh.connection.runAndReadAll(`
      WITH last AS (SELECT seller_id, sku, max((sold_at AT TIME ZONE 'Asia/Shanghai')::DATE) AS d FROM produce_sales GROUP BY ALL),
      cut AS (SELECT max(d) - 363 AS since FROM last),
      sc AS (SELECT s.seller_id, t.county_id FROM sellers s JOIN villages v USING (village_id) JOIN towns t USING (town_id)),
      active AS (SELECT l.sku, sc.county_id, l.seller_id FROM last l JOIN sc USING (seller_id), cut WHERE l.d >= cut.since),
      expected AS (SELECT a.seller_id, a.sku, a.competitors, (SELECT count(*) FROM active x JOIN sc me ON me.seller_id = a.seller_id
                     WHERE x.sku = a.sku AND x.county_id = me.county_id AND x.seller_id <> a.seller_id) AS n
                   FROM listing_advice a WHERE a.run_id = 'g1')
      SELECT count(*), count(*) FILTER (WHERE competitors <> n), count(DISTINCT competitors) FROM expected`)).getRows()[0]!;
    expect(Number(r[0])).toBeGreaterThan(100);
    expect(Number(r[1])).toBe(0);
    // Sellers face different numbers of rivals, so a constant could not pass.
    expect(Number(r[2])).toBeGreaterThan(1);
  });

  it('ranks items for each seller with a reason in Chinese and in English', async () => {
    const r = (await wh.connection.runAndReadAll(`SELECT seller_id, rank, expected_kg, momentum, reason_zh, reason_en FROM listing_advice
      WHERE run_id = 'g1' AND weeks = 6 ORDER BY seller_id, rank`)).getRows();
    expect(r.length).toBeGreaterThan(0);
    for (const x of r) {
      expect(String(x[4])).toMatch(/公斤/);
      expect(String(x[5])).toMatch(/kg/);
    }
  });
});
