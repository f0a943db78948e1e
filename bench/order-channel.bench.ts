/**
 * Order-channel forecasts per village and category, backtested on the generated data the truth
 * bench uses: as of each cut-off, 28 days ahead, scored against the orders that came
 * (pipelines/forecast-stage/order-score.ts), beside the mean of the last 28 days and the weekday
 * mean of the last 8 weeks (and, for q0.9, the empirical quantile of the last 28 days) computed in
 * the same run, and the same forecast with calendar effects off.
 *
 *   npm run bench:orders -- [--villages 30] [--skus 300] [--days 1100] [--cutoffs 2025-10-31,2026-02-03]
 *                           [--json FILE] [--write-docs]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Warehouse } from '../jobs/warehouse.ts';
import { refreshDemand } from '../pipelines/demand/aggregate.ts';
import { runOrderForecast } from '../pipelines/forecast-stage/order-channel.ts';
import { scoreOrderForecasts, type OrderScore } from '../pipelines/forecast-stage/order-score.ts';
import { replaceSection } from './docs-section.ts';
import { truthData } from './truth-data.ts';

const { values: args } = parseArgs({ options: {
  villages: { type: 'string', default: '30' }, skus: { type: 'string', default: '300' }, days: { type: 'string', default: '1100' },
  end: { type: 'string', default: '2026-04-30' }, cutoffs: { type: 'string', default: '2025-10-31,2026-02-03' },
  json: { type: 'string' }, 'write-docs': { type: 'boolean' },
} });
const villages = Number(args.villages);
const skus = Number(args.skus);
const days = Number(args.days);
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const { db } = await truthData({ villages, skus, days, end: args.end! }, log);
const H = 28;

interface Arm { readonly cutoff: string; readonly events: boolean; readonly pooled: boolean; readonly score: OrderScore; readonly seconds: number }
// The default, the same without the pooled global model (each series alone), and calendar effects off.
const SETTINGS = [
  { events: true, pooled: true, label: 'calendar effects, pooled with the global model (default)' },
  { events: true, pooled: false, label: 'calendar effects, each series alone' },
  { events: false, pooled: true, label: 'effects off, pooled' },
] as const;
const arms: Arm[] = [];
const wh = await Warehouse.open(db);
try {
  // Ingest does not derive daily demand; the nightly run does, from its watermark.
  await refreshDemand(wh.connection, { full: false });
  for (const cutoff of args.cutoffs!.split(',')) {
    for (const { events, pooled } of SETTINGS) {
      const runId = `orders-${cutoff}-${events ? 'effects' : 'off'}${pooled ? '' : '-alone'}`;
      const t0 = performance.now();
      await runOrderForecast(wh.connection, { runId, asOf: cutoff, horizon: H, events, pooled, workers: 2 });
      const seconds = (performance.now() - t0) / 1000;
      const score = await scoreOrderForecasts(wh.connection, { runId, asOf: cutoff, horizon: H });
      arms.push({ cutoff, events, pooled, score, seconds });
      log(`${runId}: ${score.series} series in ${seconds.toFixed(1)} s`);
    }
  }
} finally {
  await wh.close();
}

const f = (x: number, d = 3): string => x.toFixed(d);
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const lines = [
  '| as of | forecast | series | bias | MAE | MAE mean 28 d | MAE weekday 8 w | ratio to best ref | pinball q0.9 | empirical q0.9 | ratio | at or below q50 / q80 / q90 / q95 / q99 | s |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
  ...arms.map(({ cutoff, events, pooled, score: s, seconds }) => `| ${cutoff} | ${SETTINGS.find((x) => x.events === events && x.pooled === pooled)!.label} | ${s.series} | ${f(s.bias)} | ${f(s.mae.forecast)} | ${f(s.mae.mean28)} | ${f(s.mae.weekday8w)} | ${f(s.mae.forecast / Math.min(s.mae.mean28, s.mae.weekday8w))} | ${f(s.pinball90.forecast)} | ${f(s.pinball90.empirical28)} | ${f(s.pinball90.forecast / s.pinball90.empirical28)} | ${[s.atOrBelow.q50, s.atOrBelow.q80, s.atOrBelow.q90, s.atOrBelow.q95, s.atOrBelow.q99].map(pct).join(' / ')} | ${seconds.toFixed(1)} |`),
];
const text = lines.join('\n');
process.stdout.write(`${text}\n`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ command: 'npm run bench:orders', villages, skus, days, end: args.end, arms }, null, 2)}\n`);
if (args['write-docs']) {
  replaceSection('orders', `## Order-channel forecasts (\`npm run bench:orders -- --write-docs\`)

Generated data (seed 1, ${villages} villages x ${skus} SKUs x ${days} days to ${args.end}, the truth bench's), order
units per village x category x day, 28 days ahead of each cut-off, scored against the orders that came. References
in the same run: the mean of the last 28 days and the weekday mean of the last 8 weeks; for q0.9 the empirical 0.9
quantile of the last 28 days. A ratio below 1 is better than the reference.

${text}`);
}
