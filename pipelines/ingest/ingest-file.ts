import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { faultPoint } from '../faults.ts';
import { literal, toNumber } from '../warehouse/sql.ts';
import { LAYOUTS, formatFromFileName, kindFromFileName, type FileFormat, type FileKind } from './layouts.ts';
import { compileMapping, needsOrdinality, type Mapping } from './mapping.ts';
import { normalise, SQL_TYPE, type Normalised } from './normalise.ts';
import { dropLookups, prepareLookups, problemSql, type ProblemSql } from './problems.ts';
import { finishRepeats, loadFact } from './load-fact.ts';
import { loadMaster } from './load-master.ts';
import { RULES, type Rule } from './rules.ts';
import type { SourceSpec, StagedColumn } from './sources.ts';
import { FACTS } from './targets.ts';

export interface IngestFileOptions {
  /** Kind of file; default from the file name (or the mapping). */
  readonly kind?: FileKind;
  /** A foreign export's mapping onto our layout. */
  readonly mapping?: Mapping;
  /** The clock for "timestamp in the future". @defaultValue new Date() */
  readonly now?: Date;
}

export type FileOutcome = 'loaded' | 'loaded_with_rejects' | 'rejected' | 'skipped';

export interface FileResult {
  readonly path: string;
  readonly name: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly kind: FileKind;
  readonly format: FileFormat;
  readonly outcome: FileOutcome;
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
  readonly inserted: number;
  readonly updated: number;
  readonly duplicate: number;
  readonly fileId: number;
  /** Why it was skipped (same content already loaded). */
  readonly message?: string;
  readonly seconds: number;
}

/**
 * One read of the file's bytes: its SHA-256 (of the bytes as stored) and, when asked, its number of
 * lines (of the decompressed text). The line count lets a clean file skip the second, numbered read
 * that only looks for rejected rows; gunzip in the same stream costs far less than that read.
 */
export async function scanFile(path: string, countLines: boolean, gzip = false): Promise<{ sha256: string; lines?: number; longestLine?: number }> {
  const hash = createHash('sha256');
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  let lines = 0;
  let last = 10;
  let run = 0;
  let longest = 0;
  const count = (buf: Buffer): void => {
    let start = 0;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) {
      lines += 1;
      longest = Math.max(longest, run + i - start);
      run = 0;
      start = i + 1;
    }
    run += buf.length - start;
    longest = Math.max(longest, run);
    if (buf.length > 0) last = buf[buf.length - 1] ?? 10;
  };
  if (countLines && gzip) {
    // Every byte through gunzip: a file cut short or corrupt fails here, whole, instead of loading
    // the part before the damage (it once loaded half a file with exit 0).
    const tap = new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } });
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { count(chunk); done(); } });
    try {
      await pipeline(raw, tap, createGunzip(), sink);
    } catch (err) {
      throw new CodedError('BAD_INPUT_FILE', `${basename(path)}: not a complete gzip file (corrupt or cut short); nothing was loaded from it`, { cause: err });
    }
  } else {
    for await (const chunk of raw) {
      hash.update(chunk as Buffer);
      if (countLines) count(chunk as Buffer);
    }
  }
  return countLines ? { sha256: hash.digest('hex'), lines: lines + (last === 10 ? 0 : 1), longestLine: longest } : { sha256: hash.digest('hex') };
}


/** Lines at least this long are refused (the reader's buffer is 32 MB; a margin for the row around the field). */
export const MAX_LINE_BYTES = 30 * 1048576;

/**
 * Loads one file exactly once: its rows, its rejects and its manifest row commit in one
 * transaction, so a crash leaves nothing of it and a rerun loads it whole. The same bytes again
 * are skipped. A DuckDB commit can succeed while the caller never hears back (kill -9); the
 * manifest check on rerun makes that case a skip rather than a double load.
 */
