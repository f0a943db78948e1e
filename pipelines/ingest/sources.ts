import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { splitCsvLine } from '../text/csv-line.ts';
import { literal, ident } from '../warehouse/sql.ts';
import type { ColumnType, FileFormat } from './layouts.ts';

/** A column as the reader hands it over: its name in the staged table and the type it was read as. */
export interface SourceColumn {
  readonly name: string;
  /** 'text' for anything read as VARCHAR (and so still to be converted and checked). */
  readonly readAs: ColumnType;
  /** A trailing column a file may leave out (see ColumnSpec.optional); absent, it reads as NULL. */
  readonly optional?: boolean;
}

export interface SourceSpec {
  readonly path: string;
  readonly format: FileFormat;
  readonly gzip: boolean;
  /** Declared columns in file order; CSV/TSV must carry exactly these in its header. */
  readonly columns: readonly SourceColumn[];
  /** CSV/TSV only; default ',' for csv and tab for tsv. */
  readonly delimiter?: string;
  readonly header?: boolean;
  /** CSV/TSV/JSONL text encoding; default utf-8. */
  readonly encoding?: Encoding;
}

/** Encodings the reader decodes (DuckDB's `encoding`; Node's for the header and reject lines). */
export type Encoding = 'utf-8' | 'latin-1';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'latin-1'];

export const READER_REJECTS = 'ingest_reader_rejects';
const READER_SCANS = 'ingest_reader_scans';
/** JSON Lines are read one physical line per row through the CSV reader with this unused delimiter. */
const JSONL_COLUMN = '__line';

export interface StagedColumn {
  /** SQL over the reader's row yielding the column. */
  readonly expr: string;
  /** What the expression already is: 'text' still needs converting to the column's type. */
  readonly readAs: ColumnType;
}

/** The reader for one file: a FROM clause and how to get each declared column out of its rows. */
export interface PreparedSource {
  readonly from: string;
  readonly columns: Map<string, StagedColumn>;
  /** The declared columns this file carries (an optional trailing column may be absent). */
  readonly present: readonly SourceColumn[];
}

/**
 * Builds the reader for a file. Structural faults (column count, quoting, encoding) land in
 * `ingest_reader_rejects` with their line when the reader runs. Every CSV/TSV/JSONL column is read
 * as text and converted by our own rules; Parquet keeps the types it carries where they are ours.
 * `withOrdinality` numbers rows in file order (needed when a mapping uses window functions).
 */
export async function prepareSource(conn: DuckDBConnection, spec: SourceSpec, withOrdinality = false): Promise<PreparedSource> {
  await conn.run(`DROP TABLE IF EXISTS ${READER_REJECTS}`);
  await conn.run(`DROP TABLE IF EXISTS ${READER_SCANS}`);
  const columns = new Map<string, StagedColumn>();
  const compression = spec.gzip ? 'gzip' : 'none';
  const rejects = `store_rejects = true, rejects_table = '${READER_REJECTS}', rejects_scan = '${READER_SCANS}'`;
  const ord = withOrdinality ? ' WITH ORDINALITY' : '';
  const encoding = spec.encoding && spec.encoding !== 'utf-8' ? `, encoding = ${literal(spec.encoding)}` : '';
  if (spec.format === 'csv' || spec.format === 'tsv') {
    const delim = spec.delimiter ?? (spec.format === 'tsv' ? '\t' : ',');
    const present = spec.header !== false ? await checkHeader(spec, delim) : spec.columns;
    const cols = present.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ');
    for (const c of present) columns.set(c.name, { expr: ident(c.name), readAs: 'text' });
    return {
      present,
      from: `read_csv(${literal(spec.path)}, header = ${spec.header !== false}, auto_detect = false, delim = ${literal(delim)},
        quote = '"', escape = '"', columns = {${cols}}, compression = '${compression}'${encoding}, ${rejects})${ord}`,
      columns,
    };
  }
  if (spec.format === 'jsonl') {
    for (const c of spec.columns) {
      columns.set(c.name, { expr: `json_extract_string(__json, ${literal(`$."${c.name}"`)})`, readAs: 'text' });
    }
    // Each line is parsed once, and only when it is valid JSON: extracting from a malformed line
    // raises for the whole file, before any rule could name that one line as bad.
    return {
      present: spec.columns,
      from: `(SELECT *, CASE WHEN json_valid(${JSONL_COLUMN}) THEN CAST(${JSONL_COLUMN} AS JSON) END AS __json
        FROM read_csv(${literal(spec.path)}, header = false, auto_detect = false, delim = chr(31), quote = '', escape = '',
        new_line = '\\n', columns = {'${JSONL_COLUMN}': 'VARCHAR'}, compression = '${compression}'${encoding}, ${rejects})${ord})`,
      columns,
    };
  }
  await conn.run(`CREATE TEMP TABLE ${READER_REJECTS} (line BIGINT, error_type VARCHAR, column_name VARCHAR, csv_line VARCHAR, error_message VARCHAR)`);
  const from = `read_parquet(${literal(spec.path)})${ord}`;
  let described: [string, string][];
  try {
    described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRows().map((r) => [String(r[0]), String(r[1])]);
  } catch (err) {
    throw new CodedError('BAD_INPUT_FILE', `${spec.path}: not a readable Parquet file`, { cause: err });
  }
  const present = new Map(described);
  const missing = spec.columns.filter((c) => !present.has(c.name) && !c.optional).map((c) => c.name);
  if (missing.length > 0) {
    throw new CodedError('BAD_INPUT_FILE', `${spec.path}: Parquet file lacks column(s) ${missing.join(', ')}`);
  }
  const carried = spec.columns.filter((c) => present.has(c.name));
  for (const c of carried) columns.set(c.name, parquetColumn(c.name, present.get(c.name) ?? 'VARCHAR'));
  return { from, columns, present: carried };
}

