/**
 * npx tsx bench/restock-synthetic.ts [--seed 2026]
 *
 * The synthetic restock backtest of docs/restock.md: 60 SKUs (means 0.3-20 a day, NB size 0.8 to
 * Poisson, weekly rhythm), L = 3, R = 7, 56 days of history, 364 days replayed; our fill-rate policy
 * at 90 and 95 % beside fixed min/max and "order last week's sales", on the same demand.
 */
import { movingAverageForecaster } from '../pipelines/restock/ma-forecaster.ts';
import { fillRatePolicy, lastPeriodSalesPolicy, minMaxPolicy } from '../pipelines/restock/policies.ts';
import type { Policy } from '../pipelines/restock/simulate.ts';
import { pooledReplay, syntheticSkus } from '../pipelines/restock/synthetic.ts';

const i = process.argv.indexOf('--seed');
const seed = i >= 0 ? Number(process.argv[i + 1]) : 2026;
const skus = syntheticSkus(seed, [0.3, 1, 3, 8, 20], [0.8, 2, 5, Infinity], 60);
const forecaster = movingAverageForecaster();
const rows: [string, () => Policy][] = [
  ['fill-rate 90 %', () => fillRatePolicy({ fillRateTarget: 0.9, forecaster })],
  ['fill-rate 95 %', () => fillRatePolicy({ fillRateTarget: 0.95, forecaster })],
  ['fill-rate 95 %, no censoring correction', () => fillRatePolicy({ fillRateTarget: 0.95, forecaster, correctCensoring: false })],
  ['fixed min/max', () => minMaxPolicy()],
  ["order last week's sales", () => lastPeriodSalesPolicy()],
];
process.stdout.write(`seed ${seed}\n| policy | fill | mean stock | stock-out days / SKU |\n|---|---|---|---|\n`);
for (const [name, make] of rows) {
  const p = pooledReplay(skus, make);
  process.stdout.write(`| ${name} | ${p.fill.toFixed(3)} | ${p.inventory.toFixed(1)} | ${p.stockoutDays.toFixed(1)} |\n`);
}
