import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE } from '../../jobs/warehouse.ts';
import { openForReading } from '../cli/read-source.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { resolveRunId } from '../../pipelines/forecast-stage/runs.ts';
import { demandFanData } from '../../pipelines/charts/warehouse-data.ts';
import { resolveKey } from '../../pipelines/lookup/catalogue.ts';
import { checkPlotPath, writePlot } from '../cli/plot.ts';
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
  plot?: string;
  sku?: string;
}

const FIELDS = [
  'sku', 'name_zh', 'name_en', 'pack_size', 'cash_budget', 'on_hand', 'on_order', 'order_up_to', 'quantity', 'days_of_cover', 'stockout_probability',
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
    .option('--lang <lang>', 'language of the table (headers, product names, reasons): zh | en', 'zh')
    .option('--orders-only', 'only lines with something to order')
    .option('--plot <file>', "also draw one line's demand, forecast bands, stock and order-up-to level to FILE.svg or FILE.png")
    .option('--sku <sku>', 'the line --plot draws (default: the first line to order)')
    .action(async (flags: Flags) => {
      checkPlotPath(flags.plot);
      if (!['table', 'csv', 'json'].includes(flags.format)) throw new CodedError('BAD_ARGUMENT', `--format must be table, csv or json, got '${flags.format}'`);
      if (flags.lang !== 'zh' && flags.lang !== 'en') throw new CodedError('BAD_ARGUMENT', `--lang must be zh or en, got '${flags.lang}'`);
      const wh = await openForReading(flags.warehouse);
      try {
        const conn = wh.connection;
        const runId = await resolveRunId(conn, flags.run);
        const store = await resolveKey(conn, 'store', flags.store);
        const r = await conn.runAndReadAll(`SELECT s.sku, p.name_zh, p.name_en, p.pack_size, st.cash_budget::DOUBLE, s.on_hand, s.on_order, s.order_up_to, s.quantity, s.days_of_cover,
            s.stockout_probability, s.expected_fill_rate, s.cash_needed, s.margin_protected, s.budget_rank, s.within_budget, s.driver,
            s.reason_zh, s.reason_en
          FROM restock_suggestions s LEFT JOIN products p USING (sku) LEFT JOIN stores st ON st.store_id = s.store_id
          WHERE s.run_id = ${literal(runId)} AND s.store_id = ${literal(store)} ${flags.ordersOnly ? 'AND s.quantity > 0' : ''}
          ORDER BY s.budget_rank NULLS LAST, (s.quantity > 0) DESC, s.stockout_probability DESC, s.sku`);
        const rows: Row[] = r.getRows().map((v) => Object.fromEntries(FIELDS.map((f, i) => [f, toPlain(v[i])])) as Row);
        process.stderr.write(`restock: store ${store}, run ${runId}, ${rows.length} lines\n`);
        if (flags.plot !== undefined) {
          const sku = flags.sku === undefined ? undefined : await resolveKey(conn, 'sku', flags.sku);
          const line = rows.find((x) => (sku === undefined ? Number(x.quantity) > 0 : x.sku === sku)) ?? rows[0];
          if (line === undefined) throw new CodedError('NOT_FOUND', `store ${store} has no line${sku ? ` for ${sku}` : ''} to draw`);
          const data = await demandFanData(conn, { runId, level: 'store', node: store, sku: String(line.sku) });
          const en = flags.lang === 'en';
          await writePlot(flags.plot, (charts) => charts.demandFanSvg({ ...data, lang: en ? 'en' : 'zh', onHand: Number(line.on_hand), orderUpTo: Number(line.order_up_to),
            title: String((en ? line.name_en : line.name_zh) ?? line.sku) }));
        }
        if (flags.format === 'json') {
          process.stdout.write(`${JSON.stringify({ runId, store, suggestions: rows }, null, 2)}\n`);
          return;
        }
        if (flags.format === 'csv') {
          process.stdout.write(renderCsv([...FIELDS], rows.map((x) => FIELDS.map((f) => (x[f] === null ? '' : String(x[f]))))));
          return;
        }
        const en = flags.lang === 'en';
        // Every header in the chosen language; pack size and the cash budget explain the quantities.
        const columns: TableColumn[] = [
          { title: 'SKU' }, { title: en ? 'Product' : '商品' }, { title: en ? 'On hand' : '在库', align: 'right' },
          { title: en ? 'On order' : '在途', align: 'right' }, { title: en ? 'Up to' : '补到', align: 'right' },
          { title: en ? 'Order' : '建议订', align: 'right' }, { title: en ? 'Packs' : '箱数', align: 'right' },
          { title: en ? 'Days of cover' : '可卖天数', align: 'right' }, { title: en ? 'Stock-out risk' : '断货概率', align: 'right' },
          { title: en ? 'Cash ¥' : '金额¥', align: 'right' }, { title: en ? 'Budget rank' : '预算排名', align: 'right' },
          { title: en ? 'Reason' : '原因' },
        ];
        process.stdout.write(renderTable(columns, rows.map((x) => [
          String(x.sku), String((en ? x.name_en : x.name_zh) ?? x.name_zh ?? ''), fmt(x.on_hand), fmt(x.on_order), fmt(x.order_up_to), fmt(x.quantity),
          x.pack_size === null || Number(x.pack_size) <= 1 ? '' : `${fmt(Number(x.quantity) / Number(x.pack_size))} x ${fmt(x.pack_size)}`,
          fmt(x.days_of_cover, 1), x.stockout_probability === null ? '' : `${fmt(Number(x.stockout_probability) * 100)}%`,
          fmt(x.cash_needed, 2), x.budget_rank === null ? '' : `${fmt(x.budget_rank)}${x.within_budget === false ? '*' : ''}`,
          String(en ? x.reason_en : x.reason_zh),
        ])));
        const budget = rows[0]?.cash_budget;
        const spend = rows.reduce((a, x) => a + (x.within_budget === false ? 0 : Number(x.cash_needed ?? 0)), 0);
        // A snapshot leaves the private budget out: say so rather than "no budget set".
        const noBudget = wh.snapshotRun !== null
          ? (en ? 'the cash budget is not in the published snapshot' : '发布的快照不含资金预算')
          : (en ? 'no cash budget set for this store' : '本店未设资金预算');
        process.stdout.write(budget === null || budget === undefined
          ? (en ? `Order total ¥${spend.toFixed(2)}; ${noBudget}.\n` : `订货合计 ¥${spend.toFixed(2)}；${noBudget}。\n`)
          : (en ? `Order total ¥${spend.toFixed(2)} of a cash budget of ¥${fmt(budget, 2)}; * = over budget, left out.\n`
            : `订货合计 ¥${spend.toFixed(2)}，资金预算 ¥${fmt(budget, 2)}；* = 超出预算，未订。\n`));
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
