/**
 * Suppression cost of the brand tables on a warehouse: our complementary suppression ('cost')
 * beside the textbook baseline ('smallest': withhold the smallest cell of each relation until the
 * attacker's LP holds), both run on the same cubes in the same process.
 *   npx tsx bench/disclosure.bench.ts [--warehouse data/warehouse.duckdb] [--json FILE] [--docs]
 * Writes its rows under run id `bench-disclosure` (replaced on every run).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Warehouse } from '../jobs/warehouse.ts';
import { runBrandInsights } from '../pipelines/insights/brand-stage.ts';
import { replaceSection } from './docs-section.ts';

const { values } = parseArgs({ options: { warehouse: { type: 'string', default: 'data/warehouse.duckdb' }, json: { type: 'string' }, docs: { type: 'boolean' } } });
const wh = await Warehouse.open(values.warehouse);
try {
  const r = await runBrandInsights(wh.connection, { runId: 'bench-disclosure', compareBaseline: true, onProgress: (m) => process.stderr.write(`${m}\n`) });
  const rows = r.reports.map((x) => ({
    table: x.table, strategy: x.strategy, cells: x.result.cells, primary: x.result.primary, complementary: x.result.complementary,
    cellShare: (x.result.primary + x.result.complementary) / Math.max(1, x.result.cells),
    valueShare: x.result.suppressedValueFen / Math.max(1, x.result.valueFen), seconds: x.seconds,
  }));
  const lines = ['| table | strategy | cells | primary | complementary | cells withheld | value withheld | seconds |', '|---|---|---|---|---|---|---|---|'];
  for (const x of rows) {
    lines.push(`| ${x.table} | ${x.strategy} | ${x.cells} | ${x.primary} | ${x.complementary} | ${(100 * x.cellShare).toFixed(1)} % | ${(100 * x.valueShare).toFixed(1)} % | ${x.seconds.toFixed(1)} |`);
  }
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ window: r.window, rows }, null, 2));
  if (values.docs) replaceSection('disclosure', `\`npm run bench:disclosure\` (${values.warehouse}, sales ${r.window.prevStart} .. ${r.window.end}):\n\n${table}`);
} finally {
  await wh.close();
}
