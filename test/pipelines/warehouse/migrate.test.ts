import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { loadMigrations, migrate, SCHEMA_DIR } from '../../../pipelines/warehouse/migrate.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('migrations', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('applies every migration once and is a no-op the second time, across reopenings of the file', async () => {
    const { dir, cleanup } = tempDir('migrate');
    cleanups.push(cleanup);
    const path = join(dir, 'w.duckdb');
    const files = await loadMigrations(SCHEMA_DIR);
    expect(files.length).toBeGreaterThanOrEqual(2);

    const first = await Warehouse.open(path);
    const applied = (await first.connection.runAndReadAll('SELECT version FROM schema_migrations ORDER BY version')).getRows().map((r) => Number(r[0]));
    expect(applied).toEqual(files.map((m) => m.version));
    expect(await migrate(first.connection)).toEqual([]);
    await first.close();

    const again = await Warehouse.open(path);
    const count = (await again.connection.runAndReadAll('SELECT count(*) FROM schema_migrations')).getRows()[0]?.[0];
    expect(Number(count)).toBe(files.length);
    const tables = (await again.connection.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('order_lines', 'ingest_files', 'demand_daily')`)).getRows();
    expect(tables).toHaveLength(3);
    await again.close();
  });

  it('rolls a failing migration back whole and names it', async () => {
    const { dir, cleanup } = tempDir('migrate-bad');
    cleanups.push(cleanup);
    const schema = join(dir, 'schema');
    mkdirSync(schema);
    writeFileSync(join(schema, '001-good.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(schema, '002-bad.sql'), 'CREATE TABLE b (x INTEGER); CREATE TABLE broken (;');
    // A bare instance: Warehouse.open would apply the real schema first.
    const instance = await DuckDBInstance.create(join(dir, 'w.duckdb'));
    const conn = await instance.connect();
    await expect(migrate(conn, schema)).rejects.toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringContaining('002-bad') });
    const tables = (await conn.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('a', 'b')`)).getRows().map((r) => r[0]);
    expect(tables).toEqual(['a']);
    const versions = (await conn.runAndReadAll('SELECT list(version ORDER BY version) FROM schema_migrations')).getRows()[0]?.[0];
    expect(String(versions)).toBe('[1]');
    conn.closeSync();
    instance.closeSync();
  });
});
