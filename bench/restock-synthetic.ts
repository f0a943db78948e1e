/**
 * npx tsx bench/restock-synthetic.ts [--seed 2026] [--forecaster ma|core|stage] [--skus N] [--slow | --fresh]
 *
 * The synthetic restock backtest of docs/restock.md: 60 SKUs (means 0.3-20 a day, NB size 0.8 to
 * Poisson, weekly rhythm), L = 3, R = 7, 56 days of history, 364 days replayed; our fill-rate policy
 * at 90 and 95 % beside min/max and "order last week's sales", on the same demand.
 * --slow: 48 slow movers instead (0.1-0.5 a day, NB size 0.5 to Poisson, seed 7 unless given).
 * --fresh: 30 perishables that keep 5 days (2-10 a day, NB size 3 or Poisson, seed 11 unless given),
 * the perishable case of test/pipelines/restock/backtest.test.ts; waste is the share of units ordered.
 * --forecaster: the moving average (default), the automatic core on every series, or the nightly
 * stage's routing (TSB for sparse series, the core for smooth ones). --skus N: the first N SKUs only.
 */
import { parseArgs } from 'node:util';
import { autoForecast } from '../pipelines/forecast/auto.ts';
import { movingAverageForecaster, type Forecaster } from '../pipelines/restock/ma-forecaster.ts';
import { forecasterFromModel } from '../pipelines/restock/model-forecaster.ts';
import { stageForecaster } from '../pipelines/restock/stage-forecaster.ts';
import { fillRatePolicy, lastPeriodSalesPolicy, minMaxPolicy, minMaxZForFill } from '../pipelines/restock/policies.ts';
import type { Policy } from '../pipelines/restock/simulate.ts';
import { pooledReplay, syntheticSkus } from '../pipelines/restock/synthetic.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string' },
    forecaster: { type: 'string', default: 'ma' },
    skus: { type: 'string' },
    slow: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
  },
});
const seed = args.seed === undefined ? (args.slow ? 7 : args.fresh ? 11 : 2026) : Number(args.seed);
const shelfLife = args.fresh ? 5 : null;
const all = args.fresh
  ? syntheticSkus(seed, [2, 5, 10], [3, Infinity], 30)
  : args.slow
  ? syntheticSkus(seed, [0.1, 0.2, 0.3, 0.5], [0.5, 2, Infinity], 48)
  : syntheticSkus(seed, [0.3, 1, 3, 8, 20], [0.8, 2, 5, Infinity], 60);
const skus = args.skus === undefined ? all : all.slice(0, Number(args.skus));
const forecasters: Record<string, () => Forecaster> = {
  ma: () => movingAverageForecaster(),
  core: () => forecasterFromModel(autoForecast),
  stage: () => stageForecaster(),
};
const makeForecaster = forecasters[args.forecaster];
if (!makeForecaster) throw new Error(`--forecaster must be one of ${Object.keys(forecasters).join(', ')}`);
const forecaster = makeForecaster();
const rows: [string, () => Policy][] = [
  ['fill-rate 90 %', () => fillRatePolicy({ fillRateTarget: 0.9, forecaster })],
  ['fill-rate 95 %', () => fillRatePolicy({ fillRateTarget: 0.95, forecaster })],
  ['fill-rate 95 %, no censoring correction', () => fillRatePolicy({ fillRateTarget: 0.95, forecaster, correctCensoring: false })],
  ['min/max', () => minMaxPolicy()],
  ["order last week's sales", () => lastPeriodSalesPolicy()],
];
process.stdout.write(
  `seed ${seed}, ${skus.length} ${args.slow ? 'slow-moving ' : args.fresh ? '5-day perishable ' : ''}SKUs, forecaster ${args.forecaster}\n` +
    '| policy | fill | mean stock | stock-out days / SKU | waste / ordered |\n|---|---|---|---|---|\n',
);
const fills = new Map<string, number>();
for (const [name, make] of rows) {
  const p = pooledReplay(skus, make, shelfLife);
  fills.set(name, p.fill);
  process.stdout.write(`| ${name} | ${p.fill.toFixed(3)} | ${p.inventory.toFixed(1)} | ${p.stockoutDays.toFixed(1)} | ${(100 * p.wasteShare).toFixed(1)} % |\n`);
}
// Like for like: min/max with its z moved until it fills as our policy did.
for (const target of ['fill-rate 90 %', 'fill-rate 95 %']) {
  const fill = fills.get(target)!;
  const { z, result } = minMaxZForFill((zz) => pooledReplay(skus, () => minMaxPolicy({ z: zz }), shelfLife), (r) => r.fill, fill, 12);
  process.stdout.write(result
    ? `| min/max at the fill of ${target} (z = ${z.toFixed(2)}) | ${result.fill.toFixed(3)} | ${result.inventory.toFixed(1)} | ${result.stockoutDays.toFixed(1)} | ${(100 * result.wasteShare).toFixed(1)} % |\n`
    : `| min/max at the fill of ${target} | cannot reach ${fill.toFixed(3)} at z = ${z} | | | |\n`);
}
