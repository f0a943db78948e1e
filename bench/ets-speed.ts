/**
 * Speed and accuracy of autoEts on the M3 monthly series against @bsull/augurs AutoETS (Rust
 * compiled to WASM), in one run on the same data and machine.
 *
 *   npx tsx bench/ets-speed.ts [--limit N] [--period 12] [--h 18] [--initial heuristic|level-trend]
 *                              [--no-quantiles] [--no-augurs]
 *
 * Also times the non-seasonal search of both libraries, the like-for-like speed comparison (see below).
 * Prints one line per method to stdout: series, ms/series, sMAPE at h (mean over horizon of
 * 200|y-f|/(|y|+|f|), mean over series), MASE (seasonal-naive in-sample scale), model mix.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AutoETS, initSync } from '@bsull/augurs/ets';
import { makeAutoEts } from '../pipelines/forecast/ets/auto.ts';
import type { InitialMode } from '../pipelines/forecast/ets/fit.ts';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string', default: '100000' },
    period: { type: 'string', default: '12' },
    h: { type: 'string', default: '18' },
    initial: { type: 'string', default: 'heuristic' },
    'no-quantiles': { type: 'boolean', default: false },
    'no-augurs': { type: 'boolean', default: false },
    'no-warm-start': { type: 'boolean', default: false },
    csv: { type: 'string', default: '/work/shared/data/m3/m3_series.csv' },
  },
});
const period = Number(args.period);
const h = Number(args.h);
const limit = Number(args.limit);

interface Series {
  id: string;
  train: Float64Array;
  test: Float64Array;
}

function load(path: string): Series[] {
  const train = new Map<string, [number, number][]>();
  const test = new Map<string, [number, number][]>();
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(',');
    if (f.length < 6 || Number(f[2]) !== period) continue;
    const target = f[3] === 'train' ? train : test;
    const id = f[0]!;
    let arr = target.get(id);
    if (!arr) target.set(id, (arr = []));
    arr.push([Number(f[4]), Number(f[5])]);
  }
  // Test rows continue the train's t numbering; order by t rather than trusting the file order.
  const values = (rows: [number, number][]): Float64Array => Float64Array.from(rows.sort((a, b) => a[0] - b[0]), (r) => r[1]);
  const out: Series[] = [];
  for (const [id, tr] of train) {
    const te = test.get(id);
    if (te && te.length >= h) out.push({ id, train: values(tr), test: values(te).slice(0, h) });
  }
  return out.slice(0, limit);
}

function smape(actual: Float64Array, f: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < h; k++) s += (200 * Math.abs(actual[k]! - f[k]!)) / (Math.abs(actual[k]!) + Math.abs(f[k]!));
  return s / h;
}

function mase(train: Float64Array, actual: Float64Array, f: ArrayLike<number>): number {
  let scale = 0;
  for (let t = period; t < train.length; t++) scale += Math.abs(train[t]! - train[t - period]!);
  scale /= train.length - period;
  let s = 0;
  for (let k = 0; k < h; k++) s += Math.abs(actual[k]! - f[k]!);
  return s / h / scale;
}

function report(name: string, series: Series[], ms: number, forecasts: ArrayLike<number>[], models?: Map<string, number>): void {
  let sm = 0;
  let ma = 0;
  series.forEach((s, i) => {
    sm += smape(s.test, forecasts[i]!);
    ma += mase(s.train, s.test, forecasts[i]!);
  });
  const mix = models ? [...models].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k}:${v}`).join(' ') : '';
  console.log(
    `${name.padEnd(28)} series=${series.length} ms/series=${(ms / series.length).toFixed(3)} sMAPE=${(sm / series.length).toFixed(3)} MASE=${(ma / series.length).toFixed(3)} ${mix}`,
  );
}

const series = load(args.csv);
console.error(`loaded ${series.length} series with period ${period}`);

const model = makeAutoEts({ initial: args.initial as InitialMode, warmStart: !args['no-warm-start'] });
const quantiles = args['no-quantiles'] ? [] : undefined;
// Warm-up so JIT compilation is not billed to the first series of the timed run.
for (const s of series.slice(0, 20)) model(s.train, h, { period, quantiles });
const ours: Float64Array[] = [];
const models = new Map<string, number>();
let t0 = performance.now();
for (const s of series) {
  const fc = model(s.train, h, { period, quantiles });
  ours.push(fc.mean);
  models.set(fc.model, (models.get(fc.model) ?? 0) + 1);
}
report(`autoEts(${args.initial}${quantiles ? ',no-q' : ''}${args['no-warm-start'] ? ',cold' : ''})`, series, performance.now() - t0, ours, models);

if (!args['no-augurs']) {
  // Same-scope comparison: augurs' AutoETS (0.10) panics with "seasonal component not implemented"
  // whenever it tries a seasonal spec, and effectively fits non-seasonal models only. So time
  // both libraries on the non-seasonal search (ZZN) too; that is the like-for-like speed figure.
  const nonSeasonal = makeAutoEts({});
  const ns: Float64Array[] = [];
  t0 = performance.now();
  for (const s of series) ns.push(nonSeasonal(s.train, h, { period: 1, quantiles }).mean);
  report('autoEts(non-seasonal)', series, performance.now() - t0, ns);

  initSync({ module: readFileSync(new URL('./ets_bg.wasm', import.meta.resolve('@bsull/augurs/ets'))) });
  for (const spec of ['ZZN', 'ZZZ']) {
    const theirs: ArrayLike<number>[] = [];
    for (const s of series.slice(0, 20)) {
      try {
        new AutoETS(period, spec).fit(s.train);
      } catch {
        // warm-up only; failures are handled in the timed loop
      }
    }
    t0 = performance.now();
    let panicked = false;
    for (const s of series) {
      const m = new AutoETS(spec === 'ZZN' ? 1 : period, spec);
      try {
        m.fit(s.train);
        theirs.push(m.predict(h).point);
        m.free();
      } catch {
        // A Rust panic leaves the WASM instance unusable, so stop here and do not score a partial run.
        panicked = true;
        break;
      }
    }
    if (panicked) {
      console.log(`augurs AutoETS(${spec})`.padEnd(28), `panicked after ${theirs.length} series (seasonal spec not implemented); not scored`);
      break;
    }
    report(`augurs AutoETS(${spec})`, series, performance.now() - t0, theirs);
  }
}
