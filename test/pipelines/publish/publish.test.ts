import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import {
  DEFAULT_DATASETS, datasetSource, listSnapshots, openLatestSnapshot, openSnapshot, publishSnapshot, readLatest,
  type SnapshotManifest,
} from '../../../pipelines/publish/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { RUN_ROWS, seedWarehouse } from './fixture.ts';

async function rowsOf(conn: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await conn.runAndReadAll(sql)).getRows();
}

describe('publishSnapshot', () => {
  let dir: string;
  let cleanup: () => void;
  let wh: Warehouse;
  let root: string;
  let m1: SnapshotManifest;
  let m2: SnapshotManifest;
  let reader: DuckDBConnection;
  let readerDb: DuckDBInstance;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('publish'));
    root = join(dir, 'snapshots');
    wh = await Warehouse.open(join(dir, 'wh.duckdb'));
    await seedWarehouse(wh.connection);
    m1 = await publishSnapshot(wh.connection, { root, runId: 'R1', now: new Date('2026-11-19T02:15:00Z') });
    m2 = await publishSnapshot(wh.connection, { root, runId: 'R2', now: new Date('2026-11-19T03:15:00Z') });
    readerDb = await DuckDBInstance.create(':memory:');
    reader = await readerDb.connect();
  });

  afterAll(async () => {
    reader?.closeSync();
    readerDb?.closeSync();
    await wh.close();
    cleanup();
  });

  it('points LATEST at the second run and leaves no temp folder', async () => {
    expect(await readLatest(root)).toBe('R2');
    expect(readFileSync(join(root, 'LATEST'), 'utf8')).toBe('R2\n');
    expect(readdirSync(root).sort()).toEqual(['LATEST', 'R1', 'R2']);
    expect((await listSnapshots(root)).map((s) => [s.runId, s.latest])).toEqual([['R2', true], ['R1', false]]);
  });

  it('records row counts equal to the warehouse tables, and the run as-of', async () => {
    for (const [m, run] of [[m1, 'R1'], [m2, 'R2']] as const) {
      const byName = Object.fromEntries(m.datasets.map((d) => [d.name, d.rows]));
      const count = async (sql: string) => Number((await rowsOf(wh.connection, sql))[0]?.[0]);
      expect(byName['forecasts']).toBe(await count(`SELECT count(*) FROM forecasts WHERE run_id = '${run}'`));
      expect(byName['forecasts']).toBe(RUN_ROWS[run].forecasts);
      expect(byName['restock_suggestions']).toBe(RUN_ROWS[run].restock);
      expect(byName['products']).toBe(2);
      expect(byName['stores']).toBe(3);
      expect(byName['geography']).toBe(3);
      expect(m.asOf).toBe('2026-11-18');
      expect(m.schemaVersion).toBeGreaterThanOrEqual(2);
      expect(m.skipped).toEqual([]);
    }
    expect(m1.datasets.map((d) => d.name)).toEqual(DEFAULT_DATASETS.map((d) => d.name));
  });

  it('writes sizes and SHA-256 that match the files, and the Parquet row counts', async () => {
    for (const d of m2.datasets) {
      const f = d.files[0]!;
      const path = join(root, 'R2', f.path);
      expect(statSync(path).size).toBe(f.bytes);
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(f.sha256);
      const n = await rowsOf(reader, `SELECT count(*) FROM read_parquet('${path}')`);
      expect(Number(n[0]?.[0])).toBe(d.rows);
    }
  });

  it('keeps column types, and leaves the private cash budget out', () => {
    const cols = (name: string) => Object.fromEntries(m2.datasets.find((d) => d.name === name)!.columns.map((c) => [c.name, c.type]));
    expect(cols('forecasts')).toMatchObject({ run_id: 'VARCHAR', day: 'DATE', h: 'INTEGER', mean: 'DOUBLE' });
    expect(cols('products')).toMatchObject({ list_price: 'DECIMAL(12,2)', is_produce: 'BOOLEAN' });
    expect(cols('stores')['cash_budget']).toBeUndefined();
    expect(cols('demand_weekly')).toMatchObject({ level: 'VARCHAR', week_start: 'DATE', days: 'INTEGER', shelf_units: 'DOUBLE' });
  });

  it('aggregates weekly demand by level as computed by hand', async () => {
    const h = await openLatestSnapshot(root);
    const got = await rowsOf(reader, `
      SELECT level, node_id, sku, strftime(week_start, '%Y-%m-%d'), days, shelf_units, order_units, returned_units, censored_store_days
      FROM ${datasetSource(h!, 'demand_weekly')} ORDER BY level, node_id, sku, week_start`);
    // As-of Wed 2026-11-18: its week (from Mon 11-16) has 3 days in; the window starts 25 weeks
    // earlier on Mon 2026-05-25, so S2's Sunday 05-24 and S1's 11-19 (after as-of) are out.
    // S1 A: 2+3 shelf, 1 order, 1 return, 1 censored day. T1 = S1 + S2 (4). C1/P36 add S3's 5 a week earlier.
    // S9 has no master data: present at store level only.
    expect(got).toEqual([
      ['county', 'C1', 'A', '2026-11-09', 7, 5, 0, 0, 0],
      ['county', 'C1', 'A', '2026-11-16', 3, 9, 1, 1, 1],
      ['county', 'C1', 'B', '2026-05-25', 7, 8, 0, 0, 0],
      ['province', 'P36', 'A', '2026-11-09', 7, 5, 0, 0, 0],
      ['province', 'P36', 'A', '2026-11-16', 3, 9, 1, 1, 1],
      ['province', 'P36', 'B', '2026-05-25', 7, 8, 0, 0, 0],
      ['store', 'S1', 'A', '2026-11-16', 3, 5, 1, 1, 1],
      ['store', 'S2', 'A', '2026-11-16', 3, 4, 0, 0, 0],
      ['store', 'S2', 'B', '2026-05-25', 7, 8, 0, 0, 0],
      ['store', 'S3', 'A', '2026-11-09', 7, 5, 0, 0, 0],
      ['store', 'S9', 'A', '2026-11-16', 3, 1, 0, 0, 0],
      ['town', 'T1', 'A', '2026-11-16', 3, 9, 1, 1, 1],
      ['town', 'T1', 'B', '2026-05-25', 7, 8, 0, 0, 0],
      ['town', 'T2', 'A', '2026-11-09', 7, 5, 0, 0, 0],
      ['village', 'V1', 'A', '2026-11-16', 3, 5, 1, 1, 1],
      ['village', 'V2', 'A', '2026-11-16', 3, 4, 0, 0, 0],
      ['village', 'V2', 'B', '2026-05-25', 7, 8, 0, 0, 0],
      ['village', 'V3', 'A', '2026-11-09', 7, 5, 0, 0, 0],
    ]);
  });

  it('keeps the first snapshot readable after the second became latest', async () => {
    const h1 = await openSnapshot(root, 'R1', { verifySha256: true });
    const r = await rowsOf(reader, `SELECT sum(mean) FROM ${datasetSource(h1, 'forecasts')}`);
    expect(r[0]?.[0]).toBe(1.5 + 3 + 1.5 + 3);
  });

  it('returns the existing snapshot on a rerun without rewriting it, and re-points LATEST', async () => {
    const before = statSync(join(root, 'R1', 'forecasts.parquet')).mtimeMs;
    const again = await publishSnapshot(wh.connection, { root, runId: 'R1', now: new Date('2030-01-01T00:00:00Z') });
    expect(again).toEqual(m1);
    expect(statSync(join(root, 'R1', 'forecasts.parquet')).mtimeMs).toBe(before);
    expect(await readLatest(root)).toBe('R1');
    await publishSnapshot(wh.connection, { root, runId: 'R2' });
    expect(await readLatest(root)).toBe('R2');
  });

  it('skips a declared dataset whose table does not exist yet, and takes extra datasets', async () => {
    const m = await publishSnapshot(wh.connection, {
      root: join(dir, 'custom'),
      runId: 'R1',
      tables: [
        { name: 'adoption_curves', requires: ['adoption_curves'], sql: () => 'SELECT * FROM adoption_curves' },
        { name: 'brands', requires: ['products'], sql: () => 'SELECT brand, count(*) AS skus FROM products GROUP BY brand ORDER BY brand' },
      ],
    });
    expect(m.skipped).toEqual([{ name: 'adoption_curves', reason: 'missing table adoption_curves' }]);
    expect(m.datasets.map((d) => [d.name, d.rows])).toEqual([['brands', 2]]);
    expect(existsSync(join(dir, 'custom', 'R1', 'adoption_curves.parquet'))).toBe(false);
  });

  it('lists a run id that merely starts with LATEST', async () => {
    const other = join(dir, 'latest-prefix');
    await publishSnapshot(wh.connection, { root: other, runId: 'LATEST2', tables: [{ name: 'one', requires: [], sql: () => 'SELECT 1 AS x' }] });
    expect((await listSnapshots(other)).map((s) => s.runId)).toEqual(['LATEST2']);
    expect(readdirSync(other).sort()).toEqual(['LATEST', 'LATEST2']);
  });

  it('refuses run ids that are not safe folder names and duplicate dataset names', async () => {
    for (const bad of ['', '.hidden', '../x', 'a/b', 'LATEST', '-x']) {
      await expect(publishSnapshot(wh.connection, { root, runId: bad })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    }
    const d = { name: 'x', requires: [], sql: () => 'SELECT 1' };
    await expect(publishSnapshot(wh.connection, { root, runId: 'R9', tables: [d, d] })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});