/** Parquet carries types: use them where they already are ours, else convert through text. */
function parquetColumn(name: string, type: string): StagedColumn {
  const col = ident(name);
  if (type === 'VARCHAR') return { expr: col, readAs: 'text' };
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/.test(type)) return { expr: col, readAs: 'integer' };
  if (/^(DOUBLE|FLOAT|DECIMAL)/.test(type)) return { expr: `CAST(${col} AS DOUBLE)`, readAs: 'number' };
  if (type === 'BOOLEAN') return { expr: col, readAs: 'boolean' };
  if (type === 'DATE') return { expr: col, readAs: 'date' };
  // A naive Parquet timestamp means Shanghai local time, like every timestamp without an offset.
  if (type === 'TIMESTAMP' || type.startsWith('TIMESTAMP_')) return { expr: `timezone('Asia/Shanghai', CAST(${col} AS TIMESTAMP))`, readAs: 'timestamp' };
  if (type === 'TIMESTAMP WITH TIME ZONE') return { expr: col, readAs: 'timestamp' };
  return { expr: `CAST(${col} AS VARCHAR)`, readAs: 'text' };
}

/** A record is bad JSON when the line is not a JSON object (checked before any field). */
export function jsonlValidity(format: FileFormat): string | undefined {
  return format === 'jsonl' ? `coalesce(json_type(__json) <> 'OBJECT', true)` : undefined;
}

/** The row as it came in, for the rejects table: the line for JSON Lines, the fields otherwise. */
export function rawExpression(spec: SourceSpec, source: PreparedSource, alias: string): string {
  if (spec.format === 'jsonl') return `${alias}.${JSONL_COLUMN}`;
  const delim = spec.delimiter ?? (spec.format === 'tsv' ? '\t' : ',');
  const parts = source.present.map((c) => `coalesce(CAST(${alias}.${ident(c.name)} AS VARCHAR), '')`);
  return `concat_ws(${literal(delim)}, ${parts.join(', ')})`;
}

/**
 * Header names are declared, never guessed: a file whose header differs is refused whole. It may
 * stop before trailing optional columns; returns the columns it carries.
 */
async function checkHeader(spec: SourceSpec, delim: string): Promise<readonly SourceColumn[]> {
  const first = await readFirstLine(spec.path, spec.gzip, spec.encoding);
  const found = splitHeader(first.replace(/^\uFEFF/, ''), delim);
  const expected = spec.columns.map((c) => c.name);
  const leftOut = spec.columns.slice(found.length);
  const same = found.length <= expected.length && found.every((f, i) => f === expected[i]) && leftOut.every((c) => c.optional === true);
  if (same) return spec.columns.slice(0, found.length);
  const optional = spec.columns.filter((c) => c.optional === true).map((c) => c.name);
  throw new CodedError(
    'BAD_INPUT_FILE',
    `${spec.path}: header does not match the declared layout.\n  expected: ${expected.join(delim)}\n  found:    ${found.join(delim)}\n` +
      (optional.length > 0 ? `  (${optional.join(', ')} may be left out at the end)\n` : '') +
      '  (for a foreign export, pass a mapping file with --mapping)',
  );
}

function splitHeader(line: string, delim: string): string[] {
  return splitCsvLine(line.replace(/\r$/, ''), delim).map((s) => s.trim());
}

async function readFirstLine(path: string, gzip: boolean, encoding?: Encoding): Promise<string> {
  const raw = createReadStream(path);
  const input = gzip ? raw.pipe(createGunzip()) : raw;
  input.setEncoding(nodeEncoding(encoding));
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) return line;
    return '';
  } catch (err) {
    throw new CodedError('BAD_INPUT_FILE', `${path}: cannot be read (${gzip ? 'not gzip?' : 'I/O error'})`, { cause: err });
  } finally {
    rl.close();
    raw.destroy();
  }
}

/** Node's name for a file encoding. */
export const nodeEncoding = (encoding: Encoding | undefined): BufferEncoding => (encoding === 'latin-1' ? 'latin1' : 'utf8');
