/**
 * The restock replay on warehouse data (pipelines/restock/warehouse-backtest.ts, the code
 * `rural-demand backtest-restock` runs): our fill-rate policy against last-period sales and the fair
 * min/max, untuned and tuned to our fill, on the county data set (bench:pipeline's, 100 villages by
 * default) against the generator's truth and against uncensored sales, and on the demo set `npm start`
 * leaves in data/ with each of the three forecasters.
 *
 *   npm run bench:restock -- [--villages 100] [--sample 400] [--weeks 16] [--no-demo] [--json FILE] [--write-docs]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderBacktest, verdicts } from '../bin/commands/backtest-restock.ts';
import { Warehouse } from '../jobs/warehouse.ts';
import { refreshDemand } from '../pipelines/demand/aggregate.ts';
import { backtestWarehouse, type WarehouseBacktestOptions, type WarehouseBacktestResult } from '../pipelines/restock/warehouse-backtest.ts';
import { replaceSection } from './docs-section.ts';
import { pipelineData } from './pipeline-data.ts';

const { values: args } = parseArgs({ options: {
  villages: { type: 'string', default: '100' }, sample: { type: 'string', default: '400' }, weeks: { type: 'string', default: '16' },
  'no-demo': { type: 'boolean', default: false }, json: { type: 'string' }, 'write-docs': { type: 'boolean', default: false },
} });
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const DEMO_DB = resolve('data/warehouse.duckdb');
const DEMO_TRUTH = resolve('data/inbox/demo/truth');
const demo = !args['no-demo'];
if (demo && !(existsSync(DEMO_DB) && existsSync(DEMO_TRUTH))) {
  throw new Error('the demo set is missing: run `npm start` first (or pass --no-demo)');
}
if (args['write-docs'] && (!demo || args.villages !== '100' || args.sample !== '400' || args.weeks !== '16')) {
  throw new Error('--write-docs rewrites the documented run: the defaults, demo set included');
}

interface Run { readonly name: string; readonly command: string; readonly seconds: number; readonly result: WarehouseBacktestResult }
const runs: Run[] = [];
async function replay(db: string, name: string, command: string, o: WarehouseBacktestOptions): Promise<void> {
  const wh = await Warehouse.open(db);
  try {
    const t0 = performance.now();
    const result = await backtestWarehouse(wh.connection, o);
    runs.push({ name, command, seconds: (performance.now() - t0) / 1000, result });
    log(`${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    process.stdout.write(`\n${name}\n${renderBacktest(result)}`);
  } finally {
    await wh.close();
  }
}

const villages = Number(args.villages);
const county = await pipelineData({ villages, skus: 300, days: 730 }, log);
{
  // The replay reads demand_daily; a fresh data set has only been ingested (bench:pipeline rebuilds it itself).
  const wh = await Warehouse.open(county.db);
  try {
    await refreshDemand(wh.connection);
  } finally {
    await wh.close();
  }
}
const rel = (p: string): string => p.replace(`${resolve('.')}/`, '');
const base = { weeks: Number(args.weeks), sample: Number(args.sample), seed: 1 } as const;
const countyCmd = `npx rural-demand backtest-restock --warehouse ${rel(county.db)} --sample ${base.sample} --weeks ${base.weeks}`;
await replay(county.db, 'county, true demand', `${countyCmd} --truth ${rel(join(county.gen, 'truth'))}`, { ...base, truthDir: join(county.gen, 'truth') });
await replay(county.db, 'county, uncensored sales', countyCmd, base);
if (demo) {
  const demoBase = { weeks: 16, sample: 300, truthDir: DEMO_TRUTH } as const;
  const demoCmd = 'npx rural-demand backtest-restock --truth data/inbox/demo/truth';
  await replay(DEMO_DB, 'demo, moving average', demoCmd, { ...demoBase, seed: 1, forecaster: 'ma' });
  await replay(DEMO_DB, 'demo, core', `${demoCmd} --forecaster core`, { ...demoBase, seed: 1, forecaster: 'core' });
  for (const seed of [1, 2, 3]) {
    await replay(DEMO_DB, `demo, stage, seed ${seed}`, `${demoCmd} --forecaster stage --seed ${seed}`, { ...demoBase, seed, forecaster: 'stage' });
  }
}

if (args.json) writeFileSync(args.json, `${JSON.stringify({ command: 'npm run bench:restock', runs: runs.map((r) => ({ ...r, verdicts: verdicts(r.result) })) }, null, 2)}\n`);

/** One row per target: our fill and stock beside min/max tuned to the same fill. */
function targetRows(r: Run): string[] {
  return r.result.policies.filter((p) => p.policy.startsWith('fill-rate')).map((p) => {
    const eq = r.result.minMaxAtEqualFill.find((x) => x.policy === p.policy);
    const mm = eq?.summary;
    const ratio = mm ? (p.averageInventory / mm.averageInventory).toFixed(3) : '-';
    const ratioValue = mm ? (p.averageInventoryValue / mm.averageInventoryValue).toFixed(3) : '-';
    return `| ${r.name} | ${p.policy.replace('fill-rate ', '')} | ${(p.fillRate * 100).toFixed(1)} % | ${p.averageInventory.toFixed(2)}, ¥${p.averageInventoryValue.toFixed(1)} | `
      + `${mm ? `${mm.averageInventory.toFixed(2)}, ¥${mm.averageInventoryValue.toFixed(1)} (z = ${eq.z.toFixed(2)})` : 'cannot reach it'} | ${ratio} | ${ratioValue} | ${(p.fillRatePerishable * 100).toFixed(1)} % |`;
  });
}

