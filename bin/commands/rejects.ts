import type { Command } from 'commander';
import { Warehouse, DEFAULT_WAREHOUSE } from '../../jobs/warehouse.ts';
import { literal } from '../../pipelines/warehouse/sql.ts';
import { renderCsv, renderTable, fmtInt } from '../cli/table.ts';

export function register(program: Command): void {
  program
    .command('rejects')
    .description('List rejected input rows with file, line, reason and the raw text, or count them by reason.')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--file <name>', 'only rows of files whose name contains this')
    .option('--reason <code>', 'only this reason code (e.g. unknown_sku, bad_timestamp)')
    .option('--summary', 'count by file and reason instead of listing rows')
    .option('--limit <n>', 'at most this many rows', '100')
    .option('--format <fmt>', 'table | csv | json', 'table')
    .action(async (opts: { warehouse: string; file?: string; reason?: string; summary?: boolean; limit: string; format: string }) => {
      const wh = await Warehouse.open(opts.warehouse);
      try {
        const where = [
          opts.file ? `f.name LIKE ${literal(`%${opts.file}%`)}` : 'true',
          opts.reason ? `r.reason_code = ${literal(opts.reason)}` : 'true',
        ].join(' AND ');
        const sql = opts.summary
          ? `SELECT f.name AS file, r.reason_code AS reason, count(*)::INTEGER AS rows FROM ingest_rejects r JOIN ingest_files f USING (file_id)
             WHERE ${where} GROUP BY ALL ORDER BY file, rows DESC`
          : `SELECT f.name AS file, r.line_no::BIGINT::VARCHAR AS line, r.reason_code AS reason, r.reason AS detail, coalesce(r.raw, '') AS raw
             FROM ingest_rejects r JOIN ingest_files f USING (file_id) WHERE ${where} ORDER BY f.file_id, r.line_no LIMIT ${Math.max(1, Number(opts.limit) || 100)}`;
        const reader = await wh.connection.runAndReadAll(sql);
        const header = reader.columnNames();
        const rows = reader.getRows().map((r) => r.map((v) => (typeof v === 'number' ? fmtInt(v) : String(v ?? '')).replace(/[\r\n]+/g, '⏎')));
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(reader.getRowObjectsJson(), null, 2)}\n`);
        else if (opts.format === 'csv') process.stdout.write(renderCsv(header, rows));
        else process.stdout.write(renderTable(header.map((t) => ({ title: t })), rows.map((r) => r.map((c) => (c.length > 80 ? `${c.slice(0, 77)}...` : c)))));
      } finally {
        await wh.close();
      }
    });
}
