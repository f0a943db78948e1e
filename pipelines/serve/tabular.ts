/**
 * One description of a table's columns, from which the API derives its JSON schema, its CSV header
 * and its Arrow types, so the three formats cannot drift apart. Encoders here are pure: rows in,
 * bytes out.
 */
import { csvField } from '../forecast/series-io.ts';
import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';

export type ColumnType = 'string' | 'number' | 'integer' | 'boolean';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable?: boolean;
  readonly description?: string;
}

export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

/** RFC 4180 (the project's one field quoter); an empty string is quoted, so that it reads back apart from a null. */
function cell(v: Value | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return s === '' ? '""' : csvField(s);
}

export function toCsv(columns: readonly Column[], rows: readonly Row[]): string {
  const out = [columns.map((c) => cell(c.name)).join(',')];
  for (const r of rows) out.push(columns.map((c) => cell(r[c.name])).join(','));
  return `${out.join('\r\n')}\r\n`;
}

/** Parses what `toCsv` writes, typed by the columns (used by clients' tests and notebooks). */
export function fromCsv(columns: readonly Column[], text: string): Row[] {
  const records: { text: string; quoted: boolean }[][] = [];
  let field = '';
  let quotedField = false;
  let record: { text: string; quoted: boolean }[] = [];
  let inQuotes = false;
  const endField = (): void => { record.push({ text: field, quoted: quotedField }); field = ''; quotedField = false; };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') inQuotes = false; else field += ch;
    } else if (ch === '"') { inQuotes = true; quotedField = true; } else if (ch === ',') endField();
    else if (ch === '\n') { endField(); records.push(record); record = []; } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || record.length > 0) { endField(); records.push(record); }
  return records.slice(1).map((cells) => Object.fromEntries(columns.map((c, i) => [c.name, parseCell(c, cells[i] ?? { text: '', quoted: false })])));
}

function parseCell(c: Column, cell: { text: string; quoted: boolean }): Value {
  if (cell.text === '' && !cell.quoted) return null;
  if (c.type === 'number' || c.type === 'integer') return Number(cell.text);
  if (c.type === 'boolean') return cell.text === 'true';
  return cell.text;
}

const arrowType = (t: ColumnType): DataType => (t === 'string' ? new Utf8() : t === 'integer' ? new Int32() : t === 'boolean' ? new Bool() : new Float64());

/** An Arrow IPC stream (`application/vnd.apache.arrow.stream`) of the rows. */
export function toArrow(columns: readonly Column[], rows: readonly Row[]): Uint8Array {
  const vectors = Object.fromEntries(columns.map((c) => [c.name, vectorFromArray(rows.map((r) => r[c.name] ?? null), arrowType(c.type))]));
  return tableToIPC(new Table(vectors), 'stream');
}