if (args['write-docs']) {
  const find = (name: string): Run => runs.find((r) => r.name === name)!;
  const block = (r: Run): string => `\`${r.command}\` (${r.seconds.toFixed(0)} s):\n\n\`\`\`\n${renderBacktest(r.result).trim()}\n\`\`\``;
  replaceSection('restock', `## Restock backtest on warehouse data (\`npm run bench:restock -- --write-docs\`)

The replay: the last ${base.weeks} weeks of a warehouse, store x SKU pairs sampled (at least 8 units sold in the 112 days
before), each store's own lead time (2-5 d) and review period (3 or 7 d; goods that keep a week or less are ordered
daily, next-day delivery: \`pipelines/restock/supply.ts\`), pack sizes, minimum orders and shelf lives; targets 90 % and
95 % for every pair. Fill = units sold / units demanded, pooled over pairs. Min/max resets its levels every 28 days
from the last 4 weeks and its min covers lead time plus review; "min/max, fill of ..." is min/max with its safety
factor z moved (bisection) until it fills as well as our policy did: the like-for-like stock comparison. Forecaster:
moving average with weekday factors on censoring-corrected sales unless named (\`core\`: the automatic forecasting
core; \`stage\`: routed as the nightly forecast stage routes, negative-binomial dispersion read by restock).

Data: the county set is bench:pipeline's (${villages} villages x 300 SKUs x 730 days, seed 1, generated with \`--truth\`,
cached in \`${rel(county.dir)}/\`); the demo set is \`npm start\`'s (50 villages, 300 SKUs, 2.5 years).

| replay | target | our fill | our stock (units, ¥ at cost) | min/max at our fill | units ratio | ¥ ratio | our fill, fresh goods |
|---|---|---|---|---|---|---|---|
${runs.flatMap(targetRows).join('\n')}

### County set, true demand = the generator's latent demand
${block(find('county, true demand'))}

### County set, true demand = observed sales with stock-out days uncensored (what a real deployment has)
${block(find('county, uncensored sales'))}

### Demo set
${block(find('demo, moving average'))}

${block(find('demo, core'))}

${block(find('demo, stage, seed 1'))}
`);
}
