import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../../jobs/warehouse.ts';
import { runForecastStage } from '../../../pipelines/forecast-stage/run.ts';
import type { ForecastStageResult } from '../../../pipelines/forecast-stage/run.ts';
import { fixtureWarehouse } from './fixture.ts';

/** Largest |parent - sum of children| over every stored parent row, by SQL on the stored table. */
async function maxGap(wh: Warehouse, runId: string, parent: string, child: string, join: string): Promise<{ gap: number; rows: number }> {
  const r = await wh.connection.runAndReadAll(`
    WITH kids AS (
      SELECT ${join} AS parent_id, f.sku, f.day, sum(f.mean) AS s, sum(f.mean) AS s2, count(*) AS n
      FROM forecasts f ${childJoin(child)} WHERE f.run_id = '${runId}' AND f.level = '${child}' GROUP BY ALL)
    SELECT max(abs(p.mean - k.s)), count(*) FROM forecasts p JOIN kids k ON p.node_id = k.parent_id AND p.sku = k.sku AND p.day = k.day
    WHERE p.run_id = '${runId}' AND p.level = '${parent}'`);
  const row = r.getRows()[0] ?? [];
  return { gap: Number(row[0]), rows: Number(row[1]) };
}

function childJoin(level: string): string {
  switch (level) {
    case 'store': return 'JOIN stores x ON x.store_id = f.node_id';
    case 'village': return 'JOIN villages x ON x.village_id = f.node_id';
    case 'town': return 'JOIN towns x ON x.town_id = f.node_id';
    default: return 'JOIN counties x ON x.county_id = f.node_id';
  }
}

describe('runForecastStage', () => {
  let wh: Warehouse;
  let res: ForecastStageResult;
  beforeAll(async () => {
    wh = await fixtureWarehouse();
    res = await runForecastStage(wh.connection, { runId: 'r1', horizon: 14, historyDays: 112, workers: 0 });
  }, 60_000);
  afterAll(async () => wh.close());

  it('writes every level for every SKU and marks the run done', async () => {
    // 6 stores + 5 villages + 3 towns + 2 counties + 1 province = 17 nodes x 3 SKUs x 14 days.
    expect(res.rows).toBe(17 * 3 * 14);
    const n = await wh.connection.runAndReadAll(`SELECT level, count(*) FROM forecasts WHERE run_id = 'r1' GROUP BY level ORDER BY level`);
    expect(n.getRows().map((r) => [r[0], Number(r[1])])).toEqual([
      ['county', 84], ['province', 42], ['store', 252], ['town', 126], ['village', 210],
    ]);
    const st = await wh.connection.runAndReadAll(`SELECT status, horizon, strftime(as_of, '%Y-%m-%d') FROM forecast_runs WHERE run_id = 'r1'`);
    expect(st.getRows()[0]).toEqual(['done', 14, '2026-10-31']);
  });

  it("gives a whole-unit store series on the fast path count quantiles: whole numbers, ordered, the median of a slow mover 0", async () => {
    const r = await wh.connection.runAndReadAll(`SELECT sku, q50, q80, q90, q95, q99, mean FROM forecasts WHERE run_id = 'r1' AND level = 'store' AND model LIKE 'TSB%'`);
    const rows = r.getRows().map((x) => x.map((v, i) => (i === 0 ? v : Number(v))) as [string, number, number, number, number, number, number]);
    expect(rows.length).toBeGreaterThan(0);
    for (const [, ...q] of rows) {
      const quantiles = q.slice(0, 5);
      for (const v of quantiles) expect(Number.isInteger(v), String(quantiles)).toBe(true);
      for (let k = 1; k < 5; k++) expect(quantiles[k]!).toBeGreaterThanOrEqual(quantiles[k - 1]!);
    }
    // K2 sells 0.3 a day: most days sell nothing, so its median is 0.
    const k2 = rows.filter(([sku]) => sku === 'K2');
    expect(k2.length).toBeGreaterThan(0);
    expect(k2.every(([, q50]) => q50 === 0)).toBe(true);
  });

  it('stored parents equal the sum of their children within 1e-6 at every level', async () => {
    const checks = [
      await maxGap(wh, 'r1', 'village', 'store', 'x.village_id'),
      await maxGap(wh, 'r1', 'town', 'village', 'x.town_id'),
      await maxGap(wh, 'r1', 'county', 'town', 'x.county_id'),
      await maxGap(wh, 'r1', 'province', 'county', 'x.province_id'),
    ];
    for (const c of checks) {
      expect(c.rows).toBeGreaterThan(0);
      expect(c.gap).toBeLessThan(1e-6);
    }
  });

  it('forecasts are non-negative, quantiles ordered, and near the true level', async () => {
    const r = await wh.connection.runAndReadAll(`SELECT min(mean), min(q50), sum((q80 < q50 OR q90 < q80 OR q95 < q90 OR q99 < q95)::INT) FROM forecasts WHERE run_id = 'r1'`);
    const [minMean, minQ, crossings] = (r.getRows()[0] ?? []).map(Number);
    expect(minMean).toBeGreaterThanOrEqual(0);
    expect(minQ).toBeGreaterThanOrEqual(0);
    expect(crossings).toBe(0);
    // K1 at S1: true mean per day 4 x (6 + 1.6) / 7 = 4.34; the forecast's 14-day mean should be near.
    const k = await wh.connection.runAndReadAll(`SELECT avg(mean) FROM forecasts WHERE run_id = 'r1' AND level = 'store' AND node_id = 'S1' AND sku = 'K1'`);
    expect(Number(k.getRows()[0]?.[0])).toBeGreaterThan(3.6);
    expect(Number(k.getRows()[0]?.[0])).toBeLessThan(5.1);
  });

  it('reconciles the county blocks with MinT-shrink (no fallback on this data)', () => {
    expect(res.reconcile.blocks).toBe(2 * 3);
    expect(res.reconcile.fallbacks).toBe(0);
  });

  it('keeps the fast path\'s dispersion for every sparse store series, none for parents or the core', async () => {
    const r = await wh.connection.runAndReadAll(`SELECT d.node_id, d.sku, d.dispersion, s.store_id IS NOT NULL
      FROM forecast_dispersion d LEFT JOIN stores s ON s.store_id = d.node_id WHERE d.run_id = 'r1' ORDER BY d.sku, d.node_id`);
    const rows = r.getRows();
    // K2 (0.3 a day) is sparse at every store; K1 (4 a day) is smooth and goes to the core.
    expect(rows.filter((x) => x[1] === 'K2').length).toBe(6);
    expect(rows.some((x) => x[1] === 'K1')).toBe(false);
    for (const [, , d, isStore] of rows) {
      expect(isStore).toBe(true);
      expect(Number(d)).toBeGreaterThanOrEqual(1);
    }
  });

  it('running again with the same run id replaces the rows', async () => {
    const again = await runForecastStage(wh.connection, { runId: 'r1', horizon: 14, historyDays: 112, workers: 0, method: 'bottom-up' });
    const n = await wh.connection.runAndReadAll(`SELECT count(*), sum((model NOT LIKE '%|bottom-up')::INT) FROM forecasts WHERE run_id = 'r1' AND level <> 'province'`);
    expect(Number(n.getRows()[0]?.[0])).toBe(again.rows - 3 * 14);
    expect(Number(n.getRows()[0]?.[1])).toBe(0);
    const d = await wh.connection.runAndReadAll(`SELECT count(*), count(DISTINCT (node_id, sku)) FROM forecast_dispersion WHERE run_id = 'r1'`);
    expect(Number(d.getRows()[0]?.[0])).toBe(Number(d.getRows()[0]?.[1]));
    expect(Number(d.getRows()[0]?.[0])).toBeGreaterThanOrEqual(6);
  });

  it('rejects a horizon outside 7..56', async () => {
    await expect(runForecastStage(wh.connection, { horizon: 60, workers: 0 })).rejects.toThrow(/horizon/);
  });
});

