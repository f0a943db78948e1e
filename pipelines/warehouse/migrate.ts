import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
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

/**
 * Applies every migration not yet recorded, each in its own transaction with its record, so a crash
 * leaves the schema at a whole version. Returns the versions applied (empty when up to date).
 */
export async function migrate(conn: DuckDBConnection, dir: string = SCHEMA_DIR): Promise<number[]> {
  await conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const done = new Set(
    (await conn.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])),
  );
  const applied: number[] = [];
  for (const m of await loadMigrations(dir)) {
    if (done.has(m.version)) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.sql);
      await conn.run(`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${literal(m.name)})`);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw new CodedError('MIGRATION_FAILED', `migration ${String(m.version).padStart(3, '0')}-${m.name}.sql failed`, { cause: err });
    }
    applied.push(m.version);
  }
  // Schema changes go to the data file at once: replaying a WAL that held an ALTER TABLE ... ADD
  // COLUMN ... DEFAULT after a kill -9 failed here with an INTERNAL error (DuckDB 1.5.6), which
  // would leave the warehouse unopenable.
  if (applied.length > 0) await conn.run('CHECKPOINT');
  return applied;
}