export async function ingestFile(conn: DuckDBConnection, path: string, options: IngestFileOptions = {}): Promise<FileResult> {
  const started = Date.now();
  const name = basename(path);
  const mapping = options.mapping;
  const byName = formatFromFileName(name);
  const format: FileFormat | undefined = mapping?.source.format ?? byName?.format;
  if (!format) throw new CodedError('BAD_INPUT_FILE', `${name}: unknown format (expected .csv, .tsv, .jsonl or .parquet, optionally .gz)`);
  const kind = options.kind ?? mapping?.kind ?? kindFromFileName(name);
  if (!kind) {
    throw new CodedError('UNKNOWN_KIND', `${name}: name does not start with a kind (${Object.keys(LAYOUTS).join(', ')}); pass --kind or --mapping`);
  }
  const gzip = byName?.gzip ?? name.toLowerCase().endsWith('.gz');
  // Plain text is counted in the hashing pass for free; a .gz file is only decompressed to count its
  // lines once we know it is new (a scheduled rerun over an inbox of old files skips them all).
  const [info, scanned] = await Promise.all([stat(path), scanFile(path, format !== 'parquet' && !gzip)]);
  const sha256 = scanned.sha256;
  const base = { path, name, sha256, sizeBytes: info.size, kind, format };

  const seen = (await conn.runAndReadAll(
    `SELECT file_id, name, strftime(finished_at, '%Y-%m-%d %H:%M') FROM ingest_files WHERE sha256 = ${literal(sha256)} AND kind = '${kind}'`,
  )).getRows()[0];
  if (seen) {
    await finishPendingFiles(conn);
    return {
      ...base, outcome: 'skipped', read: 0, loaded: 0, rejected: 0, inserted: 0, updated: 0, duplicate: 0,
      fileId: toNumber(seen[0]), message: `same content already loaded as file #${toNumber(seen[0])} (${String(seen[1])}, ${String(seen[2])})`,
      seconds: (Date.now() - started) / 1000,
    };
  }

  const layout = LAYOUTS[kind];
  const spec: SourceSpec = mapping
    ? { path, format, gzip, columns: mapping.source.columns.map((c) => ({ name: c, readAs: 'text' as const })), delimiter: mapping.source.delimiter, header: mapping.source.header, encoding: mapping.source.encoding }
    : { path, format, gzip, columns: layout.columns.map((c) => ({ name: c.name, readAs: 'text' as const, optional: c.optional })) };

  const ordinality = needsOrdinality(mapping);
  const now = options.now ?? new Date();
  // The reader's columns are known only once the source is prepared (Parquet types); each pass
  // builds its SQL from them.
  let lookupValues: Record<string, string> = {};
  const makeSql = (columns: ReadonlyMap<string, StagedColumn>): { norms: Normalised[]; sql: ProblemSql } => {
    let fields: ReadonlyMap<string, StagedColumn> = columns;
    let extraRules: readonly Rule[] = [];
    if (mapping) {
      const compiled = compileMapping(mapping, columns);
      fields = compiled.fields;
      extraRules = compiled.rules;
    }
    const norms = layout.columns.map((col) => {
      const f = fields.get(col.name);
      return f ? normalise(col, f, fields.get(`__raw_${col.name}`)) : { column: col, expr: `CAST(NULL AS ${SQL_TYPE[col.type]})` };
    });
    return { norms, sql: problemSql(format, norms, [...extraRules, ...RULES[kind]], now, lookupValues) };
  };

  const fact = FACTS[kind];
  await finishPendingFiles(conn);
  await conn.run('BEGIN TRANSACTION');
  try {
    const fileId = toNumber((await conn.runAndReadAll(`SELECT nextval('ingest_file_seq')`)).getRows()[0]?.[0]);
    const lookups = await prepareLookups(conn, RULES[kind]);
    lookupValues = lookups.values;
    // A .gz is decompressed whole here, once it is known to be new: counted, and checked intact.
    const full = gzip ? await scanFile(path, true, true) : scanned;
    const lines = full.lines;
    // DuckDB's CSV reader holds a line in a 32 MB buffer; a longer line vanished from "read"
    // without a reject. Refused whole, with the reason, before anything loads.
    if (full.longestLine !== undefined && full.longestLine >= MAX_LINE_BYTES) {
      throw new CodedError('BAD_INPUT_FILE', `${name}: a line of ${(full.longestLine / 1048576).toFixed(0)} MB is longer than the reader can hold (${MAX_LINE_BYTES / 1048576} MB); split or fix it, nothing was loaded`);
    }
    const records = lines === undefined ? undefined : lines - (spec.header === false || format === 'jsonl' ? 0 : 1);
    const counts = fact
      ? await loadFact(conn, spec, makeSql, fact, fileId, ordinality, records)
      : await loadMaster(conn, spec, makeSql, kind, fileId, mapping?.defining_row);
    const { read, loaded, rejected, inserted, updated, duplicate } = counts;
    const outcome: FileOutcome = rejected === 0 ? 'loaded' : loaded === 0 ? 'rejected' : 'loaded_with_rejects';
    await conn.run(`INSERT INTO ingest_files (file_id, sha256, name, path, size_bytes, kind, format, mapping, rows_read, rows_loaded,
        rows_rejected, rows_inserted, rows_updated, rows_duplicate, outcome, started_at, finished_at, repeats_resolved)
      VALUES (${fileId}, ${literal(sha256)}, ${literal(name)}, ${literal(path)}, ${info.size}, '${kind}', '${format}',
        ${mapping ? literal(mapping.name) : 'NULL'}, ${read}, ${loaded}, ${rejected}, ${inserted}, ${updated}, ${duplicate},
        '${outcome}', to_timestamp(${started / 1000}), now(), ${fact ? 'false' : 'true'})`);
    await dropLookups(conn, lookups.types);
    faultPoint('ingest-before-commit');
    await conn.run('COMMIT');
    faultPoint('ingest-after-commit');
    if (!fact) return { ...base, outcome, read, loaded, rejected, inserted, updated, duplicate, fileId, seconds: (Date.now() - started) / 1000 };
    const final = await finishRepeats(conn, fact, fileId, counts.hadRows ?? true);
    return { ...base, outcome, read, loaded, rejected, ...final, fileId, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    if (err instanceof CodedError) throw err;
    throw new CodedError('BAD_INPUT_FILE', `${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { cause: err });
  }
}

/**
 * Completes fact files whose rows committed but whose repeated keys were not yet resolved (the
 * process died between the two transactions), oldest first, before anything else is loaded.
 */
export async function finishPendingFiles(conn: DuckDBConnection): Promise<number> {
  const pending = (await conn.runAndReadAll(`SELECT file_id, kind FROM ingest_files WHERE NOT repeats_resolved ORDER BY file_id`)).getRows();
  for (const [id, kind] of pending) {
    const fact = FACTS[String(kind) as FileKind];
    if (fact) await finishRepeats(conn, fact, toNumber(id), true);
  }
  return pending.length;
}
