import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE } from '../../jobs/warehouse.ts';
import { openForReading } from '../cli/read-source.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { listCatalogue, type Listing } from '../../pipelines/lookup/catalogue.ts';
import { EXIT, reportOutcome } from '../cli/outcome.ts';
import { renderCsv, renderTable } from '../cli/table.ts';

const WHAT: Readonly<Record<Listing, string>> = {
  stores: 'List stores (id, name, village, county, restock policy), to find the id `restock --store` takes',
  villages: 'List villages (id, names, town, county, stores), to find the id `forecast --village` and `produce --region` take',
  products: 'List products (SKU, names, category, pack size, price)',
  categories: 'List product categories (what `forecast --category` takes: the full label, its Chinese or its English part)',
};

/** `rural-demand stores|villages|products|categories [--search TEXT]`: the ids other commands take. */
export function register(program: Command): void {
  for (const what of Object.keys(WHAT) as Listing[]) {
    program
      .command(what)
      .description(WHAT[what])
      .option('--search <text>', 'only rows whose id or a name contains this (any case; Chinese, pinyin or English)')
      .option('--limit <n>', 'at most this many rows', '1000')
      .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
      .option('--format <fmt>', 'table | csv | json', 'table')
      .action(async (flags: { search?: string; limit: string; warehouse: string; format: string }) => {
        const limit = Number(flags.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new CodedError('BAD_ARGUMENT', `--limit must be a positive integer, got '${flags.limit}'`);
        if (!['table', 'csv', 'json'].includes(flags.format)) throw new CodedError('BAD_ARGUMENT', `--format must be table, csv or json, got '${flags.format}'`);
        const wh = await openForReading(flags.warehouse);
        try {
          const r = await listCatalogue(wh.connection, what, { ...(flags.search === undefined ? {} : { search: flags.search }), limit });
          if (r.rows.length === 0) reportOutcome(EXIT.NOT_FOUND);
          if (flags.format === 'json') {
            process.stdout.write(`${JSON.stringify(r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]]))), null, 2)}\n`);
          } else {
            const text = r.rows.map((row) => row.map((v) => (v === null ? '' : String(v))));
            process.stdout.write(flags.format === 'csv' ? renderCsv([...r.columns], text) : renderTable(r.columns.map((title) => ({ title })), text));
          }
          process.stderr.write(`${r.rows.length} ${what}${flags.search ? ` matching '${flags.search}'` : ''}\n`);
        } finally {
          await wh.close();
        }
      });
  }
}
