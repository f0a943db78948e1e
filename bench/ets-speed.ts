/**
 * Speed and accuracy of autoEts (and its Akaike-weighted variant) on the M3 monthly series
 * against @bsull/augurs AutoETS (Rust compiled to WASM), in one run on the same data and machine.
 *
 *   npx tsx bench/ets-speed.ts [--limit N] [--period 12] [--h 18] [--initial heuristic|level-trend|all]
 *                              [--no-quantiles] [--no-augurs] [--no-warm-start]
 *
 * Also times the non-seasonal search of both libraries, the like-for-like speed comparison (see
 * below). Prints one line per method to stdout: series, CPU and wall ms/series, sMAPE at h (mean
 * over horizon of 200|y-f|/(|y|+|f|), mean over series), MASE (seasonal-naive in-sample scale), model mix, and
 * for our models the share of test points at or below each forecast quantile (ideal: the level).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { AutoETS, initSync } from '@bsull/augurs/ets';
import { makeAutoEts } from '../pipelines/forecast/ets/auto.ts';
import { makeEtsAicWeighted } from '../pipelines/forecast/ets/weighted.ts';
import type { InitialMode } from '../pipelines/forecast/ets/fit.ts';
import type { FitOptions, Model } from '../pipelines/forecast/types.ts';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string', default: '100000' },
    period: { type: 'string', default: '12' },
    h: { type: 'string', default: '18' },
    initial: { type: 'string', default: 'heuristic' },
    'no-quantiles': { type: 'boolean', default: false },
    'no-augurs': { type: 'boolean', default: false },
    'no-warm-start': { type: 'boolean', default: false },
    // shared/ sits beside the repository checkout.
    csv: { type: 'string', default: fileURLToPath(new URL('../../shared/data/m3/m3_series.csv', import.meta.url)) },
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

interface Method {
  readonly name: string;
  readonly run: (y: Float64Array) => ArrayLike<number>;
  readonly forecasts: ArrayLike<number>[];
  readonly models: Map<string, number>;
  /** Per level: test points at or below the forecast quantile, and points counted. */
  readonly coverage: Map<number, [number, number]>;
  cpuMs: number;
  wallMs: number;
  failed: string | null;
}

function method(name: string, run: (y: Float64Array, models: Map<string, number>) => ArrayLike<number>): Method {
  const models = new Map<string, number>();
  return { name, run: (y) => run(y, models), forecasts: [], models, coverage: new Map(), cpuMs: 0, wallMs: 0, failed: null };
}

/** A method over one of our Models, also recording calibration of its quantiles on the test split. */
function ourMethod(name: string, model: Model, fo: FitOptions, testOf: Map<Float64Array, Float64Array>): Method {
  const m = method(name, (y, models) => {
    const fc = model(y, h, fo);
    models.set(fc.model, (models.get(fc.model) ?? 0) + 1);
    const test = testOf.get(y);
    if (test && fc.quantiles) {
      for (const [p, q] of fc.quantiles) {
        const c = m.coverage.get(p) ?? [0, 0];
        for (let k = 0; k < h; k++) if (test[k]! <= q[k]!) c[0]++;
        c[1] += h;
        m.coverage.set(p, c);
      }
    }
    return fc.mean;
  });
  return m;
}

function report(m: Method, series: Series[]): void {
  if (m.failed !== null) {
    console.log(`${m.name.padEnd(26)} ${m.failed}; not scored`);
    return;
  }
  let sm = 0;
  let ma = 0;
  series.forEach((s, i) => {
    sm += smape(s.test, m.forecasts[i]!);
    ma += mase(s.train, s.test, m.forecasts[i]!);
  });
  const n = series.length;
  const mix = [...m.models].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k}:${v}`).join(' ');
  const cover = [...m.coverage].map(([p, [hit, all]]) => `P(y<=q${p})=${(hit / all).toFixed(3)}`).join(' ');
  console.log(
    `${m.name.padEnd(26)} series=${n} cpu-ms/series=${(m.cpuMs / n).toFixed(3)} wall-ms/series=${(m.wallMs / n).toFixed(3)} sMAPE=${(sm / n).toFixed(3)} MASE=${(ma / n).toFixed(3)} ${mix}${cover ? `\n${''.padEnd(27)}${cover}` : ''}`,
  );
}

const series = load(args.csv);
console.error(`loaded ${series.length} series with period ${period}`);
if (series.length === 0) {
  console.error(`no series with period ${period} and at least ${h} test points in ${args.csv}`);
  process.exit(1);
}
const quantiles = args['no-quantiles'] ? [] : undefined;
const auto = makeAutoEts({ initial: args.initial as InitialMode, warmStart: !args['no-warm-start'] });
const weighted = makeEtsAicWeighted({ initial: args.initial as InitialMode, warmStart: !args['no-warm-start'] });
// Keyed by the train array itself, so calibration is only recorded in the timed loop below
// (warm-up runs see copies) and a method never sees the test values.
const testOf = new Map<Float64Array, Float64Array>(series.map((s) => [s.train, s.test]));
const methods: Method[] = [
  ourMethod(`autoEts(${args.initial}${quantiles ? ',no-q' : ''}${args['no-warm-start'] ? ',cold' : ''})`, auto, { period, quantiles }, testOf),
  ourMethod('etsAicWeighted', weighted, { period, quantiles }, testOf),
];
if (!args['no-augurs']) {
  initSync({ module: readFileSync(new URL('./ets_bg.wasm', import.meta.resolve('@bsull/augurs/ets'))) });
  const augurs = (spec: string, m: number) => (y: Float64Array): number[] => {
    const model = new AutoETS(m, spec);
    model.fit(y);
    const point = model.predict(h).point;
    // Not freed after a panic: the object is still borrowed and free() would throw again.
    model.free();
    return point;
  };
  // augurs' AutoETS (0.10) panics with "seasonal component not implemented" when it tries a
  // seasonal spec, so its ZZZ search is effectively non-seasonal. The like-for-like speed figure
  // is therefore the non-seasonal search (ZZN) of both libraries.
  methods.push(
    method('autoEts(non-seasonal)', (y) => auto(y, h, { period: 1, quantiles }).mean),
    method('augurs AutoETS(ZZN)', augurs('ZZN', 1)),
    method('augurs AutoETS(ZZZ)', augurs('ZZZ', period)),
  );
}

// Warm-up so JIT compilation is not billed to the timed run.
const attempt = (m: Method, y: Float64Array, where: string): ArrayLike<number> | null => {
  try {
    return m.run(y);
  } catch (err) {
    // A Rust panic leaves the WASM instance unusable; stop that method rather than score part of a run.
    m.failed = `failed at ${where} (${String(err).slice(0, 70)})`;
    return null;
  }
};
for (const s of series.slice(0, 20)) for (const m of methods) if (m.failed === null) attempt(m, Float64Array.from(s.train), `warm-up ${s.id}`);
for (const m of methods) m.models.clear();
// Interleave methods per series and charge process CPU time, not just wall time: the machine is
// shared, and load from other processes then lands on all methods alike instead of on whichever
// ran during a busy minute.
for (let i = 0; i < series.length; i++) {
  const s = series[i]!;
  for (let j = 0; j < methods.length; j++) {
    const m = methods[(i + j) % methods.length]!;
    if (m.failed !== null) continue;
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const f = attempt(m, s.train, `series ${s.id}`);
    if (f === null) continue;
    m.forecasts.push(f);
    m.wallMs += performance.now() - w0;
    const c = process.cpuUsage(c0);
    m.cpuMs += (c.user + c.system) / 1000;
  }
}
for (const m of methods) report(m, series);
