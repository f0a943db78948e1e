/** One way to print a list of plain rows as a table, CSV or JSON, for the read commands. */
import { CodedError } from '../../pipelines/errors.ts';
import { renderCsv, renderTable, type Align } from './table.ts';

export type Plain = string | number | boolean | null;
export type Row = Record<string, Plain>;

export interface OutputColumn {
  readonly key: string;
  readonly title: string;
  readonly align?: Align;
  readonly digits?: number;
}

export function checkFormat(format: string): 'table' | 'csv' | 'json' {
  if (format === 'table' || format === 'csv' || format === 'json') return format;
  throw new CodedError('BAD_ARGUMENT', `--format must be table, csv or json, got '${format}'`);
}

const show = (v: Plain, digits?: number): string => {
  if (v === null) return '';
  if (typeof v === 'number') return digits === undefined ? String(v) : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return String(v);
};

/** CSV and JSON carry every key of the rows; the table only `columns`. */
export function printRows(format: 'table' | 'csv' | 'json', rows: readonly Row[], columns: readonly OutputColumn[], meta: Record<string, Plain> = {}): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
    return;
  }
  if (format === 'csv') {
    const keys = rows[0] === undefined ? columns.map((c) => c.key) : Object.keys(rows[0]);
    process.stdout.write(renderCsv(keys, rows.map((r) => keys.map((k) => (r[k] === null || r[k] === undefined ? '' : String(r[k]))))));
    return;
  }
  process.stdout.write(renderTable(columns.map((c) => ({ title: c.title, align: c.align ?? 'left' })),
    rows.map((r) => columns.map((c) => show(r[c.key] ?? null, c.digits)))));
}

export function toPlain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  const n = Number(String(v));
  return /^-?\d+(\.\d+)?$/.test(String(v)) && Number.isFinite(n) ? n : String(v);
}
