import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../bin/cli/outcome.ts';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { refreshDemand } from '../../../pipelines/demand/aggregate.ts';
import { finishPendingFiles } from '../../../pipelines/ingest/ingest-file.ts';
import { warehouseFingerprint } from '../../helpers/fingerprint.ts';
import { runCli } from '../../helpers/kill-trials.ts';
import { tempDir } from '../../helpers/temp.ts';

// A finished ingest: clean, with some rows rejected (the generated exports are dirty), or nothing left to do.
const FINISHED: readonly (number | null)[] = [EXIT.OK, EXIT.PARTIAL, EXIT.NOTHING_TO_DO];

/** The real CLI's ingest in a child process (kill points come through RURAL_DEMAND_FAULT). */
const ingestInChild = (warehouse: string, inbox: string, env: Record<string, string> = {}) =>
  runCli(['ingest', '--quiet', '--warehouse', warehouse, inbox], env);

async function fingerprintOf(path: string): Promise<Record<string, string>> {
  const wh = await Warehouse.open(path);
  try {
    return await warehouseFingerprint(wh.connection);
  } finally {
    await wh.close();
  }
}

async function filesLoaded(path: string): Promise<number> {
  const wh = await Warehouse.open(path);
  try {
    return Number((await wh.connection.runAndReadAll('SELECT count(*) FROM ingest_files')).getRows()[0]?.[0]);
  } finally {
    await wh.close();
  }
}

describe('kill -9 mid-ingest, then a rerun', () => {
  let dir: string;
  let cleanup: () => void;
  let inbox: string;
  let clean: Record<string, string>;
  // Fixed so the warehouse's "future timestamp" rule judges the generated files the same way in every run.
  const now = '2026-11-01T00:00:00Z';

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('crash'));
    inbox = join(dir, 'inbox');
    await generate({ out: inbox, villages: 4, skus: 40, days: 75, seed: 11, format: 'csv', gzip: true, dirtyRate: 0.01 });
    const wh = await Warehouse.open(join(dir, 'clean.duckdb'));
    await ingestPaths(wh.connection, [inbox], { now: new Date(now) });
    clean = await warehouseFingerprint(wh.connection);
    await wh.close();
    expect(Number(clean['order_lines']?.split(':')[0])).toBeGreaterThan(100);
  }, 120_000);
  afterAll(() => cleanup());

  it('dies inside a file transaction: nothing of that file remains, and the rerun equals a clean run row for row', async () => {
    const path = join(dir, 'fault-before.duckdb');
    const killed = await ingestInChild(path, inbox, { RURAL_DEMAND_FAULT: 'ingest-before-commit:6', RURAL_DEMAND_NOW: now });
    expect(killed.signal).toBe('SIGKILL');
    expect(await filesLoaded(path)).toBe(5);
    const rerun = await ingestInChild(path, inbox, { RURAL_DEMAND_NOW: now });
    expect(rerun.signal).toBeNull();
    expect(FINISHED).toContain(rerun.code);
    expect(await fingerprintOf(path)).toEqual(clean);
  }, 120_000);

  it('dies right after a commit it never heard back about: the rerun skips that file, not loads it twice', async () => {
    const path = join(dir, 'fault-after.duckdb');
    const killed = await ingestInChild(path, inbox, { RURAL_DEMAND_FAULT: 'ingest-after-commit:7', RURAL_DEMAND_NOW: now });
    expect(killed.signal).toBe('SIGKILL');
    expect(await filesLoaded(path)).toBe(7);
    await ingestInChild(path, inbox, { RURAL_DEMAND_NOW: now });
    expect(await fingerprintOf(path)).toEqual(clean);
  }, 120_000);

  it('dies between a commit and its dedupe, then demand is refreshed before any ingest: every line counts once', async () => {
    const demandOf = async (wh: Warehouse): Promise<string> => String((await wh.connection.runAndReadAll(`SELECT count(*) || ':' ||
      sum(hash(store_id, sku, day, shelf_units, order_units, returned_units)) FROM demand_daily`)).getRows()[0]?.[0]);
    const cleanWh = await Warehouse.open(join(dir, 'clean.duckdb'));
    // The first sales file whose dedupe removes or replaces lines (repeated stock counts do not change demand): killing right after its commit
    // leaves those repeats in the table.
    const pick = (await cleanWh.connection.runAndReadAll(`SELECT n FROM (SELECT row_number() OVER (ORDER BY file_id) AS n, rows_duplicate + rows_updated AS r
      , kind FROM ingest_files) WHERE r > 0 AND kind IN ('orders', 'till') ORDER BY n LIMIT 1`)).getRows()[0];
    await cleanWh.close();
    expect(pick).toBeDefined();
    const k = Number(pick![0]);
    // The reference: the same files up to and including that one, each finished (killed before the next commits).
    const refPath = join(dir, 'ref-dedupe.duckdb');
    await ingestInChild(refPath, inbox, { RURAL_DEMAND_FAULT: `ingest-before-commit:${k + 1}`, RURAL_DEMAND_NOW: now });
    const ref = await Warehouse.open(refPath);
    await refreshDemand(ref.connection);
    const want = await demandOf(ref);
    await ref.close();

    const path = join(dir, 'fault-dedupe.duckdb');
    const killed = await ingestInChild(path, inbox, { RURAL_DEMAND_FAULT: `ingest-after-commit:${k}`, RURAL_DEMAND_NOW: now });
    expect(killed.signal).toBe('SIGKILL');
    const wh = await Warehouse.open(path);
    try {
      expect(Number((await wh.connection.runAndReadAll('SELECT count(*) FROM ingest_files WHERE NOT repeats_resolved')).getRows()[0]?.[0])).toBe(1);
      // A `run` comes first: it must not count the unfinished file's repeats and move on.
      await refreshDemand(wh.connection);
      // Then the file is finished (an ingest of nothing new, or the nightly job, does this) and demand refreshed again.
      await finishPendingFiles(wh.connection);
      await refreshDemand(wh.connection);
      expect(await demandOf(wh)).toBe(want);
    } finally {
      await wh.close();
    }
  }, 120_000);
});
