import type { Command } from 'commander';
import { Warehouse, DEFAULT_WAREHOUSE } from '../../jobs/warehouse.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { didYouMean } from '../../pipelines/text/near-miss.ts';
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
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CodedError('BAD_ARGUMENT', `--limit must be a positive integer, got '${opts.limit}'`);
      if (!['table', 'csv', 'json'].includes(opts.format)) throw new CodedError('BAD_ARGUMENT', `--format must be table, csv or json, got '${opts.format}'`);
      const wh = await Warehouse.open(opts.warehouse);
      try {
        if (opts.reason !== undefined) {
          // An empty table for a misspelt reason would read as "no such rows": say what exists instead.
          const present = (await wh.connection.runAndReadAll('SELECT DISTINCT reason_code FROM ingest_rejects ORDER BY 1')).getRows().map((r) => String(r[0]));
          if (!present.includes(opts.reason)) {
            throw new CodedError('NOT_FOUND', `no rejected row has reason '${opts.reason}'${didYouMean(opts.reason, present)}; reasons present: ${present.length > 0 ? present.join(', ') : 'none (nothing was rejected)'}`);
          }
        }
        const where = [
          opts.file ? `f.name LIKE ${literal(`%${opts.file}%`)}` : 'true',
          opts.reason ? `r.reason_code = ${literal(opts.reason)}` : 'true',
        ].join(' AND ');
        const sql = opts.summary
          ? `SELECT f.name AS file, r.reason_code AS reason, count(*)::INTEGER AS rows FROM ingest_rejects r JOIN ingest_files f USING (file_id)
             WHERE ${where} GROUP BY ALL ORDER BY file, rows DESC`
          : `SELECT f.name AS file, r.line_no::BIGINT::VARCHAR AS line, r.reason_code AS reason, r.reason AS detail, coalesce(r.raw, '') AS raw
             FROM ingest_rejects r JOIN ingest_files f USING (file_id) WHERE ${where} ORDER BY f.file_id, r.line_no LIMIT ${limit}`;
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
