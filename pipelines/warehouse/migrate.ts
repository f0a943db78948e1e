import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { faultPoint } from '../faults.ts';
import { literal } from './sql.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../data/schema/', import.meta.url));

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Reads `NNN-name.sql` files in version order; a gap or a duplicate version is a packaging error. */
export async function loadMigrations(dir: string = SCHEMA_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f)).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (out.some((m) => m.version === version)) {
      throw new CodedError('MIGRATION_FAILED', `two migrations share version ${version}`);
    }
    out.push({ version, name: file.slice(4, -4), sql: await readFile(join(dir, file), 'utf8') });
  }
  return out;
}

export interface MigrateOptions {
  /** Called once before the first pending migration is applied (after the checkpoint that empties the WAL). */
  readonly beforeApply?: () => Promise<void>;
}

/**
 * Applies every migration not yet recorded, each in its own transaction with its record, so a crash
 * leaves the schema at a whole version. Returns the versions applied (empty when up to date).
 *
 * Crash safety: DuckDB 1.5.6 could not replay a WAL holding `ALTER TABLE ... ADD COLUMN ... DEFAULT`
 * after a kill -9 (INTERNAL error, warehouse unopenable). So the WAL is checkpointed empty before
 * the first migration and after each one: at any kill point the WAL holds at most the one migration
 * in flight and nothing else, which the caller may then discard (see jobs/warehouse.ts).
 */
export async function migrate(conn: DuckDBConnection, dir: string = SCHEMA_DIR, options: MigrateOptions = {}): Promise<number[]> {
  await conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const done = new Set(
    (await conn.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])),
  );
  const pending = (await loadMigrations(dir)).filter((m) => !done.has(m.version));
  const applied: number[] = [];
  if (pending.length === 0) return applied;
  await conn.run('CHECKPOINT');
  await options.beforeApply?.();
  for (const m of pending) {
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.sql);
      await conn.run(`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${literal(m.name)})`);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw new CodedError('MIGRATION_FAILED', `migration ${String(m.version).padStart(3, '0')}-${m.name}.sql failed`, { cause: err });
    }
    faultPoint('migrate-after-commit');
    await conn.run('CHECKPOINT');
    applied.push(m.version);
  }
  return applied;
}