describe('goods only ordered, never on a shelf', () => {
  it('get no shelf forecast (they are forecast per village by the order channel), and stocked goods are unchanged', async () => {
    const wh = await fixtureWarehouse();
    try {
      const c = wh.connection;
      await c.run(`INSERT INTO products VALUES ('K9', '手机', 'Phone', 'phones', 'phone', 'B', '台', 1, 999, 800, NULL, false)`);
      // Ordered through S1's centre every day for 60 days, never sold at its till or counted on its shelf;
      // K1 is also ordered at S1 on days its shelf sold nothing.
      await c.run(`INSERT INTO demand_daily SELECT 'S1', 'K9', DATE '2026-10-31' - i::INTEGER, 0, 2, 0, false, NULL FROM range(60) t(i)`);
      await c.run(`INSERT INTO demand_daily SELECT 'S1', 'K1', DATE '2026-10-31' - i::INTEGER, 0, 1, 0, false, NULL FROM range(60) t(i)
        WHERE NOT EXISTS (SELECT 1 FROM demand_daily d WHERE d.store_id = 'S1' AND d.sku = 'K1' AND d.day = DATE '2026-10-31' - i::INTEGER)`);
      const res = await runForecastStage(c, { runId: 'r9', horizon: 14, historyDays: 112, workers: 0 });
      expect(res.skus).toBe(3);
      expect(res.rows).toBe(17 * 3 * 14);
      const k9 = await c.runAndReadAll(`SELECT count(*) FROM forecasts WHERE run_id = 'r9' AND sku = 'K9'`);
      expect(Number(k9.getRows()[0]![0])).toBe(0);
    } finally {
      await wh.close();
    }
  }, 60_000);
});
