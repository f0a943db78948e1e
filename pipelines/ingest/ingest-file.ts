import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { faultPoint } from '../faults.ts';
import { literal, toNumber } from '../warehouse/sql.ts';
import { LAYOUTS, formatFromFileName, kindFromFileName, type FileFormat, type FileKind } from './layouts.ts';
import { compileMapping, needsOrdinality, type Mapping } from './mapping.ts';
import { normalise, SQL_TYPE, TYPE_ERROR_CODE, type Normalised } from './normalise.ts';
import { LOOKUPS, RULES, type Rule } from './rules.ts';
import { READER_REJECTS, jsonlValidity, prepareSource, rawExpression, type SourceSpec, type StagedColumn } from './sources.ts';
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

  const ordinality = needsOrdinality(mapping);
  await conn.run('BEGIN TRANSACTION');
  try {
    const source = await prepareSource(conn, spec, ordinality);
    let fields: ReadonlyMap<string, StagedColumn> = source.columns;
    let extraRules: readonly Rule[] = [];
    if (mapping) {
      const compiled = compileMapping(mapping, source.columns);
      fields = compiled.fields;
      extraRules = compiled.rules;
    }
    const norms = layout.columns.map((col) => {
      const f = fields.get(col.name);
      return f ? normalise(col, f, fields.get(`__raw_${col.name}`)) : { column: col, expr: `CAST(NULL AS ${SQL_TYPE[col.type]})` };
    });
    const now = options.now ?? new Date();
    const rules = [...extraRules, ...RULES[kind]];
    await stage(conn, spec, source.from, norms, rules.filter((r) => !r.needs), now, ordinality);
    // Rows staged inside a transaction get rowids from a large base; ordinals are relative to it.
    const rowBase = toNumber((await conn.runAndReadAll(`SELECT coalesce(min(rowid), 0) FROM ${STAGE}`)).getRows()[0]?.[0]);
    const ord = ordinality ? 'n.__ord' : `(n.rowid - ${rowBase})`;
    await checkLookups(conn, norms, rules.filter((r) => r.needs));
    const fileId = toNumber((await conn.runAndReadAll(`SELECT nextval('ingest_file_seq')`)).getRows()[0]?.[0]);
    const { rejected, readerLines } = await recordRejects(conn, spec, fileId, ord);

    await conn.run(`CREATE OR REPLACE TEMP VIEW ${VALID} AS SELECT ${ord} AS ord, ${norms.map((x) => `n."${x.column.name}"`).join(', ')}
      FROM ${STAGE} n WHERE n.__problem IS NULL`);
    const read = toNumber((await conn.runAndReadAll(`SELECT count(*) FROM ${STAGE}`)).getRows()[0]?.[0]) + readerLines;
    const loaded = read - rejected;
    const { inserted, updated } = await writeValid(conn, kind, fileId);
    const outcome: FileOutcome = rejected === 0 ? 'loaded' : loaded === 0 ? 'rejected' : 'loaded_with_rejects';
    const duplicate = loaded - inserted - updated;
    await conn.run(`INSERT INTO ingest_files (file_id, sha256, name, path, size_bytes, kind, format, mapping, rows_read, rows_loaded,
        rows_rejected, rows_inserted, rows_updated, rows_duplicate, outcome, started_at, finished_at)
      VALUES (${fileId}, ${literal(sha256)}, ${literal(name)}, ${literal(path)}, ${info.size}, '${kind}', '${format}',
        ${mapping ? literal(mapping.name) : 'NULL'}, ${read}, ${loaded}, ${rejected}, ${inserted}, ${updated}, ${duplicate},
        '${outcome}', to_timestamp(${started / 1000}), now())`);
    await conn.run(`DROP VIEW ${VALID}`);
    await conn.run(`DROP TABLE ${STAGE}`);
    faultPoint('ingest-before-commit');
    await conn.run('COMMIT');
    faultPoint('ingest-after-commit');
    return { ...base, outcome, read, loaded, rejected, inserted, updated, duplicate, fileId, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    if (err instanceof CodedError) throw err;
    throw new CodedError('BAD_INPUT_FILE', `${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { cause: err });
  }
}

const STAGE = 'ingest_stage';

const reasonStruct = (code: string, message: string, column?: string): string =>
  `struct_pack(code := '${code}', message := ${message}, col := ${column ? literal(column) : 'NULL::VARCHAR'})`;

/**
 * Reads the file once into `ingest_stage`: our columns in our types, and for each row its first
 * row-local problem (not JSON, skipped by the mapping, a value of the wrong type, a required value
 * missing, a business rule) with the raw input kept only for rows that have one.
 */
async function stage(conn: DuckDBConnection, spec: SourceSpec, from: string, norms: readonly Normalised[], rules: readonly Rule[], now: Date, ordinality: boolean): Promise<void> {
  const whens: string[] = [];
  const json = jsonlValidity(spec.format);
  if (json) whens.push(`WHEN ${json} THEN ${reasonStruct('bad_json', `'line is not a JSON object'`)}`);
  // Mapping rules (skips) read the export's own columns, so they come first and reference them directly.
  const isMappingRule = (r: Rule): boolean => r.code === 'skipped_by_mapping' || r.code === 'unmapped_code';
  for (const r of rules.filter(isMappingRule)) whens.push(`WHEN ${r.when} THEN ${reasonStruct(r.code, r.message, r.column)}`);
  for (const x of norms) {
    if (!x.typeError) continue;
    const shown = x.source ? ` || ': "' || left(CAST(${x.source} AS VARCHAR), 60) || '"'` : '';
    whens.push(`WHEN n."te$${x.column.name}" THEN ${reasonStruct(TYPE_ERROR_CODE[x.column.type], `'${x.column.name}: not a valid ${x.column.type}'${shown}`, x.column.name)}`);
  }
  for (const x of norms) {
    if (!x.column.nullable) {
      whens.push(`WHEN n."n$${x.column.name}" IS NULL THEN ${reasonStruct('missing_value', `'${x.column.name} is required'`, x.column.name)}`);
    }
  }
  const subst = (sql: string): string =>
    sql.replaceAll('{now}', `'${now.toISOString()}'::TIMESTAMPTZ`).replace(/\{([a-z_]+)\}/g, (_, c: string) => `n."n$${c}"`);
  for (const r of rules.filter((r) => !isMappingRule(r))) whens.push(`WHEN ${subst(r.when)} THEN ${reasonStruct(r.code, subst(r.message), r.column)}`);
  const ours = norms.map((x) => `${x.expr} AS "n$${x.column.name}"`);
  const typeErrors = norms.filter((x) => x.typeError).map((x) => `${x.typeError} AS "te$${x.column.name}"`);
  const middle = `SELECT ${[...ours, ...typeErrors].join(', ')}, * FROM ${from}`;
  const problem = whens.length > 0 ? `CASE ${whens.join('\n')} END` : 'NULL::STRUCT(code VARCHAR, message VARCHAR, col VARCHAR)';
  await conn.run(`DROP TABLE IF EXISTS ${STAGE}`);
  // A regular table, not TEMP: inserting from a TEMP table into the warehouse ran 3-4x slower here.
  // It lives and dies inside the file's transaction, so a crash leaves no trace of it.
  await conn.run(`CREATE TABLE ${STAGE} AS
    SELECT ${ordinality ? 'p.ordinality - 1 AS __ord, ' : ''}${norms.map((x) => `p."n$${x.column.name}" AS "${x.column.name}"`).join(', ')},
      p.__problem, CASE WHEN p.__problem IS NOT NULL THEN ${rawExpression(spec, 'p')} END AS __raw
    FROM (SELECT n.*, ${problem} AS __problem FROM (${middle}) n) p`);
}

/**
 * Rules that need master data run as one narrow join over the rows that passed so far; the few
 * rows that fail get their problem (and their values, as raw) written onto the staged row, so the
 * valid rows stay a plain filter.
 */
async function checkLookups(conn: DuckDBConnection, norms: readonly Normalised[], rules: readonly Rule[]): Promise<void> {
  if (rules.length === 0) return;
  const needed = [...new Set(rules.flatMap((r) => r.needs ?? []))];
  const values: Record<string, string> = Object.assign({}, ...needed.map((l) => LOOKUPS[l].values));
  const subst = (sql: string): string =>
    sql.replace(/\{([a-z_]+)\}/g, (_, c: string) => values[c] ?? (norms.some((x) => x.column.name === c) ? `n."${c}"` : c));
  const whens = rules.map((r) => `WHEN ${subst(r.when)} THEN ${reasonStruct(r.code, subst(r.message), r.column)}`);
  // Lookup rejects passed every type check, so their values as read are faithful enough to show.
  const shown = `concat_ws(',', ${norms.map((x) => `coalesce(CAST(n."${x.column.name}" AS VARCHAR), '')`).join(', ')})`;
  await conn.run('DROP TABLE IF EXISTS ingest_lookup_bad');
  await conn.run(`CREATE TEMP TABLE ingest_lookup_bad AS SELECT * FROM (
      SELECT n.rowid AS rid, CASE ${whens.join('\n')} END AS r
      FROM ${STAGE} n ${needed.map((l) => LOOKUPS[l].join).join(' ')} WHERE n.__problem IS NULL) WHERE r IS NOT NULL`);
  await conn.run(`UPDATE ${STAGE} AS n SET __problem = x.r, __raw = ${shown} FROM ingest_lookup_bad x WHERE n.rowid = x.rid`);
  await conn.run('DROP TABLE ingest_lookup_bad');
}

/**
 * Writes the rejected records with their physical line: the reader's own (it knows the line) and
 * ours (a staged row's line is its ordinal plus the header plus the reader-rejected lines before it).
 * A valid quoted field spanning lines would shift this count; exports here have none.
 */
async function recordRejects(conn: DuckDBConnection, spec: SourceSpec, fileId: number, ord: string): Promise<{ rejected: number; readerLines: number }> {
  const header = spec.format === 'csv' || spec.format === 'tsv' ? (spec.header === false ? 0 : 1) : 0;
  const priority = `CASE error_type ${READER_REASONS.map(([t], i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE 99 END`;
  const code = `CASE error_type ${READER_REASONS.map(([t, c]) => `WHEN '${t}' THEN '${c}'`).join(' ')} ELSE 'unreadable' END`;
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    SELECT ${fileId}, line, arg_min(${code}, ${priority}), string_agg(DISTINCT error_message, '; '),
      arg_min(column_name, ${priority}), first(csv_line)
    FROM ${READER_REJECTS} GROUP BY line`);
  const readerLines = toNumber((await conn.runAndReadAll(`SELECT count(DISTINCT line) FROM ${READER_REJECTS}`)).getRows()[0]?.[0]);
  const lineOf = (o: string): string => `${header} + ${o} + 1 + (SELECT count(*) FROM r WHERE r.before <= ${o})`;
  const linesBefore = `r AS (SELECT line - ${header} - row_number() OVER (ORDER BY line) AS before FROM (SELECT DISTINCT line FROM ${READER_REJECTS}))`;
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    WITH ${linesBefore}, b AS (SELECT ${ord} AS o, n.__problem AS p, n.__raw AS raw FROM ${STAGE} n WHERE n.__problem IS NOT NULL)
    SELECT ${fileId}, ${lineOf('b.o')}, b.p.code, b.p.message, b.p.col, b.raw FROM b`);
  const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ingest_rejects WHERE file_id = ${fileId}`)).getRows();
  return { rejected: toNumber(rows[0]?.[0]), readerLines };
}
