/**
 * Throughput of the intermittent path on ONE core: 10,000 synthetic daily series of 730 points
 * (seeded), each classified, fitted with selection among intermittent models and forecast h = 28
 * with count quantiles. Baseline in the same run: a 28-day moving average with the same quantiles,
 * so the ratio shows what the modelling costs over the cheapest sensible forecast.
 *
 *   npx tsx bench/intermittent-speed.ts [series=10000] [strategy=select|combine|route]
 */
import { forecastIntermittent } from '../pipelines/forecast/intermittent.ts';
import type { IntermittentStrategy } from '../pipelines/forecast/intermittent.ts';
import { windowAverage } from '../pipelines/forecast/baselines.ts';
import { uniforms } from '../pipelines/restock/random.ts';

const prng = uniforms;

/** Daily demand with a per-series demand probability (0.02..0.9), weekly pattern and lumpy sizes. */
function makeSeries(count: number, length: number, seed: number): Float64Array[] {
  const rand = prng(seed);
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    const p = 0.02 + 0.88 * rand() ** 2;
    const meanSize = 1 + 6 * rand();
    const y = new Float64Array(length);
    for (let t = 0; t < length; t++) {
      const weekly = t % 7 >= 5 ? 1.3 : 0.9;
      if (rand() < Math.min(1, p * weekly)) {
        // Geometric size >= 1 with the given mean: lumpy, integer, like village-store baskets.
        y[t] = 1 + Math.floor(Math.log(1 - rand()) / Math.log(1 - 1 / meanSize));
      }
    }
    out.push(y);
  }
  return out;
}

const count = Number(process.argv[2] ?? 10_000);
const strategy = (process.argv[3] ?? 'select') as IntermittentStrategy;
const series = makeSeries(count, 730, 20261122);
const levels = [0.5, 0.9, 0.95];

/**
 * Wall-clock and CPU-time rates. The machine is shared, so wall time understates what one core
 * does; CPU seconds of this process (one thread) are the honest "per core" denominator.
 */
function time(label: string, run: (y: Float64Array) => void): number {
  for (let i = 0; i < Math.min(500, series.length); i++) run(series[i]!); // warm the JIT
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const y of series) run(y);
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rate = series.length / cpuSeconds;
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
  console.log(
    `${label.padEnd(34)} ${series.length} series: wall ${seconds.toFixed(3)} s (${fmt(series.length / seconds)}/s), ` +
      `CPU ${cpuSeconds.toFixed(3)} s (${fmt(rate)} series per CPU-second)`,
  );
  return rate;
}

const classes = new Map<string, number>();
for (const y of series) {
  const c = forecastIntermittent(y, 28, { strategy, quantiles: levels }).profile.demandClass;
  classes.set(c, (classes.get(c) ?? 0) + 1);
}
console.error('classes:', Object.fromEntries(classes));
const base = time('baseline: 28-day window average', (y) => void windowAverage(y, 28, { window: 28, quantiles: levels }));
const rate = time(`autoIntermittent (${strategy})`, (y) => void forecastIntermittent(y, 28, { strategy, quantiles: levels }));
console.log(
  `cost over the baseline: ${(base / rate).toFixed(2)}x; target 10,000 series/s on 2 cores: ` +
    `${rate * 2 >= 10_000 ? 'met' : 'NOT met'} (CPU-second rate x 2 = ${Math.round(rate * 2).toLocaleString('en-US')})`,
);
