import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { resolveRunId } from '../../pipelines/forecast-stage/runs.ts';
import { MEASURES, readBrandInsights, type InsightMeasure } from '../../pipelines/insights/read.ts';
import { suppressionReasonText } from '../../pipelines/disclosure/index.ts';
import { checkPlotPath, writePlot } from '../cli/plot.ts';
import { checkFormat, printRows, toPlain, type Row } from '../cli/output.ts';

interface Flags { brand: string; by: string; measure: string; period: string; run?: string; warehouse: string; format: string; plot?: string }

/** `rural-demand insights --brand B`: a brand's published, disclosure-controlled tables. */
export function register(program: Command): void {
  program
    .command('insights')
    .description("A brand's rural insights by region (disclosure-controlled: withheld cells say so and why)")
    .requiredOption('--brand <name>', 'brand, as in the products file (e.g. "美的家 Meidejia")')
    .option('--by <level>', 'county | province', 'county')
    .option('--measure <m>', MEASURES.join(' | '), 'share')
    .option('--period <p>', 'month | week', 'month')
    .option('--run <id>', 'run id (default: latest finished run)')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--format <fmt>', 'table | csv | json', 'table')
    .option('--plot <file>', 'with --measure share: draw the share by region of the first category, withheld cells as withheld, to FILE.svg or FILE.png')
    .action(async (flags: Flags) => {
      const format = checkFormat(flags.format);
      checkPlotPath(flags.plot);
      if (flags.plot !== undefined && flags.measure !== 'share') throw new CodedError('BAD_ARGUMENT', '--plot draws --measure share');
      if (flags.by !== 'county' && flags.by !== 'province') throw new CodedError('BAD_ARGUMENT', `--by must be county or province, got '${flags.by}'`);
      if (!(MEASURES as readonly string[]).includes(flags.measure)) throw new CodedError('BAD_ARGUMENT', `--measure must be one of ${MEASURES.join(', ')}, got '${flags.measure}'`);
      if (flags.period !== 'month' && flags.period !== 'week') throw new CodedError('BAD_ARGUMENT', `--period must be month or week, got '${flags.period}'`);
      const wh = await Warehouse.open(flags.warehouse);
      try {
        const runId = await resolveRunId(wh.connection, flags.run);
        const rows: Row[] = (await readBrandInsights(wh.connection, { runId, brand: flags.brand, by: flags.by, measure: flags.measure as InsightMeasure, period: flags.period }))
          .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toPlain(v)])));
        const first = rows[0];
        if (flags.plot !== undefined) {
          const category = rows.find((x) => x['brand'] === flags.brand)?.['category'];
          const cells = rows.filter((x) => x['brand'] === flags.brand && x['category'] === category && x['region_level'] === flags.by);
          if (cells.length === 0) throw new CodedError('NOT_FOUND', `no ${flags.by} cells of ${flags.brand} to draw`);
          const share = Object.keys(cells[0]!).find((k) => /share/.test(k)) ?? 'value_share';
          await writePlot(flags.plot, (charts) => charts.brandSharesSvg({ title: `${flags.brand} · ${String(category)}`,
            cells: cells.map((x) => ({ region: String(x['region_id']), share: x['suppressed'] === true || x[share] === null ? null : Number(x[share]), reason: x['suppressed'] === true ? suppressionReasonText(String(x['reason'] ?? ''), 'zh') : null })) }));
        }
        const measureCols = first === undefined ? [] : Object.keys(first).filter((k) => !['category', 'brand', 'region_level', 'region_id', 'suppressed', 'reason'].includes(k));
        printRows(format, rows, [
          { key: 'category', title: 'category' }, { key: 'brand', title: 'brand' }, { key: 'region_id', title: 'region' },
          ...measureCols.map((k) => ({ key: k, title: k, align: 'right' as const, digits: /share|rate|growth|index|lift|penetration/.test(k) ? 3 : k.includes('yuan') ? 2 : undefined })),
          { key: 'reason', title: 'withheld' },
        ], { runId, brand: flags.brand, measure: flags.measure });
      } finally {
        await wh.close();
      }
    });
}
