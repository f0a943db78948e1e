/**
 * Inserts plain rows into a table in batches of literal VALUES. For derived tables of a few
 * thousand rows with mixed types (strings, numbers, NULLs, booleans), where an appender would
 * need a typed call per column and the rows are already in JS.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { ident, literal } from './sql.ts';

export type Cell = string | number | boolean | null;

function sqlValue(v: Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'NULL';
    return String(v);
  }
  return literal(v);
}

export async function insertRows(conn: DuckDBConnection, table: string, columns: readonly string[], rows: readonly (readonly Cell[])[]): Promise<void> {
  const head = `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => {
      if (r.length !== columns.length) throw new CodedError('INTERNAL', `row of ${r.length} values for ${columns.length} columns of ${table}`);
      return `(${r.map(sqlValue).join(', ')})`;
    });
    await conn.run(head + chunk.join(', '));
  }
}
