import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE } from '../../jobs/warehouse.ts';
import { openForReading } from '../cli/read-source.ts';
import { CodedError } from '../../pipelines/errors.ts';
import type { Level } from '../../pipelines/forecast-stage/geography.ts';
import { demandFanData } from '../../pipelines/charts/warehouse-data.ts';
import { resolveCategory, resolveKey } from '../../pipelines/lookup/catalogue.ts';
import { checkPlotPath, writePlot } from '../cli/plot.ts';
import { resolveRunId } from '../../pipelines/forecast-stage/runs.ts';
import { literal } from '../../pipelines/warehouse/sql.ts';
import { renderCsv, renderTable } from '../cli/table.ts';
import type { TableColumn } from '../cli/table.ts';

interface Flags {
  village?: string;
  store?: string;
  town?: string;
  county?: string;
  province?: string;
  sku?: string;
  category?: string;
  run?: string;
  days?: string;
  plot?: string;
  lang: string;
  warehouse: string;
  format: string;
}

const FIELDS = ['sku', 'name_zh', 'day', 'h', 'mean', 'q50', 'q80', 'q90', 'q95', 'q99', 'model'] as const;

/** `rural-demand forecast --village ID [--sku SKU | --category C]`: stored forecasts with quantiles. */
export function register(program: Command): void {
  program
    .command('forecast')
    .description('Print the forecast of one place (village by default; or store/town/county/province) with its quantiles')
    .option('--village <id>', 'village id')
    .option('--store <id>', 'store id')
    .option('--town <id>', 'town id')
    .option('--county <id>', 'county id')
    .option('--province <id>', 'province id')
    .option('--sku <sku>', 'one SKU')
    .option('--category <c>', 'every SKU of a product category')
    .option('--days <n>', 'days ahead to show (default: the whole horizon for one SKU, 7 otherwise)')
    .option('--run <id>', 'forecast run id (default: latest finished run)')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--format <fmt>', 'table | csv | json', 'table')
    .option('--plot <file>', 'also draw the history and forecast fan (needs --sku) to FILE.svg or FILE.png')
    .option('--lang <lang>', 'chart labels: zh | en', 'zh')
    .action(async (flags: Flags) => {
      checkPlotPath(flags.plot);
      if (flags.plot !== undefined && flags.sku === undefined) throw new CodedError('BAD_ARGUMENT', '--plot draws one SKU: give --sku too');
      const places = (['store', 'village', 'town', 'county', 'province'] as const).filter((l) => flags[l] !== undefined);
      if (places.length !== 1) throw new CodedError('BAD_ARGUMENT', 'give exactly one of --village, --store, --town, --county, --province');
      if (flags.sku !== undefined && flags.category !== undefined) throw new CodedError('BAD_ARGUMENT', '--sku and --category exclude each other');
      if (!['table', 'csv', 'json'].includes(flags.format)) throw new CodedError('BAD_ARGUMENT', `--format must be table, csv or json, got '${flags.format}'`);
      const level = places[0] as Level;
      const typedId = flags[level] as string;
      const days = flags.days === undefined ? (flags.sku === undefined ? 7 : 56) : Number(flags.days);
      if (!Number.isInteger(days) || days < 1) throw new CodedError('BAD_ARGUMENT', `--days must be a positive integer, got '${flags.days}'`);
      const wh = await openForReading(flags.warehouse);
      try {
        const conn = wh.connection;
        const runId = await resolveRunId(conn, flags.run);
        const id = await resolveKey(conn, level, typedId);
        const sku = flags.sku === undefined ? undefined : await resolveKey(conn, 'sku', flags.sku);
        const category = flags.category === undefined ? undefined : await resolveCategory(conn, flags.category);
        const horizon = Number((await conn.runAndReadAll(`SELECT horizon FROM forecast_runs WHERE run_id = ${literal(runId)}`)).getRows()[0]?.[0] ?? 0);
        // More days than the run forecast would silently show fewer rows than asked for.
        if (flags.days !== undefined && days > horizon) throw new CodedError('BAD_ARGUMENT', `--days ${days} is beyond run ${runId}'s horizon of ${horizon} days (\`run --horizon\` up to 56)`);
        const filters = [`f.run_id = ${literal(runId)}`, `f.level = ${literal(level)}`, `f.node_id = ${literal(id)}`, `f.h <= ${days}`];
        if (sku !== undefined) filters.push(`f.sku = ${literal(sku)}`);
        if (category !== undefined) filters.push(`p.category = ${literal(category)}`);
        const r = await conn.runAndReadAll(`SELECT f.sku, p.name_zh, strftime(f.day, '%Y-%m-%d'), f.h, f.mean, f.q50, f.q80, f.q90, f.q95, f.q99, f.model
          FROM forecasts f LEFT JOIN products p USING (sku) WHERE ${filters.join(' AND ')} ORDER BY f.sku, f.h`);
        const rows = r.getRows();
        if (rows.length === 0) throw new CodedError('NOT_FOUND', `no forecast for ${level} ${id}${sku ? ` and SKU ${sku}` : ''} in run ${runId}`);
        process.stderr.write(`forecast: ${level} ${id}, run ${runId}, ${rows.length} rows\n`);
        if (flags.plot !== undefined && sku !== undefined) {
          const data = await demandFanData(conn, { runId, level, node: id, sku });
          await writePlot(flags.plot, (charts) => charts.demandFanSvg({ ...data, lang: flags.lang === 'en' ? 'en' : 'zh', title: `${sku} · ${level} ${id}` }));
        }
        if (flags.format === 'json') {
          const out = rows.map((v) => Object.fromEntries(FIELDS.map((f, i) => [f, typeof v[i] === 'bigint' ? Number(v[i]) : v[i]])));
          process.stdout.write(`${JSON.stringify({ runId, level, id, forecasts: out }, null, 2)}\n`);
          return;
        }
        const text = rows.map((v) => v.map((x, i) => (i >= 4 && i <= 9 ? Number(x).toFixed(2) : String(x ?? ''))));
        if (flags.format === 'csv') {
          process.stdout.write(renderCsv([...FIELDS], text));
          return;
        }
        const columns: TableColumn[] = [
          { title: 'SKU' }, { title: '商品' }, { title: '日期' }, { title: 'h', align: 'right' }, { title: '均值', align: 'right' },
          { title: 'q50', align: 'right' }, { title: 'q80', align: 'right' }, { title: 'q90', align: 'right' },
          { title: 'q95', align: 'right' }, { title: 'q99', align: 'right' }, { title: '模型' },
        ];
        process.stdout.write(renderTable(columns, text));
      } finally {
        await wh.close();
      }
    });
}
