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
import { mergeShards, runShard, writeShardInputs } from '../../../pipelines/forecast-stage/shards.ts';
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
});
