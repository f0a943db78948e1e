/**
 * Parquet output through an in-memory DuckDB (there is no JS Parquet writer in the project): the
 * sink stages CSV, and this turns it into a typed Parquet file. One thread keeps row groups, and
 * therefore bytes, identical run to run.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec, ColumnType } from '../ingest/layouts.ts';

const SQL_TYPE: Readonly<Record<ColumnType, string>> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  boolean: 'BOOLEAN',
};

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export class ParquetConverter {
  private conn: Promise<DuckDBConnection> | undefined;

  private connection(): Promise<DuckDBConnection> {
    this.conn ??= DuckDBInstance.create(':memory:', { threads: '1' }).then((db) => db.connect());
    return this.conn;
  }

  async convert(stagedCsv: string, finalPath: string, columns: readonly ColumnSpec[]): Promise<void> {
    const conn = await this.connection();
    const cols = columns.map((c) => `${quote(c.name)}: ${quote(SQL_TYPE[c.type])}`).join(', ');
    await conn.run(
      `COPY (SELECT * FROM read_csv(${quote(stagedCsv)}, header = true, auto_detect = false, delim = ',', ` +
        `quote = '"', escape = '"', columns = {${cols}})) TO ${quote(finalPath)} (FORMAT parquet)`,
    );
  }

  close(): void {
    void this.conn?.then((c) => c.closeSync());
    this.conn = undefined;
  }
}
