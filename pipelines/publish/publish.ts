/**
 * Writes one run's immutable snapshot and makes it the latest. Order of steps, each safe to crash
 * after (docs/snapshots.md walks through them):
 *   1. every dataset COPY'd to Parquet in `<root>/.tmp-<runId>-<rand>/`, in one read transaction
 *      so all files see the same warehouse state; each file fsynced;
 *   2. manifest.json written last in the temp folder, fsynced, and the folder fsynced;
 *   3. the temp folder renamed to `<root>/<runId>/` (atomic: the snapshot appears whole or not at all);
 *   4. `LATEST` replaced by rename of a fully written temp file.
 * A rerun of the same run id finds the complete folder and only redoes step 4.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { faultPoint } from '../faults.ts';
import { literal, toNumber } from '../warehouse/sql.ts';
import { DEFAULT_DATASETS, type SnapshotContext, type SnapshotTable } from './datasets.ts';
import { fsyncDir, fsyncFile, isCode, renameDurable, sha256File, writeFileDurable } from './durable-fs.ts';
import {
  MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, assertRunId, parseManifest,
  type SnapshotDataset, type SnapshotManifest,
} from './manifest.ts';

export const LATEST_FILE = 'LATEST';
export const TMP_PREFIX = '.tmp-';
/** Dot-prefixed like every non-snapshot entry, so no run id can collide with it. */
export const LATEST_TMP_PREFIX = `.${LATEST_FILE}.tmp-`;

export interface PublishOptions {
  /** Folder holding every snapshot and the LATEST pointer. Must be one filesystem (rename). */
  readonly root: string;
  readonly runId: string;
  readonly tables?: readonly SnapshotTable[];
  /** A run as of an earlier day: written and marked so, but LATEST keeps naming the newest run. */
  readonly backfill?: boolean;
  /** createdAt written to the manifest; tests pin it. */
  readonly now?: Date;
}

async function tableNames(conn: DuckDBConnection): Promise<Set<string>> {
  const r = await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'
    UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal`);
  return new Set(r.getRows().map((row) => String(row[0])));
}

async function context(conn: DuckDBConnection, runId: string, tables: Set<string>): Promise<SnapshotContext> {
  if (!tables.has('forecast_runs')) return { runId, asOf: null };
  const r = await conn.runAndReadAll(`SELECT strftime(as_of, '%Y-%m-%d') FROM forecast_runs WHERE run_id = ${literal(runId)}`);
  const v = r.getRows()[0]?.[0];
  return { runId, asOf: typeof v === 'string' ? v : null };
}

async function schemaVersion(conn: DuckDBConnection, tables: Set<string>): Promise<number | null> {
  if (!tables.has('schema_migrations')) return null;
  const v = (await conn.runAndReadAll('SELECT max(version) FROM schema_migrations')).getRows()[0]?.[0];
  return v === null || v === undefined ? null : toNumber(v);
}

function checkDatasets(list: readonly SnapshotTable[]): void {
  const seen = new Set<string>();
  for (const d of list) {
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(d.name)) throw new CodedError('BAD_ARGUMENT', `dataset name ${JSON.stringify(d.name)} must be lower snake case`);
    if (seen.has(d.name)) throw new CodedError('BAD_ARGUMENT', `dataset ${d.name} is declared twice`);
    seen.add(d.name);
  }
}

/** Reads back the complete snapshot of `runId` if there is one. */
async function existingManifest(dir: string): Promise<SnapshotManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return undefined;
    throw err;
  }
  return parseManifest(text, dir);
}

async function writeDataset(conn: DuckDBConnection, tmp: string, d: SnapshotTable, ctx: SnapshotContext): Promise<SnapshotDataset> {
  const file = `${d.name}.parquet`;
  const path = join(tmp, file);
  const copied = await conn.runAndReadAll(`COPY (${d.sql(ctx)}) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd)`);
  const rows = toNumber(copied.getRows()[0]?.[0]);
  await fsyncFile(path);
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(path)})`);
  const columns = described.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const bytes = (await stat(path)).size;
  const sha256 = await sha256File(path);
  return { name: d.name, rows, bytes, columns, files: [{ path: file, rows, bytes, sha256 }] };
}

/** Points LATEST at `runId`. A unique temp name so two publishers never write into one file. */
export async function setLatest(root: string, runId: string): Promise<void> {
  assertRunId(runId);
  const tmp = join(root, `${LATEST_TMP_PREFIX}${randomBytes(4).toString('hex')}`);
  await writeFileDurable(tmp, `${runId}\n`);
  await renameDurable(tmp, join(root, LATEST_FILE));
}

/**
 * Publishes the snapshot of `runId` from the warehouse on `conn` and makes it LATEST. Idempotent:
 * when `<root>/<runId>/` is already complete its manifest is returned and only LATEST is (re)set.
 * Must not be called inside an open transaction on `conn`.
 */
export async function publishSnapshot(conn: DuckDBConnection, options: PublishOptions): Promise<SnapshotManifest> {
  const { root, runId } = options;
  assertRunId(runId);
  const list = options.tables ?? DEFAULT_DATASETS;
  checkDatasets(list);
  await mkdir(root, { recursive: true });
  const finalDir = join(root, runId);

  const already = await existingManifest(finalDir);
  if (already) {
    if (already.backfill !== true) await setLatest(root, runId);
    return already;
  }

  const tmp = join(root, `${TMP_PREFIX}${runId}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  let manifest: SnapshotManifest;
  try {
    // One transaction: every dataset reads the same committed state even while jobs write.
    await conn.run('BEGIN TRANSACTION');
    try {
      const tables = await tableNames(conn);
      const ctx = await context(conn, runId, tables);
      const datasets: SnapshotDataset[] = [];
      const skipped: { name: string; reason: string }[] = [];
      for (const d of list) {
        const missing = d.requires.filter((t) => !tables.has(t));
        if (missing.length > 0) {
          skipped.push({ name: d.name, reason: `missing table ${missing.join(', ')}` });
          continue;
        }
        datasets.push(await writeDataset(conn, tmp, d, ctx));
        faultPoint('publish-after-dataset');
      }
      manifest = {
        format: MANIFEST_FORMAT,
        manifestVersion: MANIFEST_VERSION,
        schemaVersion: await schemaVersion(conn, tables),
        runId,
        createdAt: (options.now ?? new Date()).toISOString(),
        asOf: ctx.asOf,
        datasets,
        skipped,
        ...(options.backfill === true ? { backfill: true } : {}),
      };
    } finally {
      // Read-only, so nothing to undo; a failing ROLLBACK must not hide the COPY's own error.
      await conn.run('ROLLBACK').catch(() => undefined);
    }
    await writeFileDurable(join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncDir(tmp);
    faultPoint('publish-before-rename');
    try {
      await renameDurable(tmp, finalDir);
    } catch (err) {
      // Another publisher of the same run won the rename: theirs is complete, use it.
      if (!(isCode(err, 'ENOTEMPTY') || isCode(err, 'EEXIST'))) throw err;
      const theirs = await existingManifest(finalDir);
      if (!theirs) throw new CodedError('INTERNAL', `${finalDir} exists but holds no manifest`, { cause: err });
      manifest = theirs;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  faultPoint('publish-before-latest');
  if (manifest.backfill !== true) await setLatest(root, runId);
  return manifest;
}
