import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import {
  datasetSource, listSnapshots, openLatestSnapshot, pruneSnapshots, publishSnapshot, setLatest, type SnapshotTable,
} from '../../../pipelines/publish/index.ts';
import { tempDir } from '../../helpers/temp.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
// Created at T0, +1h, +2h, +3h, +3.5h; S5 is published last, so LATEST names it.
const CREATED: Record<string, number> = { S1: T0, S2: T0 + HOUR, S3: T0 + 2 * HOUR, S4: T0 + 3 * HOUR, S5: T0 + 3.5 * HOUR };
const TINY: SnapshotTable[] = [{ name: 'one', requires: [], sql: () => 'SELECT 1 AS x' }];

describe('pruneSnapshots', () => {
  let dir: string;
  let cleanup: () => void;
  let wh: Warehouse;
  let n = 0;

  async function fiveSnapshots(): Promise<string> {
    const root = join(dir, `root-${n++}`);
    for (const [runId, at] of Object.entries(CREATED)) {
      await publishSnapshot(wh.connection, { root, runId, tables: TINY, now: new Date(at) });
    }
    return root;
  }

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('publish-prune'));
    wh = await Warehouse.open(':memory:');
  });

  afterAll(async () => {
    await wh.close();
    cleanup();
  });

  it('keeps the newest N and deletes the rest once superseded long enough', async () => {
    const root = await fiveSnapshots();
    const r = await pruneSnapshots(root, { keep: 2, now: new Date(T0 + 10 * HOUR) });
    expect(r.snapshots.sort()).toEqual(['S1', 'S2', 'S3']);
    expect((await listSnapshots(root)).map((s) => s.runId)).toEqual(['S5', 'S4']);
    expect(readdirSync(root).sort()).toEqual(['LATEST', 'S4', 'S5']);
    // Idempotent: nothing more to do.
    expect(await pruneSnapshots(root, { keep: 2, now: new Date(T0 + 10 * HOUR) })).toEqual({ snapshots: [], temp: [] });
  });

  it('never deletes the snapshot LATEST names, however old', async () => {
    const root = await fiveSnapshots();
    await setLatest(root, 'S1');
    const r = await pruneSnapshots(root, { keep: 1, now: new Date(T0 + 10 * HOUR) });
    expect(r.snapshots.sort()).toEqual(['S2', 'S3', 'S4']);
    expect((await listSnapshots(root)).map((s) => [s.runId, s.latest])).toEqual([['S5', false], ['S1', true]]);
  });

  it('spares a snapshot whose successor is younger than minAgeHours (a reader may hold it)', async () => {
    const root = await fiveSnapshots();
    // At T0+4h: S4 was superseded by S5 half an hour ago, S3 by S4 an hour ago.
    const r = await pruneSnapshots(root, { keep: 1, minAgeHours: 1, now: new Date(T0 + 4 * HOUR) });
    expect(r.snapshots.sort()).toEqual(['S1', 'S2', 'S3']);
    expect(existsSync(join(root, 'S4', 'one.parquet'))).toBe(true);
    const later = await pruneSnapshots(root, { keep: 1, minAgeHours: 1, now: new Date(T0 + 4.5 * HOUR) });
    expect(later.snapshots).toEqual(['S4']);
  });

  it('removes abandoned temp folders and pointer temps but not a publish in progress', async () => {
    const root = await fiveSnapshots();
    const old = (Date.now() - 2 * HOUR) / 1000;
    mkdirSync(join(root, '.tmp-S6-dead'));
    writeFileSync(join(root, '.tmp-S6-dead', 'one.parquet'), 'half');
    utimesSync(join(root, '.tmp-S6-dead', 'one.parquet'), old, old);
    utimesSync(join(root, '.tmp-S6-dead'), old, old);
    writeFileSync(join(root, '.LATEST.tmp-dead'), 'S6\n');
    utimesSync(join(root, '.LATEST.tmp-dead'), old, old);
    mkdirSync(join(root, '.tmp-S7-live'));
    writeFileSync(join(root, '.tmp-S7-live', 'one.parquet'), 'writing');
    // A live publish whose folder is old but whose newest file is fresh is still live.
    mkdirSync(join(root, '.tmp-S8-slow'));
    writeFileSync(join(root, '.tmp-S8-slow', 'one.parquet'), 'writing');
    utimesSync(join(root, '.tmp-S8-slow'), old, old);
    mkdirSync(join(root, '.del-S0-crashed'));
    const r = await pruneSnapshots(root, { keep: 10 });
    expect(r.snapshots).toEqual([]);
    expect(r.temp.sort()).toEqual(['.LATEST.tmp-dead', '.del-S0-crashed', '.tmp-S6-dead']);
    expect(readdirSync(root).sort()).toEqual(['.tmp-S7-live', '.tmp-S8-slow', 'LATEST', 'S1', 'S2', 'S3', 'S4', 'S5']);
  });

  it('lets a reader that resolved the old LATEST finish after a new publish and a default prune', async () => {
    const root = await fiveSnapshots();
    const held = await openLatestSnapshot(root);
    await publishSnapshot(wh.connection, { root, runId: 'S6', tables: TINY });
    const r = await pruneSnapshots(root, { keep: 1 });
    expect(r.snapshots.sort()).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(held?.runId).toBe('S5');
    const rows = await wh.connection.runAndReadAll(`SELECT x FROM ${datasetSource(held!, 'one')}`);
    expect(rows.getRows()).toEqual([[1]]);
  });

  it('rejects keep < 1', async () => {
    await expect(pruneSnapshots(dir, { keep: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});
