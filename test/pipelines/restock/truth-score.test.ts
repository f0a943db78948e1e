/** Scoring a run against known demand, on two pairs worked by hand. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { scoreAgainstTruth } from '../../../pipelines/restock/truth-score.ts';

describe('scoreAgainstTruth', () => {
  let wh: Warehouse;
  const dir = mkdtempSync(join(tmpdir(), 'rd-truth-'));
  const truth = join(dir, 'truth');
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    const c = wh.connection;
    await c.run(`INSERT INTO stores (store_id, village_id, name_zh, name_pinyin, kind, lead_time_days, review_period_days, service_level) VALUES
      ('S1', 'V1', '一', 'yi', 'service_centre', 2, 3, 0.95), ('S2', 'V2', '二', 'er', 'service_centre', 2, 3, 0.9)`);
    // B keeps 5 days: daily supply, next-day delivery (lead 1, review 1).
    await c.run(`INSERT INTO products (sku, name_zh, name_en, category, subcategory, brand, unit, pack_size, list_price, shelf_life_days) VALUES
      ('A', '甲', 'A', 'X', 'x', 'b', '个', 1, 10, NULL), ('B', '乙', 'B', 'Y', 'y', 'b', '个', 1, 5, 5)`);
    await c.run(`INSERT INTO forecast_runs VALUES ('r', DATE '2026-01-10', 7, now(), now(), 'done', '{}'), ('busy', DATE '2026-01-10', 7, now(), NULL, 'running', '{}')`);
    const rows: string[] = [];
    for (let h = 1; h <= 7; h++) {
      rows.push(`('r', 'store', 'S1', 'A', DATE '2026-01-10' + ${h}, ${h}, 2, 2, 3, 4, 5, 7, 'm')`);
      rows.push(`('r', 'store', 'S2', 'B', DATE '2026-01-10' + ${h}, ${h}, 0.5, 0, 1, 1, 2, 3, 'm')`);
    }
    await c.run(`INSERT INTO forecasts (run_id, level, node_id, sku, day, h, mean, q50, q80, q90, q95, q99, model) VALUES ${rows.join(',')}`);
    await c.run(`INSERT INTO restock_suggestions (run_id, store_id, sku, as_of, on_hand, on_order, order_up_to, quantity, expected_fill_rate, cash_needed, reason_zh, reason_en)
      VALUES ('r', 'S1', 'A', DATE '2026-01-10', 0, 0, 12, 12, 0.96, 0, '', ''), ('r', 'S2', 'B', DATE '2026-01-10', 1, 0, 2, 2, 0.91, 0, '', '')`);
    // Movers by what sold in the 28 days before the as-of day, not by the forecast: A sold 0.5 a day
    // (slow) though forecast 2, B sold 2 a day (fast) though forecast 0.5.
    await c.run(`INSERT INTO demand_daily SELECT 'S1', 'A', DATE '2026-01-10' - i::INTEGER, 1, 0, 0, false, NULL FROM range(14) t(i)`);
    await c.run(`INSERT INTO demand_daily SELECT 'S2', 'B', DATE '2026-01-10' - i::INTEGER, 2, 0, 0, false, NULL FROM range(28) t(i)`);
    mkdirSync(truth);
    // A: 3 1 2 4 2 2 2 from 11 Jan; B: 1 3 then nothing (absent rows are zero days).
    const a = [3, 1, 2, 4, 2, 2, 2].map((d, i) => `S1,A,2026-01-${11 + i},${d}`);
    writeFileSync(join(truth, 'truth-2026-01.csv'), ['store_id,sku,date,demand', ...a, 'S2,B,2026-01-11,1', 'S2,B,2026-01-12,3'].join('\n'));
  });
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pools the mean over each protection interval, the quantile shares and the cycle fill rate', async () => {
    const s = await scoreAgainstTruth(wh.connection, { runId: 'r', truthDir: truth });
    expect(s.pairs).toBe(2);
    // Spans: A 2 + 3 = 5 days (forecast 10, came 3+1+2+4+2 = 12); B 1 + 1 = 2 days (forecast 1, came 4).
    expect(s.mean).toEqual([
      { group: 'all', forecastUnits: 11, truthUnits: 16, ratio: 11 / 16 },
      { group: 'fast movers', forecastUnits: 1, truthUnits: 4, ratio: 0.25 },
      { group: 'slow movers', forecastUnits: 10, truthUnits: 12, ratio: 10 / 12 },
      { group: 'X', forecastUnits: 10, truthUnits: 12, ratio: 10 / 12 },
      { group: 'Y', forecastUnits: 1, truthUnits: 4, ratio: 0.25 },
    ]);
    // q50: A at or below 2 on 5 of 7 days (below it on 1), B at or below 0 on 5 of 7 (below never);
    // q99 (7 and 3): every day at or below; below on all but B's 3 on 12 Jan.
    expect(s.coverage[0]).toEqual({ level: 0.5, share: 10 / 14, below: 1 / 14, days: 14 });
    expect(s.coverage[4]).toEqual({ level: 0.99, share: 1, below: 13 / 14, days: 14 });
    // A: S 12 covers the 12 of its cycle: fill 1. B: S 2 against 4 over its cycle, 1 of them in
    // its lead time (the previous cycle's): short 2 of the review period's 3.
    const cell = (target: number, group: string) => s.fill.find((f) => f.target === target && f.group === group);
    expect(cell(0.95, 'all')).toMatchObject({ pairs: 1, trueFill: 1, statedFill: 0.96 });
    expect(cell(0.95, 'slow movers')).toMatchObject({ pairs: 1 });
    expect(cell(0.95, 'fast movers')).toBeUndefined();
    expect(cell(0.9, 'all')?.trueFill).toBeCloseTo(1 - 2 / 3, 12);
    // B kept 1 and ordered 2: at its position of 3 it is short 1 of the review period's 3.
    expect(cell(0.9, 'all')?.positionFill).toBeCloseTo(1 - 1 / 3, 12);
    expect(cell(0.95, 'all')?.positionFill).toBe(1);
    expect(cell(0.9, 'fast movers')?.statedFill).toBeCloseTo(0.91, 12);
    expect(cell(0.9, 'Y')?.pairs).toBe(1);
  });

  it('refuses an unfinished run, a folder without truth files and truth that ends before the horizon', async () => {
    await expect(scoreAgainstTruth(wh.connection, { runId: 'busy', truthDir: truth })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(scoreAgainstTruth(wh.connection, { runId: 'r', truthDir: dir })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    const short = join(dir, 'short');
    mkdirSync(short);
    writeFileSync(join(short, 'truth-2026-01.csv'), 'store_id,sku,date,demand\nS1,A,2026-01-12,1\n');
    await expect(scoreAgainstTruth(wh.connection, { runId: 'r', truthDir: short })).rejects.toThrow(/end 2 days after 2026-01-10/);
  });
});
