import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { resolveRunId } from '../../pipelines/forecast-stage/runs.ts';
import { produceCalendar } from '../../pipelines/produce/read.ts';
import { checkFormat, printRows, toPlain, type Row } from '../cli/output.ts';
import { checkPlotPath, writePlot } from '../cli/plot.ts';

interface Flags { item: string; region: string; run?: string; warehouse: string; format: string; plot?: string }

/** `rural-demand produce --item SKU --region ID`: an item's season and next 52 weeks in a region. */
export function register(program: Command): void {
  program
    .command('produce')
    .description("A produce item's seasonal calendar in a village, county or province: expected kg and price by week, peak and season")
    .requiredOption('--item <sku>', 'produce SKU')
    .requiredOption('--region <id>', 'village, county or province id')
    .option('--run <id>', 'run id (default: latest finished run)')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--format <fmt>', 'table | csv | json', 'table')
    .option('--plot <file>', 'also draw the 52-week season (expected kg by week) to FILE.svg or FILE.png')
    .action(async (flags: Flags) => {
      const format = checkFormat(flags.format);
      checkPlotPath(flags.plot);
      const wh = await Warehouse.open(flags.warehouse);
      try {
        const runId = await resolveRunId(wh.connection, flags.run);
        const { season, weeks } = await produceCalendar(wh.connection, runId, flags.item, flags.region);
        const s = Object.fromEntries(Object.entries(season).map(([k, v]) => [k, toPlain(v)]));
        process.stderr.write(`${s['name_zh']} ${s['name_en']} in ${s['level']} ${s['node_id']}: ${s['alignment']} calendar, ` +
          `${Number(s['years']).toFixed(1)} years of history${s['borrowed_from'] ? `, shape leaning on ${s['borrowed_from']}` : ''}; ` +
          `peak ${s['peak_from']} .. ${s['peak_to']}, season ${s['season_from']} .. ${s['season_to']}; ` +
          `last 52 weeks ${Math.round(Number(s['annual_kg'])).toLocaleString('en-US')} kg` +
          `${s['yoy_growth'] === null ? '' : `, ${((Number(s['yoy_growth']) - 1) * 100).toFixed(0)} % on the year before`}\n`);
        if (flags.plot !== undefined) {
          await writePlot(flags.plot, (charts) => charts.seasonCalendarSvg({ title: `${s['name_zh']} · ${s['node_id']}`,
            cells: weeks.map((w) => ({ item: String(s['name_zh']), weekStart: String(toPlain(w['week_start'])), kg: Number(toPlain(w['expected_kg'])) })) }));
        }
        const rows: Row[] = weeks.map((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, toPlain(v)])));
        printRows(format, rows, [
          { key: 'week_start', title: 'week' }, { key: 'expected_kg', title: 'kg', align: 'right', digits: 0 },
          { key: 'kg_lo', title: 'kg 10%', align: 'right', digits: 0 }, { key: 'kg_hi', title: 'kg 90%', align: 'right', digits: 0 },
          { key: 'expected_price', title: '¥/kg', align: 'right', digits: 2 }, { key: 'in_peak', title: 'peak' }, { key: 'in_season', title: 'season' },
        ], { runId, season: JSON.stringify(s) });
      } finally {
        await wh.close();
      }
    });
}
