import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { splitCsvLine } from '../text/csv-line.ts';
import { literal, toNumber } from '../warehouse/sql.ts';
import type { SourceSpec } from './sources.ts';
import { READER_REJECTS, nodeEncoding } from './sources.ts';

/** Our rejects of one file before they are written: the line and the re-joined fields. */
const OURS = 'ingest_bad_lines';

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
export async function recordRejects(conn: DuckDBConnection, spec: SourceSpec, fileId: number, readerKeep?: string): Promise<{ rejected: number; readerLines: number }> {
  // `readerKeep`: a table of the lines whose reader rejects count. The loading pass reads only the
  // columns a mapping uses, the numbered pass every column, so bad bytes in an unused column reach
  // only the second reader: that line was loaded, and must not be counted as rejected too. The
  // second reader's rejects still place its rows on their lines.
  const kept = readerKeep === undefined ? '' : `WHERE line IN (SELECT line FROM ${readerKeep})`;
  const header = spec.format === 'csv' || spec.format === 'tsv' ? (spec.header === false ? 0 : 1) : 0;
  const priority = `CASE error_type ${READER_REASONS.map(([t], i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE 99 END`;
  const code = `CASE error_type ${READER_REASONS.map(([t, c]) => `WHEN '${t}' THEN '${c}'`).join(' ')} ELSE 'unreadable' END`;
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    SELECT ${fileId}, line, arg_min(${code}, ${priority}), string_agg(DISTINCT error_message, '; '),
      arg_min(column_name, ${priority}), first(csv_line)
    FROM ${READER_REJECTS} ${kept} GROUP BY line`);
  const readerLines = toNumber((await conn.runAndReadAll(`SELECT count(DISTINCT line) FROM ${READER_REJECTS} ${kept}`)).getRows()[0]?.[0]);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${OURS} AS
    WITH r AS (SELECT line - ${header} - row_number() OVER (ORDER BY line) AS before FROM (SELECT DISTINCT line FROM ${READER_REJECTS}))
    SELECT ${header} + b.ord + 1 + (SELECT count(*) FROM r WHERE r.before <= b.ord) AS line_no, b.p AS p, b.raw AS raw
    FROM ${BAD} b`);
  if (spec.format === 'csv' || spec.format === 'tsv') await restoreOriginalLines(conn, spec);
  await conn.run(`INSERT INTO ingest_rejects (file_id, line_no, reason_code, reason, column_name, raw)
    SELECT ${fileId}, line_no, p.code, p.message, p.col, raw FROM ${OURS}`);
  await conn.run(`DROP TABLE ${OURS}`);
  const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ingest_rejects WHERE file_id = ${fileId}`)).getRows();
  return { rejected: toNumber(rows[0]?.[0]), readerLines };
}

/**
 * Our checks see a row as fields, so their `raw` is the fields re-joined, quoting lost. The file's
 * own line is read back for each rejected row, and kept only where it splits into exactly those
 * fields: were a quoted field to span lines, the computed line would be off and the re-joined
 * fields stay (they are still the row, only not byte for byte).
 */
async function restoreOriginalLines(conn: DuckDBConnection, spec: SourceSpec): Promise<void> {
  const wanted = new Map<number, string>();
  for (const [line, raw] of (await conn.runAndReadAll(`SELECT line_no, raw FROM ${OURS}`)).getRows()) wanted.set(Number(line), String(raw ?? ''));
  if (wanted.size === 0) return;
  const delim = spec.delimiter ?? (spec.format === 'tsv' ? '\t' : ',');
  const found: [number, string][] = [];
  const raw = createReadStream(spec.path);
  const input = spec.gzip ? raw.pipe(createGunzip()) : raw;
  input.setEncoding(nodeEncoding(spec.encoding));
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let left = wanted.size;
  try {
    for await (const text of rl) {
      n += 1;
      const joined = wanted.get(n);
      if (joined === undefined) continue;
      if (splitCsvLine(text.replace(/^\uFEFF/, ''), delim).join(delim) === joined) found.push([n, text]);
      if (--left === 0) break;
    }
  } finally {
    rl.close();
    raw.destroy();
  }
  if (found.length === 0) return;
  // Lines gathered in a table first, then one UPDATE: an UPDATE per batch rescans every reject.
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${OURS}_text (line BIGINT, text VARCHAR)`);
  for (let i = 0; i < found.length; i += 1000) {
    const values = found.slice(i, i + 1000).map(([line, text]) => `(${line}, ${literal(text)})`).join(', ');
    await conn.run(`INSERT INTO ${OURS}_text VALUES ${values}`);
  }
  await conn.run(`UPDATE ${OURS} SET raw = v.text FROM ${OURS}_text v WHERE ${OURS}.line_no = v.line`);
  await conn.run(`DROP TABLE ${OURS}_text`);
}
