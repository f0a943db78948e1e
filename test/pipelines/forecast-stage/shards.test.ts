/**
 * The sharded forecast (input partitions in Parquet, the shard function on its own connection, the
 * merge) gives exactly the rows the in-process stage writes: same shard function, and Parquet keeps
 * every double. A shard run twice leaves the same output; a missing output stops the merge.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../../jobs/warehouse.ts';
import { runForecastStage } from '../../../pipelines/forecast-stage/run.ts';
import { balancedShards, mergeShards, runShard, writeShardInputs } from '../../../pipelines/forecast-stage/shards.ts';
import { tempDir } from '../../helpers/temp.ts';
import { fixtureWarehouse } from './fixture.ts';

describe('sharded forecast stage', () => {
  let wh: Warehouse;
  const tmp = tempDir('shards');
  beforeAll(async () => { wh = await fixtureWarehouse(); }, 60_000);
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  const rowsOf = async (runId: string): Promise<string> => JSON.stringify((await wh.connection.runAndReadAll(`SELECT * EXCLUDE (run_id) FROM forecasts
    WHERE run_id = '${runId}' ORDER BY level, node_id, sku, day`)).getRows().map((r) => r.map(String)));

  it('equals the in-process stage row for row, with one SKU per shard', async () => {
    const opts = { horizon: 14, historyDays: 112, workers: 0 };
    await runForecastStage(wh.connection, { ...opts, runId: 'inproc' });
    const plan = await writeShardInputs(wh.connection, tmp.dir, { ...opts, runId: 'sharded', perShard: 1 });
    expect(plan.shards).toBe(3);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (let k = 0; k < plan.shards; k++) await runShard(c, plan.dir, k);
    const first = readFileSync(join(plan.dir, 'output-0000-forecasts.parquet'));
    // A retried shard writes the same output again.
    await runShard(c, plan.dir, 0);
    expect(readFileSync(join(plan.dir, 'output-0000-forecasts.parquet')).equals(first)).toBe(true);
    c.closeSync();
    db.closeSync();
    const merged = await mergeShards(wh.connection, plan.dir);
    expect(merged.rows).toBeGreaterThan(0);
    expect(await rowsOf('sharded')).toBe(await rowsOf('inproc'));
    const status = (await wh.connection.runAndReadAll(`SELECT status FROM forecast_runs WHERE run_id = 'sharded'`)).getRows();
    expect(status).toEqual([['done']]);
  }, 60_000);

  it('refuses to merge a run with a shard output missing, and keeps the warehouse as it was', async () => {
    const plan = await writeShardInputs(wh.connection, tmp.dir, { horizon: 14, historyDays: 112, runId: 'partial', perShard: 2 });
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await runShard(c, plan.dir, 0);
    c.closeSync();
    db.closeSync();
    await expect(mergeShards(wh.connection, plan.dir)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect((await wh.connection.runAndReadAll(`SELECT count(*) FROM forecasts WHERE run_id = 'partial'`)).getRows()).toEqual([[0n]]);
    rmSync(plan.dir, { recursive: true, force: true });
  }, 60_000);

  it('deals SKUs into shards of about equal work, each SKU once, sorted within a shard', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    // 12 SKUs, the busiest first in name order: a sequential split puts all the work in shard 0.
    const rows = [400, 300, 200, 100, 50, 40, 30, 20, 10, 5, 5, 5];
    const skus = rows.map((_, i) => `S${String(i).padStart(2, '0')}`);
    await c.run(`CREATE TABLE demand_daily AS SELECT sku, DATE '2024-01-01' + (n % 300)::INTEGER AS day
      FROM (VALUES ${skus.map((s, i) => `('${s}', ${rows[i]})`).join(', ')}) t(sku, k), range(0, 1000) r(n) WHERE n < k`);
    await c.run(`INSERT INTO demand_daily VALUES ('S00', DATE '2023-01-01')`); // outside the window: not counted
    const shards = await balancedShards(c, skus, 3, '2024-01-01', '2024-12-31');
    c.closeSync();
    db.closeSync();
    expect(shards).toHaveLength(3);
    expect(shards.flat().sort()).toEqual(skus);
    for (const s of shards) expect(s).toEqual([...s].sort());
    for (const s of shards) expect(s.length).toBeLessThanOrEqual(4);
    const load = shards.map((s) => s.reduce((a, sku) => a + rows[skus.indexOf(sku)]!, 0));
    const sequential = [0, 1, 2].map((k) => rows.slice(k * 4, k * 4 + 4).reduce((a, b) => a + b, 0));
    expect(Math.max(...load)).toBeLessThan(Math.max(...sequential));
    // Longest-first greedy: no shard exceeds the lightest by more than the biggest single SKU.
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(400);
    expect(Math.max(...load)).toBeLessThanOrEqual(Math.ceil(rows.reduce((a, b) => a + b, 0) / 3) + 400);
  });
});

/** With two years and more held, each SKU has its yearly season: shards get it in compact form and still match. */
describe('sharded forecast stage with yearly seasons', () => {
  let wh: Warehouse;
  const tmp = tempDir('shards-season');
  beforeAll(async () => { wh = await fixtureWarehouse({ days: 800 }); }, 60_000);
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('carries each SKU season in context.json and equals the in-process stage', async () => {
    const opts = { horizon: 14, historyDays: 112, workers: 0 };
    await runForecastStage(wh.connection, { ...opts, runId: 'inproc' });
    const plan = await writeShardInputs(wh.connection, tmp.dir, { ...opts, runId: 'sharded', perShard: 2 });
    const ctx = JSON.parse(readFileSync(join(plan.dir, 'context.json'), 'utf8')) as { seasonColumns?: unknown[]; seasons?: [string, number[]][] };
    expect(ctx.seasonColumns).toHaveLength(26);
    expect(ctx.seasons?.length).toBeGreaterThan(0);
    expect(ctx.seasons?.every(([, logs]) => logs.length === 26)).toBe(true);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (let k = 0; k < plan.shards; k++) await runShard(c, plan.dir, k);
    c.closeSync();
    db.closeSync();
    await mergeShards(wh.connection, plan.dir);
    const rows = async (runId: string): Promise<string> => JSON.stringify((await wh.connection.runAndReadAll(`SELECT * EXCLUDE (run_id) FROM forecasts
      WHERE run_id = '${runId}' ORDER BY level, node_id, sku, day`)).getRows().map((r) => r.map(String)));
    expect(await rows('sharded')).toBe(await rows('inproc'));
    // The seasons' spread, which the shards never see, is written by the merge as the stage writes it.
    const spread = async (runId: string): Promise<string[]> => (await wh.connection.runAndReadAll(`SELECT sku, h, log_sd FROM forecast_effect_sd
      WHERE run_id = '${runId}' ORDER BY sku, h`)).getRows().map((r) => r.map(String).join(' '));
    const inproc = await spread('inproc');
    expect(inproc.length).toBeGreaterThan(0);
    expect(await spread('sharded')).toEqual(inproc);
  }, 60_000);
});
