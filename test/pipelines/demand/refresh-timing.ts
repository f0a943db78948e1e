/**
 * Timing of the demand stage on the demo set (not a test; run by hand):
 *   npx tsx test/pipelines/demand/refresh-timing.ts [--dir DIR] [--villages 50] [--threads 2]
 * Generates the set into DIR once (default 50 villages x 300 SKUs x 914 days, ~5M fact rows), ingests
 * all but the last month, times a full build, ingests the last month, times the incremental refresh,
 * checks it against a full rebuild, then times series loading and roll-ups. Prints JSON to stdout.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { refreshDemand } from '../../../pipelines/demand/aggregate.ts';
import { weeklyDemand } from '../../../pipelines/demand/rollup.ts';
import { loadStoreSeries } from '../../../pipelines/demand/series.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const dir = arg('--dir', '/tmp/rd-demand-timing');
const villages = Number(arg('--villages', '50'));
const threads = Number(arg('--threads', '2'));
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

async function timed<T>(label: string, f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  const ms = Math.round(performance.now() - t0);
  log(`${label}: ${ms} ms`);
  return [v, ms];
}

const data = join(dir, 'data');
if (!existsSync(join(data, 'manifest.json'))) await timed('generate', () => generate({ out: data, villages }));
const dbPath = join(dir, 'w.duckdb');
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
const wh = await Warehouse.open(dbPath, { threads });
const c = wh.connection;
const files = readdirSync(data).filter((f) => /\.(csv|parquet|jsonl)(\.gz)?$/.test(f)).map((f) => join(data, f));
const months = [...new Set(files.map((f) => /(\d{4}-\d{2})/.exec(f)?.[1]).filter((m): m is string => m !== undefined))].sort();
const last = months[months.length - 1] ?? '';
await timed('ingest batch 1', () => ingestPaths(c, files.filter((f) => !f.includes(last))));
const facts = async (): Promise<number> => Number((await c.runAndReadAll(
  'SELECT (SELECT count(*) FROM till_lines) + (SELECT count(*) FROM order_lines) + (SELECT count(*) FROM inventory_snapshots)')).getRows()[0]?.[0]);
const factsBefore = await facts();
const [first, fullMs] = await timed('full build (batch 1)', () => refreshDemand(c));
await timed(`ingest batch 2 (${last})`, () => ingestPaths(c, files.filter((f) => f.includes(last))));
const [inc, incMs] = await timed('incremental refresh', () => refreshDemand(c));
await c.run('CREATE TEMP TABLE dd_inc AS SELECT * FROM demand_daily');
const [, noopMs] = await timed('refresh again (no-op)', () => refreshDemand(c));
const [rebuild, rebuildMs] = await timed('full rebuild (all)', () => refreshDemand(c, { full: true }));
const diff = Number((await c.runAndReadAll(`SELECT (SELECT count(*) FROM (SELECT * FROM dd_inc EXCEPT ALL SELECT * FROM demand_daily))
  + (SELECT count(*) FROM (SELECT * FROM demand_daily EXCEPT ALL SELECT * FROM dd_inc))`)).getRows()[0]?.[0]);
const asOf = String((await c.runAndReadAll(`SELECT strftime(max(day), '%Y-%m-%d') FROM demand_daily`)).getRows()[0]?.[0]);
const [series, seriesMs] = await timed('loadStoreSeries 365 d total', () => loadStoreSeries(c, { asOf, days: 365, measure: 'total' }));
const [weekStore, weekStoreMs] = await timed('weeklyDemand store x sku', () => weeklyDemand(c, { level: 'store', productLevel: 'sku' }));
const [weekCounty, weekCountyMs] = await timed('weeklyDemand county x category', () => weeklyDemand(c, { level: 'county', productLevel: 'category' }));
await wh.close();
process.stdout.write(`${JSON.stringify({
  villages, threads, factRowsBatch1: factsBefore,
  fullBuild: { ms: fullMs, rows: first.rows }, incremental: { ms: incMs, touched: inc.touchedCells, rows: inc.rows, files: inc.toFileId - inc.fromFileId },
  noopMs, fullRebuild: { ms: rebuildMs, rows: rebuild.rows }, incrementalVsFullDiffRows: diff,
  series: { ms: seriesMs, count: series.length }, weeklyStoreSku: { ms: weekStoreMs, rows: weekStore.length },
  weeklyCountyCategory: { ms: weekCountyMs, rows: weekCounty.length },
}, null, 2)}\n`);
