/**
 * kill -9 during the nightly run, with real processes (`rural-demand run`). A kill during restock
 * used to leave a finished forecast run with no suggestions as the latest (readers then showed an
 * empty list, exit 0); a kill during the forecast left a `running` run and its rows forever. Now a
 * run is what readers see only once every stage finished, and the next run removes a dead one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../jobs/warehouse.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { tempDir } from '../helpers/temp.ts';

const CLI = fileURLToPath(new URL('../../bin/rural-demand.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));
const tmp = tempDir('nightly-crash');
afterAll(() => tmp.cleanup());

function cli(args: string[], fault?: string): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...(fault ? { RURAL_DEMAND_FAULT: fault } : {}) }, encoding: 'utf8' });
}

async function query(path: string, sql: string): Promise<unknown[][]> {
  const wh = await Warehouse.open(path);
  try {
    return (await wh.connection.runAndReadAll(sql)).getRows();
  } finally {
    await wh.close();
  }
}

const run = (path: string, runId: string, fault?: string) =>
  cli(['run', '--warehouse', path, '--run-id', runId, '--horizon', '14', '--workers', '0', '--publish', join(tmp.dir, `snap-${runId}`)], fault);

describe('kill -9 during the nightly run', () => {
  let path: string;
  beforeAll(async () => {
    path = join(tmp.dir, 'wh.duckdb');
    const wh = await Warehouse.open(path);
    await ingestPaths(wh.connection, [SAMPLE], { now: new Date('2026-03-07T02:00:00+08:00') });
    await wh.close();
  }, 60_000);

  it('killed at restock, the finished forecast run is not what readers see; the retry completes it', async () => {
    const killed = run(path, 'r1', 'nightly-restock');
    expect(killed.signal).toBe('SIGKILL');
    expect(await query(path, `SELECT status FROM forecast_runs WHERE run_id = 'r1'`)).toEqual([['done']]);
    const shown = cli(['restock', '--store', 'ST00001', '--warehouse', path]);
    // No complete run yet: a clear "no data" exit, not an empty list with exit 0.
    expect(shown.status).toBe(66);
    expect(String(shown.stderr)).toMatch(/no finished forecast run/);
    const again = run(path, 'r1');
    expect(again.status, String(again.stderr)).toBe(0);
    const listed = cli(['restock', '--store', 'ST00001', '--warehouse', path, '--format', 'json']);
    expect(listed.status).toBe(0);
    expect((JSON.parse(String(listed.stdout)) as { runId: string; suggestions: unknown[] }).suggestions.length).toBeGreaterThan(0);
  }, 120_000);

  it('killed mid-forecast, the next run cleans up the dead run and its rows; the previous complete run stays the latest meanwhile', async () => {
    const killed = run(path, 'r2', 'forecast-after-batch:1');
    expect(killed.signal).toBe('SIGKILL');
    expect(await query(path, `SELECT status FROM forecast_runs WHERE run_id = 'r2'`)).toEqual([['running']]);
    expect(Number((await query(path, `SELECT count(*) FROM forecasts WHERE run_id = 'r2'`))[0]![0])).toBeGreaterThan(0);
    const shown = JSON.parse(String(cli(['restock', '--store', 'ST00001', '--warehouse', path, '--format', 'json']).stdout)) as { runId: string };
    expect(shown.runId).toBe('r1');
    const next = run(path, 'r3');
    expect(next.status, String(next.stderr)).toBe(0);
    expect(String(next.stderr)).toMatch(/cleaned up 1 run\(s\).*r2/);
    expect(await query(path, `SELECT status FROM forecast_runs WHERE run_id = 'r2'`)).toEqual([['failed']]);
    expect(await query(path, `SELECT count(*) FROM forecasts WHERE run_id = 'r2'`)).toEqual([[0n]]);
    expect(await query(path, `SELECT count(*) FROM forecast_dispersion WHERE run_id = 'r2'`)).toEqual([[0n]]);
    const latest = JSON.parse(String(cli(['restock', '--store', 'ST00001', '--warehouse', path, '--format', 'json']).stdout)) as { runId: string };
    expect(latest.runId).toBe('r3');
  }, 120_000);
});
