/**
 * M5 store-item days (issue 13 acceptance): forecast-file's models beside the README's two references,
 * on the test window and on the validation window (where choices are made), in one run.
 *
 *   npm run bench:m5 -- [--json FILE] [--write-docs]
 *
 * `+cov` rows are forecast-file with --calendar and --prices: M5's calendar (SNAP days of the store's
 * state, event types) and shelf prices, converted to forecast-file's formats (bench/datasets.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { batchForecasts, mean28, score, VARIANTS, type Score } from './accuracy.bench.ts';
import { loadM5, validationSplit } from './datasets.ts';
import { replaceSection } from './docs-section.ts';

const ROWS: readonly [string, string][] = [
  ['mean-28', 'reference: mean of the last 28 days'],
  ['weekday-8w', 'reference: weekday mean of the last 8 weeks'],
  ['auto', 'auto (each series alone; `--model auto`, the default)'],
  ['global', 'global (one model pooled over the file; `--model global`)'],
  ['combined', 'combined (mean of the two; `--model combined`)'],
  ['global+cov', 'global with calendar and prices'],
  ['combined+cov', 'combined with calendar and prices'],
];
const BATCH = new Set(['global', 'combined', 'global+cov', 'combined+cov']);

async function run(split: 'test' | 'validation'): Promise<Score[]> {
  const full = loadM5();
  const ds = split === 'test' ? full : validationSplit(full);
  const out: Score[] = [];
  for (const [name] of ROWS) {
    let s: Score;
    if (BATCH.has(name)) {
      const { forecasts, ms } = await batchForecasts(ds, name, true);
      s = { ...score(ds, name, mean28, true, forecasts), msPerSeries: ms };
    } else s = score(ds, name, VARIANTS[name]!, true);
    out.push(s);
    process.stdout.write(`${split.padEnd(10)} ${name.padEnd(13)} MAE=${s.mae.toFixed(4)} RMSSE=${s.rmsse.toFixed(4)} SPL0.9=${s.spl90.toFixed(5)} pit80=${s.pit80.toFixed(1)} pit95=${s.pit95.toFixed(1)} ms/series=${s.msPerSeries.toFixed(1)}\n`);
  }
  return out;
}

/** Ratio of a figure to the better of the two references in the same run. */
function vsBest(scores: readonly Score[], pick: (s: Score) => number, s: Score): string {
  const best = Math.min(pick(scores[0]!), pick(scores[1]!));
  return `${pick(s).toFixed(4)} (${(pick(s) / best).toFixed(3)})`;
}

function table(split: string, scores: readonly Score[]): string[] {
  return scores.map((s, i) => {
    const label = ROWS[i]![1];
    return `| ${split} | ${label} | ${vsBest(scores, (x) => x.mae, s)} | ${vsBest(scores, (x) => x.rmsse, s)} | ${vsBest(scores, (x) => x.spl90, s)} | ${s.pit80.toFixed(1)} | ${s.pit95.toFixed(1)} | ${s.msPerSeries.toFixed(1)} |`;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'write-docs': { type: 'boolean', default: false }, json: { type: 'string' } } });
  const test = await run('test');
  const validation = await run('validation');
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ command: 'npm run bench:m5', test, validation }, null, 2)}\n`);
  if (!values['write-docs']) return;
  const body = [
    '### M5 store-item days (`npm run bench:m5 -- --write-docs`, issue 13 acceptance)',
    '280 series (../shared/data/m5, train days 1..1829, score 1830..1857, h = 28, season 7; zeros before an',
    "item's first sale are \"not listed\"). Each figure is followed by its ratio to the better of the two",
    'references computed in the same run (below 1 beats both). Coverage is the randomized-PIT coverage of',
    'the central 80 % and 95 % intervals (counts). `validation` = the last 28 training days from fits on',
    'the rest: every choice of the global model (weights, features, the combination) was made there.',
    '',
    '| split | method | MAE | RMSSE | SPL@0.9 | PIT cover 80 % | PIT cover 95 % | ms/series |',
    '|---|---|---|---|---|---|---|---|',
    ...table('test', test),
    ...table('validation', validation),
  ].join('\n');
  replaceSection('m5', body);
}

await main();
