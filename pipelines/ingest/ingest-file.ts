import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { literal, toNumber } from '../warehouse/sql.ts';
import { LAYOUTS, formatFromFileName, kindFromFileName, type FileFormat, type FileKind } from './layouts.ts';
import { compileMapping, type Mapping } from './mapping.ts';
import { normalise, TYPE_ERROR_CODE, type Normalised } from './normalise.ts';
import { RULES, type Rule } from './rules.ts';
import { READER_REJECTS, STAGE, jsonlValidity, rawExpression, stageSource, type SourceSpec, type StagedColumn } from './sources.ts';
import { VALID, writeValid } from './targets.ts';

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

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** DuckDB's reader error types, named as our reasons; the first of a line's errors in this order wins. */
const READER_REASONS: readonly [string, string][] = [
  ['INVALID ENCODING', 'invalid_utf8'],
  ['INVALID UNICODE', 'invalid_utf8'],
  ['UNQUOTED VALUE', 'broken_quoting'],
  ['LINE SIZE OVER MAXIMUM', 'line_too_long'],
  ['TOO MANY COLUMNS', 'wrong_column_count'],
  ['MISSING COLUMNS', 'wrong_column_count'],
  ['CAST', 'bad_value'],
];

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
  const [info, sha256] = await Promise.all([stat(path), sha256File(path)]);
  const base = { path, name, sha256, sizeBytes: info.size, kind, format };

  const seen = (await conn.runAndReadAll(
    `SELECT file_id, name, strftime(finished_at, '%Y-%m-%d %H:%M') FROM ingest_files WHERE sha256 = ${literal(sha256)} AND kind = '${kind}'`,
  )).getRows()[0];
  if (seen) {
    return {
      ...base, outcome: 'skipped', read: 0, loaded: 0, rejected: 0, inserted: 0, updated: 0, duplicate: 0,
      fileId: toNumber(seen[0]), message: `same content already loaded as file #${toNumber(seen[0])} (${String(seen[1])}, ${String(seen[2])})`,
      seconds: (Date.now() - started) / 1000,
    };
  }

  const layout = LAYOUTS[kind];
  const spec: SourceSpec = mapping
    ? { path, format, gzip, columns: mapping.source.columns.map((c) => ({ name: c, readAs: 'text' as const })), delimiter: mapping.source.delimiter, header: mapping.source.header }
    : { path, format, gzip, columns: layout.columns.map((c) => ({ name: c.name, readAs: 'text' as const })) };

  await conn.run('BEGIN TRANSACTION');
  try {
    const staged = await stageSource(conn, spec);
    // Rows staged inside a transaction get rowids from a large base; ordinals are relative to it.
    const rowBase = toNumber((await conn.runAndReadAll(`SELECT coalesce(min(rowid), 0) FROM ${STAGE}`)).getRows()[0]?.[0]);
    let fields: ReadonlyMap<string, StagedColumn> = staged;
    let extraRules: readonly Rule[] = [];
    if (mapping) {
      const compiled = compileMapping(mapping, staged);
      fields = compiled.fields;
      extraRules = compiled.rules;
    }
    const norms = layout.columns.map((col) => {
      const s = fields.get(col.name);
      return s ? normalise(col, s, fields.get(`__raw_${col.name}`)) : { column: col, expr: 'NULL' };
    });
    const fileId = toNumber((await conn.runAndReadAll(`SELECT nextval('ingest_file_seq')`)).getRows()[0]?.[0]);
    const now = options.now ?? new Date();
    await findBadRows(conn, spec, norms, [...extraRules, ...RULES[kind]], now, rowBase);
    const rejectedByRule = await recordRejects(conn, spec, fileId, rowBase);

    await conn.run(`DROP TABLE IF EXISTS ${VALID}`);
    await conn.run(`CREATE TEMP TABLE ${VALID} AS SELECT * FROM (${normalisedRows(norms, rowBase)}) n
      WHERE NOT EXISTS (SELECT 1 FROM ingest_bad b WHERE b.ord = n.ord)`);
    await conn.run(`DROP TABLE ${STAGE}`);
    const loaded = toNumber((await conn.runAndReadAll(`SELECT count(*) FROM ${VALID}`)).getRows()[0]?.[0]);
    const { inserted, updated } = await writeValid(conn, kind, fileId);
    const rejected = rejectedByRule;
    const read = loaded + rejected;
    const outcome: FileOutcome = rejected === 0 ? 'loaded' : loaded === 0 ? 'rejected' : 'loaded_with_rejects';
    const duplicate = loaded - inserted - updated;
    await conn.run(`INSERT INTO ingest_files (file_id, sha256, name, path, size_bytes, kind, format, mapping, rows_read, rows_loaded,
        rows_rejected, rows_inserted, rows_updated, rows_duplicate, outcome, started_at, finished_at)
      VALUES (${fileId}, ${literal(sha256)}, ${literal(name)}, ${literal(path)}, ${info.size}, '${kind}', '${format}',
        ${mapping ? literal(mapping.name) : 'NULL'}, ${read}, ${loaded}, ${rejected}, ${inserted}, ${updated}, ${duplicate},
        '${outcome}', to_timestamp(${started / 1000}), now())`);
    await conn.run(`DROP TABLE ${VALID}`);
    await conn.run('COMMIT');
    return { ...base, outcome, read, loaded, rejected, inserted, updated, duplicate, fileId, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    if (err instanceof CodedError) throw err;
    throw new CodedError('BAD_INPUT_FILE', `${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { cause: err });
  }
}

function normalisedRows(norms: readonly Normalised[], base: number): string {
  return `SELECT rowid - ${base} AS ord, ${norms.map((n) => `${n.expr} AS "${n.column.name}"`).join(', ')} FROM ${STAGE}`;
}

/**
 * One pass that names each bad row's first problem: not JSON, skipped by the mapping, a value of the
 * wrong type, a required value missing, then the kind's business rules in order.
 */
async function findBadRows(conn: DuckDBConnection, spec: SourceSpec, norms: readonly Normalised[], rules: readonly Rule[], now: Date, base: number): Promise<void> {
  const whens: string[] = [];
  const reason = (code: string, message: string, column?: string): string =>
    `struct_pack(code := '${code}', message := ${message}, col := ${column ? literal(column) : 'NULL::VARCHAR'})`;
  const json = jsonlValidity(spec.format);
  if (json) whens.push(`WHEN ${json} THEN ${reason('bad_json', `'line is not a JSON object'`)}`);
  const subst = (sql: string): string =>
    sql.replaceAll('{now}', `'${now.toISOString()}'::TIMESTAMPTZ`).replace(/\{([a-z_]+)\}/g, (_, c: string) => `n."n$${c}"`);
  // Mapping rules (skips) see the raw staged row, so they come first and reference it directly.
  const mappingRules = rules.filter((r) => r.code === 'skipped_by_mapping' || r.code === 'unmapped_code');
  const businessRules = rules.filter((r) => !mappingRules.includes(r));
  for (const r of mappingRules) whens.push(`WHEN ${r.when} THEN ${reason(r.code, r.message, r.column)}`);
  for (const n of norms) {
    if (n.typeError) {
      const code = TYPE_ERROR_CODE[n.column.type];
      const shown = n.source ? ` || ': "' || left(CAST(${n.source} AS VARCHAR), 60) || '"'` : '';
      whens.push(`WHEN n."te$${n.column.name}" THEN ${reason(code, `'${n.column.name}: not a valid ${n.column.type}'${shown}`, n.column.name)}`);
    }
  }
  for (const n of norms) {
    if (!n.column.nullable) {
      whens.push(`WHEN n."n$${n.column.name}" IS NULL THEN ${reason('missing_value', `'${n.column.name} is required'`, n.column.name)}`);
    }
  }
  for (const r of businessRules) whens.push(`WHEN ${subst(r.when)} THEN ${reason(r.code, subst(r.message), r.column)}`);
  await conn.run('DROP TABLE IF EXISTS ingest_bad');
  // Our values under n$ names beside the staged columns, so mapping rules can read the export's own.
  const ours = norms.map((n) => `${n.expr} AS "n$${n.column.name}"`);
  const typeErrors = norms.filter((n) => n.typeError).map((n) => `${n.typeError} AS "te$${n.column.name}"`);
  const inner = `SELECT rowid - ${base} AS ord, ${[...ours, ...typeErrors].join(', ')}, * FROM ${STAGE}`;
  await conn.run(`CREATE TEMP TABLE ingest_bad AS SELECT ord, r.code AS code, r.message AS message, r.col AS col FROM (
      SELECT n.ord, CASE ${whens.join('\n')} END AS r FROM (${inner}) n) WHERE r IS NOT NULL`);
}

/**
 * Writes both kinds of rejected records with their physical line: the reader's (it knows the line)
 * and the rules' (a staged row's line is its ordinal plus the header plus the reader-rejected lines
 * before it). A valid quoted field spanning lines would shift this count; exports here have none.
 */
async function recordRejects(conn: DuckDBConnection, spec: SourceSpec, fileId: number, base: number): Promise<number> {
  const header = spec.format === 'csv' || spec.format === 'tsv' ? (spec.header === false ? 0 : 1) : 0;
  const priority = `CASE error_type ${READER_REASONS.map(([t], i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE 99 END`;
  const code = `CASE error_type ${READER_REASONS.map(([t, c]) => `WHEN '${t}' THEN '${c}'`).join(' ')} ELSE 'unreadable' END`;
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    SELECT ${fileId}, line, arg_min(${code}, ${priority}), string_agg(DISTINCT error_message, '; '),
      arg_min(column_name, ${priority}), first(csv_line)
    FROM ${READER_REJECTS} GROUP BY line`);
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    WITH r AS (SELECT line - ${header} - row_number() OVER (ORDER BY line) AS before FROM (SELECT DISTINCT line FROM ${READER_REJECTS}))
    SELECT ${fileId}, ${header} + b.ord + 1 + (SELECT count(*) FROM r WHERE r.before <= b.ord), b.code, b.message, b.col, ${rawExpression(spec, 's')}
    FROM ingest_bad b JOIN ${STAGE} s ON s.rowid = b.ord + ${base}`);
  const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ingest_rejects WHERE file_id = ${fileId}`)).getRows();
  return toNumber(rows[0]?.[0]);
}
