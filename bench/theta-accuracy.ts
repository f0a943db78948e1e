/**
 * M3 accuracy of the Theta family against the published competition figures, on the monthly
 * (h = 18) and quarterly (h = 8) series. sMAPE and MASE as in pipelines/forecast/metrics.ts; the
 * THETA row of the competition (its submitted forecasts) is recomputed from the same files as the
 * baseline in the same run when m3_competitor_forecasts.csv.gz is present.
 *
 *   npx tsx bench/theta-accuracy.ts [path/to/m3_series.csv]
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { autoTheta, classicTheta, dynamicTheta, optimisedTheta, theta } from '../pipelines/forecast/theta.ts';
import { mase, smape } from '../pipelines/forecast/metrics.ts';
import type { Model } from '../pipelines/forecast/types.ts';

interface Series {
  readonly frequency: string;
  readonly period: number;
  readonly train: number[];
  readonly test: number[];
}

// shared/ sits beside the repository checkout.
const path = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/m3/m3_series.csv', import.meta.url));
const all = new Map<string, Series>();
for (const line of readFileSync(path, 'utf8').trim().split('\n').slice(1)) {
  const [id, frequency, period, split, , value] = line.split(',');
  if (id === undefined || frequency === undefined) continue;
  let s = all.get(id);
  if (!s) {
    s = { frequency, period: Number(period), train: [], test: [] };
    all.set(id, s);
  }
  (split === 'train' ? s.train : s.test).push(Number(value));
}

/** Submitted THETA forecasts, keyed by series id, ordered by horizon. */
function competitionTheta(): Map<string, Float64Array> {
  const file = path.replace(/m3_series\.csv$/, 'm3_competitor_forecasts.csv.gz');
  const out = new Map<string, Float64Array>();
  if (!existsSync(file)) return out;
  const rows = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const header = rows[0]!.split(',');
  const [iId, iMethod, iH, iValue] = ['series_id', 'method', 'h', 'value'].map((c) => header.indexOf(c));
  for (const row of rows.slice(1)) {
    const cells = row.split(',');
    if (cells[iMethod!] !== 'THETA') continue;
    const id = cells[iId!]!;
    const s = all.get(id);
    if (!s) continue;
    const f = out.get(id) ?? new Float64Array(s.test.length).fill(Number.NaN);
    f[Number(cells[iH!]) - 1] = Number(cells[iValue!]);
    out.set(id, f);
  }
  return out;
}

const published = competitionTheta();
const models: [string, Model][] = [
  ['Theta (standard)', theta],
  ['STM (two lines)', classicTheta],
  ['OTM', optimisedTheta],
  ['DOTM', dynamicTheta],
  ['autoTheta', autoTheta],
];

console.log('frequency  method                 series  sMAPE   MASE    seconds');
for (const frequency of ['monthly', 'quarterly']) {
  const chosen = [...all.entries()].filter(([, s]) => s.frequency === frequency);
  const rows: [string, (id: string, s: Series) => Float64Array][] = [];
  if (published.size > 0) rows.push(['M3 THETA (submitted)', (id) => published.get(id)!]);
  for (const [name, model] of models) rows.push([name, (_, s) => model(Float64Array.from(s.train), s.test.length, { period: s.period }).mean]);
  for (const [name, forecast] of rows) {
    const t0 = performance.now();
    let sm = 0;
    let ms = 0;
    const picks = new Map<string, number>();
    for (const [id, s] of chosen) {
      const test = Float64Array.from(s.test);
      const train = Float64Array.from(s.train);
      const f = forecast(id, s);
      sm += smape(test, f);
      ms += mase(test, f, train, s.period);
      if (name === 'autoTheta') {
        const m = autoTheta(train, s.test.length, { period: s.period }).model;
        picks.set(m, (picks.get(m) ?? 0) + 1);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const n = chosen.length;
    const extra = picks.size > 0 ? `  picks ${JSON.stringify(Object.fromEntries(picks))}` : '';
    console.log(
      `${frequency.padEnd(10)} ${name.padEnd(22)} ${String(n).padStart(6)}  ${(sm / n).toFixed(2).padStart(5)}  ${(ms / n).toFixed(3).padStart(6)}  ${seconds.toFixed(2).padStart(6)}${extra}`,
    );
  }
}
