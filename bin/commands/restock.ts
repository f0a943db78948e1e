import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { resolveRunId } from '../../pipelines/forecast-stage/runs.ts';
import { literal } from '../../pipelines/warehouse/sql.ts';
import { renderCsv, renderTable } from '../cli/table.ts';
import type { TableColumn } from '../cli/table.ts';

interface Flags {
  store: string;
  run?: string;
  warehouse: string;
  format: string;
  lang: string;
  ordersOnly?: boolean;
}

const FIELDS = [
  'sku', 'name_zh', 'name_en', 'on_hand', 'on_order', 'order_up_to', 'quantity', 'days_of_cover', 'stockout_probability',
  'expected_fill_rate', 'cash_needed', 'margin_protected', 'budget_rank', 'within_budget', 'driver', 'reason_zh', 'reason_en',
] as const;

type Row = Record<(typeof FIELDS)[number], string | number | boolean | null>;

function fmt(v: unknown, digits = 0): string {
  if (v === null || v === undefined) return '';
  const n = Number(v);
  return Number.isFinite(n) ? n.toFixed(digits) : '';
}

/** `rural-demand restock --store ID`: one store's suggestions from a forecast run. */
export function register(program: Command): void {
  program
    .command('restock')
    .description("Print a store's restock suggestions (latest run unless --run)")
    .requiredOption('--store <id>', 'store id')
    .option('--run <id>', 'forecast run id (default: latest finished run)')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--format <fmt>', 'table | csv | json', 'table')
    .option('--lang <lang>', 'reason language in the table: zh | en', 'zh')
    .option('--orders-only', 'only lines with something to order')
    .action(async (flags: Flags) => {
      if (!['table', 'csv', 'json'].includes(flags.format)) throw new CodedError('BAD_ARGUMENT', `--format must be table, csv or json, got '${flags.format}'`);
      if (flags.lang !== 'zh' && flags.lang !== 'en') throw new CodedError('BAD_ARGUMENT', `--lang must be zh or en, got '${flags.lang}'`);
      const wh = await Warehouse.open(flags.warehouse);
      try {
        const conn = wh.connection;
        const runId = await resolveRunId(conn, flags.run);
        const known = (await conn.runAndReadAll(`SELECT count(*) FROM stores WHERE store_id = ${literal(flags.store)}`)).getRows()[0]?.[0];
        if (Number(known) === 0) throw new CodedError('NOT_FOUND', `store ${flags.store} not found`);
        const r = await conn.runAndReadAll(`SELECT s.sku, p.name_zh, p.name_en, s.on_hand, s.on_order, s.order_up_to, s.quantity, s.days_of_cover,
            s.stockout_probability, s.expected_fill_rate, s.cash_needed, s.margin_protected, s.budget_rank, s.within_budget, s.driver,
            s.reason_zh, s.reason_en
          FROM restock_suggestions s LEFT JOIN products p USING (sku)
          WHERE s.run_id = ${literal(runId)} AND s.store_id = ${literal(flags.store)} ${flags.ordersOnly ? 'AND s.quantity > 0' : ''}
          ORDER BY s.budget_rank NULLS LAST, (s.quantity > 0) DESC, s.stockout_probability DESC, s.sku`);
        const rows: Row[] = r.getRows().map((v) => Object.fromEntries(FIELDS.map((f, i) => [f, toPlain(v[i])])) as Row);
        process.stderr.write(`restock: store ${flags.store}, run ${runId}, ${rows.length} lines\n`);
        if (flags.format === 'json') {
          process.stdout.write(`${JSON.stringify({ runId, store: flags.store, suggestions: rows }, null, 2)}\n`);
          return;
        }
        if (flags.format === 'csv') {
          process.stdout.write(renderCsv([...FIELDS], rows.map((x) => FIELDS.map((f) => (x[f] === null ? '' : String(x[f]))))));
          return;
        }
        const columns: TableColumn[] = [
          { title: 'SKU' }, { title: '商品' }, { title: '在库', align: 'right' }, { title: '在途', align: 'right' },
          { title: '补到', align: 'right' }, { title: '建议订', align: 'right' }, { title: '可卖天数', align: 'right' },
          { title: '断货概率', align: 'right' }, { title: '金额¥', align: 'right' }, { title: '预算排名', align: 'right' },
          { title: flags.lang === 'zh' ? '原因' : 'Reason' },
        ];
        process.stdout.write(renderTable(columns, rows.map((x) => [
          String(x.sku), String(x.name_zh ?? ''), fmt(x.on_hand), fmt(x.on_order), fmt(x.order_up_to), fmt(x.quantity),
          fmt(x.days_of_cover, 1), x.stockout_probability === null ? '' : `${fmt(Number(x.stockout_probability) * 100)}%`,
          fmt(x.cash_needed, 2), x.budget_rank === null ? '' : `${fmt(x.budget_rank)}${x.within_budget === false ? '*' : ''}`,
          String(flags.lang === 'zh' ? x.reason_zh : x.reason_en),
        ])));
      } finally {
        await wh.close();
      }
    });
}

function toPlain(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}
