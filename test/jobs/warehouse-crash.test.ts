/**
 * kill -9 while migrations run. DuckDB 1.5.6 cannot replay a WAL that holds an
 * `ALTER TABLE ... ADD COLUMN ... DEFAULT` (migration 003): the warehouse became unopenable. Now
 * the WAL holds at most the migration in flight, and an unreplayable one is set aside and the
 * migration rerun; data committed before the upgrade survives. Real processes, real kills.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../jobs/warehouse.ts';
import { loadMigrations, migrate, SCHEMA_DIR } from '../../pipelines/warehouse/migrate.ts';
import { tempDir } from '../helpers/temp.ts';

const WAREHOUSE = fileURLToPath(new URL('../../jobs/warehouse.ts', import.meta.url));
const tmp = tempDir('migrate-crash');
afterAll(() => tmp.cleanup());

/** A warehouse at schema version 2 with a province in it, as a user upgrading from an old release has. */
async function schema2(path: string): Promise<void> {
  const old = join(tmp.dir, 'schema-2');
  mkdirSync(old, { recursive: true });
  for (const f of readdirSync(SCHEMA_DIR).filter((x) => /^00[12]-/.test(x))) copyFileSync(join(SCHEMA_DIR, f), join(old, f));
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  await migrate(c, old);
  await c.run(`INSERT INTO provinces VALUES ('36', '江西省', 'Jiangxi')`);
  c.closeSync();
  db.closeSync();
}

function openInChild(path: string, fault: string): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    `const { Warehouse } = await import(${JSON.stringify(WAREHOUSE)}); const w = await Warehouse.open(${JSON.stringify(path)}); await w.close();`],
  { env: { ...process.env, RURAL_DEMAND_FAULT: fault }, encoding: 'utf8' });
}

describe('kill -9 during migrations', () => {
  it('at every migration step of an upgrade from schema 2: the next open recovers, with every version and the old data', async () => {
    const steps = (await loadMigrations()).length - 2;
    expect(steps).toBeGreaterThanOrEqual(4);
    let unreplayable = 0;
    for (let n = 1; n <= steps; n++) {
      const path = join(tmp.dir, `up-${n}.duckdb`);
      await schema2(path);
      const child = openInChild(path, `migrate-after-commit:${n}`);
      expect(child.signal, String(child.stderr)).toBe('SIGKILL');
      const wh = await Warehouse.open(path);
      try {
        const versions = (await wh.connection.runAndReadAll('SELECT version FROM schema_migrations ORDER BY 1')).getRows().map((r) => Number(r[0]));
        expect(versions).toEqual(Array.from({ length: steps + 2 }, (_, i) => i + 1));
        expect((await wh.connection.runAndReadAll(`SELECT name_pinyin FROM provinces`)).getRows()).toEqual([['Jiangxi']]);
        // Migration 003's column is there whichever way the open went.
        expect((await wh.connection.runAndReadAll(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'ingest_files' AND column_name = 'repeats_resolved'`)).getRows()[0]![0]).toBe(1n);
      } finally {
        await wh.close();
      }
      if (existsSync(`${path}.recovery.log`)) {
        unreplayable++;
        expect(readFileSync(`${path}.recovery.log`, 'utf8')).toMatch(/interrupted migration/);
      }
      expect(existsSync(`${path}.migrating`)).toBe(false);
      rmSync(path, { force: true });
    }
    // The failure this guards against does occur here: the ALTER step (003) leaves an unreplayable WAL.
    expect(unreplayable).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('a WAL that cannot be replayed outside a migration is never discarded: a coded error says how to recover', async () => {
    const path = join(tmp.dir, 'no-marker.duckdb');
    await schema2(path);
    expect(openInChild(path, 'migrate-after-commit:1').signal).toBe('SIGKILL');
    rmSync(`${path}.migrating`, { force: true });
    const wal = `${path}.wal`;
    const err = await Warehouse.open(path).then(async (w) => { await w.close(); return null; }, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'WAREHOUSE_UNREADABLE' });
    expect(String((err as Error).message)).toMatch(/docs\/reliability\.md/);
    expect(existsSync(wal)).toBe(true);
  }, 60_000);
});
