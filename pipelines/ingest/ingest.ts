import { readdir, stat } from 'node:fs/promises';
import { join, basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError, isCodedError } from '../errors.ts';
import { formatFromFileName, kindFromFileName, type FileKind } from './layouts.ts';
import { ingestFile, type FileResult, type IngestFileOptions } from './ingest-file.ts';

export type IngestEvent =
  | { readonly type: 'start'; readonly files: number }
  | { readonly type: 'file-start'; readonly index: number; readonly files: number; readonly path: string }
  | { readonly type: 'file-done'; readonly index: number; readonly files: number; readonly result: FileResult }
  | { readonly type: 'file-failed'; readonly index: number; readonly files: number; readonly path: string; readonly error: string };

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
}

// Master data first so the facts' "unknown store/SKU" checks see this run's stores and products.
const KIND_ORDER: readonly FileKind[] = ['geography', 'stores', 'products', 'sellers', 'inventory', 'orders', 'till', 'produce'];

/** Every ingestible file under the given paths (folders walked), master data first, then by name. */
export async function listInputs(paths: readonly string[], options: { anyName?: boolean } = {}): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    const info = await stat(p).catch((err: unknown) => {
      throw new CodedError('BAD_ARGUMENT', `cannot read ${p}`, { cause: err });
    });
    if (info.isDirectory()) {
      for (const entry of (await readdir(p)).sort()) {
        if (entry.startsWith('.') || entry === 'truth') continue;
        await walk(join(p, entry), false);
      }
    } else if (explicit || (formatFromFileName(p) && (options.anyName || kindFromFileName(p)))) {
      out.push(p);
    }
  };
  for (const p of paths) await walk(p, true);
  const rank = (p: string): number => {
    const k = kindFromFileName(basename(p));
    return k ? KIND_ORDER.indexOf(k) : KIND_ORDER.length;
  };
  return out.sort((a, b) => rank(a) - rank(b) || basename(a).localeCompare(basename(b)) || a.localeCompare(b));
}

/** Ingests files one transaction each; a file that cannot be read is reported and the rest go on. */
export async function ingestPaths(conn: DuckDBConnection, paths: readonly string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const files = await listInputs(paths, { anyName: options.mapping !== undefined || options.kind !== undefined });
  // Ingestion streams: a tight DuckDB limit keeps a 5M-line file's peak RSS near 650 MiB (it held
  // 2.2 GB without one); the rest of the pipeline gets the warehouse's own limit back afterwards.
  const previous = String((await conn.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRows()[0]?.[0]);
  await conn.run(`SET memory_limit = '${INGEST_MEMORY_LIMIT}'`);
  try {
    return await ingestFiles(conn, files, options);
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
