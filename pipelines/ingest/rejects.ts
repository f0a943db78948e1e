import type { DuckDBConnection } from '@duckdb/node-api';
import { toNumber } from '../warehouse/sql.ts';
import type { SourceSpec } from './sources.ts';
import { READER_REJECTS } from './sources.ts';

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

/** The temp table of rows our checks rejected: ord (0-based among rows the reader emitted), p (the problem), raw. */
export const BAD = 'ingest_bad';

/**
 * Writes a file's rejected records with their physical line: the reader's own (it knows the line)
 * and ours (an emitted row's line is its ordinal plus the header plus the reader-rejected lines
 * before it). A valid quoted field spanning lines would shift this count; exports here have none.
 * Returns how many records were rejected and how many of those the reader rejected.
 */
export async function recordRejects(conn: DuckDBConnection, spec: SourceSpec, fileId: number): Promise<{ rejected: number; readerLines: number }> {
  const header = spec.format === 'csv' || spec.format === 'tsv' ? (spec.header === false ? 0 : 1) : 0;
  const priority = `CASE error_type ${READER_REASONS.map(([t], i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE 99 END`;
  const code = `CASE error_type ${READER_REASONS.map(([t, c]) => `WHEN '${t}' THEN '${c}'`).join(' ')} ELSE 'unreadable' END`;
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    SELECT ${fileId}, line, arg_min(${code}, ${priority}), string_agg(DISTINCT error_message, '; '),
      arg_min(column_name, ${priority}), first(csv_line)
    FROM ${READER_REJECTS} GROUP BY line`);
  const readerLines = toNumber((await conn.runAndReadAll(`SELECT count(DISTINCT line) FROM ${READER_REJECTS}`)).getRows()[0]?.[0]);
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    WITH r AS (SELECT line - ${header} - row_number() OVER (ORDER BY line) AS before FROM (SELECT DISTINCT line FROM ${READER_REJECTS}))
    SELECT ${fileId}, ${header} + b.ord + 1 + (SELECT count(*) FROM r WHERE r.before <= b.ord), b.p.code, b.p.message, b.p.col, b.raw
    FROM ${BAD} b`);
  const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ingest_rejects WHERE file_id = ${fileId}`)).getRows();
  return { rejected: toNumber(rows[0]?.[0]), readerLines };
}
