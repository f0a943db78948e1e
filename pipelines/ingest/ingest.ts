import { lstat, readdir, stat } from 'node:fs/promises';
import { join, basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError, isCodedError } from '../errors.ts';
import { formatFromFileName, kindFromFileName, type FileKind } from './layouts.ts';
import { ingestFile, type FileResult, type IngestFileOptions } from './ingest-file.ts';

export type IngestEvent =
  | { readonly type: 'start'; readonly files: number }
  | { readonly type: 'file-start'; readonly index: number; readonly files: number; readonly path: string }
  | { readonly type: 'file-done'; readonly index: number; readonly files: number; readonly result: FileResult }
  | { readonly type: 'file-failed'; readonly index: number; readonly files: number; readonly path: string; readonly error: string }
  | { readonly type: 'ignored'; readonly path: string; readonly reason: string };

export interface IngestOptions extends IngestFileOptions {
  readonly onEvent?: (event: IngestEvent) => void;
  /** Stop at the first file that cannot be read. @defaultValue false: go on and report it */
  readonly failFast?: boolean;
}

export interface FailedFile {
  readonly path: string;
  readonly code: string;
  readonly error: string;
}

export interface IngestSummary {
  readonly files: readonly FileResult[];
  readonly failed: readonly FailedFile[];
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
  /** Paths passed over, with the reason (not regular files, links inside folders, names of no kind). */
  readonly ignored?: readonly IgnoredPath[];
}

// Master data first so the facts' "unknown store/SKU" checks see this run's stores and products.
const KIND_ORDER: readonly FileKind[] = ['geography', 'stores', 'products', 'sellers', 'inventory', 'orders', 'till', 'produce'];

/** A path under the given folders that was not ingested, and why (shown, never silently dropped). */
export interface IgnoredPath { readonly path: string; readonly reason: string }

/**
 * Every ingestible file under the given paths (folders walked), master data first, then by name.
 * Only regular files are ever opened: a FIFO or device would block the reader forever (holding the
 * warehouse lock), and a symbolic link inside a folder is not followed (a link to /dev/zero or to
 * another user's file has no place in an inbox). A path named explicitly may be a link to a file.
 * Whatever is passed over is returned with its reason.
 */
export async function listInputs(paths: readonly string[], options: { anyName?: boolean } = {}): Promise<{ files: string[]; ignored: IgnoredPath[] }> {
  const out: string[] = [];
  const ignored: IgnoredPath[] = [];
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    let info = await lstat(p).catch(() => null);
    if (info === null) {
      if (explicit) throw new CodedError('BAD_ARGUMENT', `cannot read ${p}: no such file or folder`);
      ignored.push({ path: p, reason: 'cannot be read' });
      return;
    }
    if (info.isSymbolicLink()) {
      if (!explicit) {
        ignored.push({ path: p, reason: 'a symbolic link: not followed inside a folder' });
        return;
      }
      info = await stat(p).catch(() => null);
      if (info === null) throw new CodedError('BAD_ARGUMENT', `${p} is a symbolic link to nothing`);
    }
    if (info.isDirectory()) {
      for (const entry of (await readdir(p)).sort()) {
        // Hidden files, the generator's truth folder and manifest, and notes are not data: passed over quietly.
        if (entry.startsWith('.') || entry === 'truth' || entry === 'manifest.json' || /\.md$/i.test(entry)) continue;
        await walk(join(p, entry), false);
      }
      return;
    }
    if (!info.isFile()) {
      const why = 'not a regular file (a FIFO, device or socket): never opened';
      if (explicit) throw new CodedError('BAD_ARGUMENT', `${p} is ${why}`);
      ignored.push({ path: p, reason: why });
      return;
    }
    if (explicit || (formatFromFileName(p) && (options.anyName || kindFromFileName(p)))) out.push(p);
    else ignored.push({ path: p, reason: formatFromFileName(p) ? `name does not start with a kind (${KIND_ORDER.join(', ')}); pass --kind or --mapping` : 'not a .csv, .tsv, .jsonl or .parquet file (optionally .gz)' });
  };
  for (const p of paths) await walk(p, true);
  const rank = (p: string): number => {
    const k = kindFromFileName(basename(p));
    return k ? KIND_ORDER.indexOf(k) : KIND_ORDER.length;
  };
  return { files: out.sort((a, b) => rank(a) - rank(b) || basename(a).localeCompare(basename(b)) || a.localeCompare(b)), ignored };
}

/** Ingests files one transaction each; a file that cannot be read is reported and the rest go on. */
export async function ingestPaths(conn: DuckDBConnection, paths: readonly string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const { files, ignored } = await listInputs(paths, { anyName: options.mapping !== undefined || options.kind !== undefined });
  for (const i of ignored) options.onEvent?.({ type: 'ignored', path: i.path, reason: i.reason });
  // Ingestion streams: a tight DuckDB limit keeps a 5M-line file's peak RSS near 650 MiB (it held
  // 2.2 GB without one); the rest of the pipeline gets the warehouse's own limit back afterwards.
  const previous = String((await conn.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRows()[0]?.[0]);
  await conn.run(`SET memory_limit = '${INGEST_MEMORY_LIMIT}'`);
  try {
    return { ...(await ingestFiles(conn, files, options)), ignored };
  } finally {
    await conn.run(`SET memory_limit = '${previous.replace(/'/g, '')}'`);
  }
}

/** DuckDB's memory limit while files are ingested. */
export const INGEST_MEMORY_LIMIT = process.env['RURAL_DEMAND_INGEST_MEMORY'] ?? '768MB';

async function ingestFiles(conn: DuckDBConnection, files: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  options.onEvent?.({ type: 'start', files: files.length });
  const results: FileResult[] = [];
  const failed: FailedFile[] = [];
  for (const [i, path] of files.entries()) {
    options.onEvent?.({ type: 'file-start', index: i, files: files.length, path });
    try {
      const result = await ingestFile(conn, path, options);
      results.push(result);
      options.onEvent?.({ type: 'file-done', index: i, files: files.length, result });
    } catch (err) {
      if (options.failFast || !isCodedError(err)) throw err;
      failed.push({ path, code: err.code, error: err.message });
      options.onEvent?.({ type: 'file-failed', index: i, files: files.length, path, error: err.message });
    }
  }
  const sum = (f: (r: FileResult) => number): number => results.reduce((a, r) => a + f(r), 0);
  return { files: results, failed, read: sum((r) => r.read), loaded: sum((r) => r.loaded), rejected: sum((r) => r.rejected) };
}
