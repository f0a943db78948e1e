/**
 * Is routing intermittent store series to a single TSB fit (pipelines/forecast-stage/engine.ts)
 * much worse than the full automatic core? Holds out the last 28 days of a sample of store x SKU
 * shelf series from a warehouse, forecasts them both ways and prints time per series, MAE, bias
 * and the pinball loss at q0.9, over the series the router sends to the fast path.
 *   npx tsx bench/stage-routing.ts [warehouse.duckdb] [series]
 */
import { Warehouse } from '../jobs/warehouse.ts';
import { addDays } from '../pipelines/calendar/index.ts';
import { classifyDemand } from '../pipelines/forecast/classify.ts';
import { autoForecast } from '../pipelines/forecast/auto.ts';
import { fastForecast, LEVELS_STORED } from '../pipelines/forecast-stage/engine.ts';
import { handleCensoring } from '../pipelines/forecast-stage/prepare.ts';
import { latestDemandDay, loadShelfSeries } from '../pipelines/forecast-stage/series.ts';

const path = process.argv[2] ?? '.bench-data/pipeline-100v-300s-730d/warehouse.duckdb';
const want = Number(process.argv[3] ?? 1500);
const H = 28;
const wh = await Warehouse.open(path);
const last = await latestDemandDay(wh.connection);
if (last === null) throw new Error('empty warehouse');
const all = await loadShelfSeries(wh.connection, { asOf: last, days: 182 + H });
await wh.close();
const picked: { train: Float64Array; test: Float64Array }[] = [];
for (let i = 0; i < all.length && picked.length < want; i += 3) {
  const s = all[i]!;
  if (s.values.length < 182 + H) continue;
  // The censoring correction sees the training days only: run over the whole series it used the
  // held-out days to fill the training days' stock-outs.
  const n = s.values.length - H;
  const train = handleCensoring(s.values.slice(0, n), s.censored.slice(0, n), 'uncensor');
  const cls = classifyDemand(train).demandClass;
  if (cls === 'smooth' || cls === 'erratic' || cls === 'zero') continue;
  picked.push({ train, test: s.values.slice(n) });
}
const j90 = LEVELS_STORED.indexOf(0.9);
function score(name: string, f: (y: Float64Array) => { mean: Float64Array; q90: Float64Array }): void {
  let abs = 0;
  let err = 0;
  let pin = 0;
  let scale = 0;
  const t0 = performance.now();
  const out = picked.map((p) => f(p.train));
  const ms = (performance.now() - t0) / picked.length;
  picked.forEach((p, i) => {
    const o = out[i]!;
    for (let k = 0; k < H; k++) {
      const y = p.test[k]!;
      abs += Math.abs(y - o.mean[k]!);
      err += o.mean[k]! - y;
      const q = o.q90[k]!;
      pin += y >= q ? 0.9 * (y - q) : 0.1 * (q - y);
      scale += y;
    }
  });
  const n = picked.length * H;
  process.stdout.write(`${name.padEnd(22)} ${ms.toFixed(3).padStart(7)} ms/series  MAE ${(abs / n).toFixed(4)}  bias ${(err / n).toFixed(4)}  pinball@0.9 ${(pin / n).toFixed(4)}  (mean demand ${(scale / n).toFixed(4)})\n`);
}
process.stdout.write(`${picked.length} intermittent/lumpy/short store series from ${path}, last ${H} days held out (to ${addDays(last, 0)})\n`);
score('fast path (TSB)', (y) => {
  const f = fastForecast(y, H);
  return { mean: f.mean, q90: f.quantiles[j90]! };
});
score('full core (auto)', (y) => {
  const f = autoForecast(y, H, { period: 7, quantiles: LEVELS_STORED });
  return { mean: f.mean, q90: f.quantiles?.get(0.9) ?? f.mean };
});
