import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../../jobs/warehouse.ts';
import { runForecastStage } from '../../../pipelines/forecast-stage/run.ts';
import { runRestockStage } from '../../../pipelines/restock/stage.ts';
import type { RestockStageResult } from '../../../pipelines/restock/stage.ts';
import { fixtureWarehouse } from '../forecast-stage/fixture.ts';

describe('runRestockStage', () => {
  let wh: Warehouse;
  let res: RestockStageResult;
  beforeAll(async () => {
    wh = await fixtureWarehouse();
    await runForecastStage(wh.connection, { runId: 'r1', horizon: 28, historyDays: 112, workers: 0 });
    res = await runRestockStage(wh.connection, { runId: 'r1' });
  }, 60_000);
  afterAll(async () => wh.close());

  const rows = async (sql: string): Promise<unknown[][]> => (await wh.connection.runAndReadAll(sql)).getRows() as unknown[][];

  it('writes one suggestion per store and SKU', async () => {
    expect(res.suggestions).toBe(6 * 3);
    expect(res.asOf).toBe('2026-10-31');
    const [[n]] = (await rows(`SELECT count(*) FROM restock_suggestions WHERE run_id = 'r1'`)) as [[bigint]];
    expect(Number(n)).toBe(18);
  });

  it('orders whole packs, covers the gap to the order-up-to level, and explains itself in both languages', async () => {
    const r = await rows(`SELECT sku, quantity, order_up_to, on_hand, on_order, stockout_probability, cash_needed, reason_zh, reason_en
      FROM restock_suggestions WHERE run_id = 'r1'`);
    for (const [sku, q, upTo, onHand, onOrder, p, cash, zh, en] of r) {
      if (sku === 'K1') expect(Number(q) % 6).toBe(0);
      if (Number(q) > 0) expect(Number(q)).toBeGreaterThanOrEqual(Number(upTo) - Number(onHand) - Number(onOrder) - 1e-9);
      expect(Number(p)).toBeGreaterThanOrEqual(0);
      expect(Number(p)).toBeLessThanOrEqual(1);
      const cost = sku === 'K1' ? 9 : sku === 'K2' ? 150 : 11;
      expect(Number(cash)).toBeCloseTo(Number(q) * cost, 6);
      expect(String(zh)).toMatch(/[\u4e00-\u9fff]/);
      expect(String(en)).toMatch(/[a-z]/);
    }
    // K1 sells ~4 a day with 3 on hand: every store must order it.
    const k1 = r.filter((x) => x[0] === 'K1');
    expect(k1.every((x) => Number(x[1]) > 0)).toBe(true);
  });

  it('never orders more eggs (10-day shelf life) than sell before they expire', async () => {
    const r = await rows(`SELECT s.quantity, s.on_hand, (SELECT sum(f.mean) FROM forecasts f WHERE f.run_id = 'r1' AND f.level = 'store'
      AND f.node_id = s.store_id AND f.sku = 'K3' AND f.h <= st.lead_time_days + 10) AS sells
      FROM restock_suggestions s JOIN stores st USING (store_id) WHERE s.run_id = 'r1' AND s.sku = 'K3'`);
    for (const [q, onHand, sells] of r) expect(Number(q) + Number(onHand)).toBeLessThanOrEqual(Number(sells) + 1);
  });

  it('ranks S1 (cash budget 100) within its budget and leaves other stores unranked', async () => {
    const r = await rows(`SELECT store_id, budget_rank, within_budget, cash_needed FROM restock_suggestions WHERE run_id = 'r1' ORDER BY store_id, sku`);
    const s1 = r.filter((x) => x[0] === 'S1');
    expect(s1.every((x) => x[2] !== null)).toBe(true);
    const funded = s1.filter((x) => x[2] === true).reduce((a, x) => a + Number(x[3]), 0);
    expect(funded).toBeLessThanOrEqual(100);
    expect(r.filter((x) => x[0] !== 'S1').every((x) => x[1] === null && x[2] === null)).toBe(true);
  });

  it("orders slow movers against the forecast stage's stored dispersion", async () => {
    // K2 (0.3 a day) is forecast on the fast path, so its dispersion is stored; a larger one must raise
    // the order-up-to level, a missing one falls back to reading the quantiles.
    const upTo = async (): Promise<number> => {
      await runRestockStage(wh.connection, { runId: 'r1' });
      const r = await rows(`SELECT sum(order_up_to) FROM restock_suggestions WHERE run_id = 'r1' AND sku = 'K2'`);
      return Number(r[0]?.[0]);
    };
    const [[stored]] = (await rows(`SELECT count(*) FROM forecast_dispersion WHERE run_id = 'r1' AND sku = 'K2'`)) as [[bigint]];
    expect(Number(stored)).toBe(6);
    const base = await upTo();
    await wh.connection.run(`UPDATE forecast_dispersion SET dispersion = dispersion * 8 WHERE run_id = 'r1' AND sku = 'K2'`);
    const wider = await upTo();
    await wh.connection.run(`UPDATE forecast_dispersion SET dispersion = dispersion / 8 WHERE run_id = 'r1' AND sku = 'K2'`);
    expect(wider).toBeGreaterThan(base);
    expect(await upTo()).toBe(base);
  });

  it('adds the stored level uncertainty to the protection interval when asked (off by default)', async () => {
    const upTo = async (levelUncertainty = true): Promise<number> => {
      await runRestockStage(wh.connection, { runId: 'r1', levelUncertainty });
      return Number((await rows(`SELECT sum(order_up_to) FROM restock_suggestions WHERE run_id = 'r1' AND sku = 'K2'`))[0]?.[0]);
    };
    const cvs = await rows(`SELECT level_cv FROM forecast_dispersion WHERE run_id = 'r1' AND sku = 'K2'`);
    expect(cvs.length).toBe(6);
    for (const [cv] of cvs) expect(Number(cv)).toBeGreaterThan(0);
    const base = await upTo();
    await wh.connection.run(`UPDATE forecast_dispersion SET level_cv = level_cv * 4 WHERE run_id = 'r1' AND sku = 'K2'`);
    const wider = await upTo();
    const off = await upTo(false);
    await wh.connection.run(`UPDATE forecast_dispersion SET level_cv = level_cv / 4 WHERE run_id = 'r1' AND sku = 'K2'`);
    expect(wider).toBeGreaterThan(base);
    expect(off).toBeLessThan(wider);
    expect(await upTo()).toBe(base);
    await runRestockStage(wh.connection, { runId: 'r1' });
    expect(Number((await rows(`SELECT sum(order_up_to) FROM restock_suggestions WHERE run_id = 'r1' AND sku = 'K2'`))[0]?.[0])).toBe(off);
  });

  it('adds the stored spread of the calendar multipliers to the protection interval (on by default)', async () => {
    const upTo = async (effectUncertainty?: boolean): Promise<number> => {
      await runRestockStage(wh.connection, { runId: 'r1', ...(effectUncertainty === undefined ? {} : { effectUncertainty }) });
      return Number((await rows(`SELECT sum(order_up_to) FROM restock_suggestions WHERE run_id = 'r1' AND sku = 'K2'`))[0]?.[0]);
    };
    const before = await upTo();
    await wh.connection.run(`INSERT INTO forecast_effect_sd SELECT 'r1', 'K2', h, 0.4 FROM range(1, 29) t(h)`);
    try {
      expect(await upTo()).toBeGreaterThan(before);
      expect(await upTo(false)).toBe(before);
    } finally {
      await wh.connection.run(`DELETE FROM forecast_effect_sd WHERE run_id = 'r1' AND sku = 'K2'`);
    }
    expect(await upTo()).toBe(before);
  });

  it('is idempotent and refuses an unknown run', async () => {
    const again = await runRestockStage(wh.connection, { runId: 'r1' });
    expect(again.suggestions).toBe(18);
    const [[n]] = (await rows(`SELECT count(*) FROM restock_suggestions`)) as [[bigint]];
    expect(Number(n)).toBe(18);
    await expect(runRestockStage(wh.connection, { runId: 'nope' })).rejects.toThrow(/not found/);
  });
});
