/**
 * Publish cost at a county-ish scale (not a test; run by hand):
 *   npx tsx test/pipelines/publish/bench-publish.ts [stores=500] [skus=100] [horizon=14] [days=182]
 * Builds a throwaway warehouse with synthetic rows (1 store per village, 10 villages per town,
 * 10 towns per county), publishes one run, then times what a reader does: open + verify, and one
 * store's forecasts from Parquet in an in-memory DuckDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { DEFAULT_DATASETS, datasetSource, openLatestSnapshot, publishSnapshot } from '../../../pipelines/publish/index.ts';

const [stores = 500, skus = 100, horizon = 14, days = 182] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'rd-bench-publish-'));
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

try {
  const wh = await Warehouse.open(join(dir, 'wh.duckdb'), { threads: 2 });
  const c = wh.connection;
  let t = performance.now();
  await c.run(`
    INSERT INTO provinces VALUES ('P1', '省', 'Sheng');
    INSERT INTO counties SELECT 'C' || i, 'P1', '县', 'Xian' FROM range(${Math.ceil(stores / 100)}) r(i);
    INSERT INTO towns SELECT 'T' || i, 'C' || (i // 10), '镇', 'Zhen' FROM range(${Math.ceil(stores / 10)}) r(i);
    INSERT INTO villages SELECT 'V' || i, 'T' || (i // 10), '村', 'Cun', 500 FROM range(${stores}) r(i);
    INSERT INTO stores SELECT 'S' || i, 'V' || i, '店', 'Dian', 'mom_and_pop', 2, 7, 0.9, 1, NULL, NULL, NULL FROM range(${stores}) r(i);
    INSERT INTO products SELECT 'K' || i, '货', 'Goods', 'snacks', 'x', 'brand' || (i % 20), 'pack', 1, 3.5, 2, NULL, false FROM range(${skus}) r(i);
    INSERT INTO forecast_runs VALUES ('BENCH', DATE '2026-11-18', ${horizon}, now(), now(), 'done', NULL);
    INSERT INTO demand_daily
      SELECT 'S' || s, 'K' || k, DATE '2026-11-18' - CAST(d AS INTEGER), floor(random() * 6), 0, 0, random() < 0.05, NULL
      FROM range(${stores}) a(s), range(${skus}) b(k), range(${days}) e(d) WHERE random() < 0.3;
    INSERT INTO forecasts
      SELECT 'BENCH', 'store', 'S' || s, 'K' || k, DATE '2026-11-18' + CAST(h AS INTEGER), h, random() * 3,
             1, 2, 3, 4, 5, 'ets'
      FROM range(${stores}) a(s), range(${skus}) b(k), range(1, ${horizon + 1}) e(h);
    INSERT INTO restock_suggestions
      SELECT 'BENCH', 'S' || s, 'K' || k, DATE '2026-11-18', 1, 0, 5, 4, 3, 0.1, 0.95, 8, NULL, 1, true, 'trend', '补货', 'restock'
      FROM range(${stores}) a(s), range(${skus}) b(k);`);
  const count = async (sql: string) => Number((await c.runAndReadAll(sql)).getRows()[0]?.[0]);
  process.stderr.write(`seeded in ${ms(t)}: demand_daily ${await count('SELECT count(*) FROM demand_daily')} rows, forecasts ${await count('SELECT count(*) FROM forecasts')}\n`);

  const root = join(dir, 'snapshots');
  // CPU time as well as wall time: the machine is shared, and CPU seconds move less with load.
  const cpu = (u: NodeJS.CpuUsage) => `${((u.user + u.system) / 1e6).toFixed(1)} s CPU`;
  t = performance.now();
  let u = process.cpuUsage();
  const m = await publishSnapshot(c, { root, runId: 'BENCH' });
  process.stderr.write(`publishSnapshot: ${ms(t)}, ${cpu(process.cpuUsage(u))}\n`);
  for (const d of DEFAULT_DATASETS) {
    const e = m.datasets.find((x) => x.name === d.name);
    t = performance.now();
    u = process.cpuUsage();
    await publishSnapshot(c, { root: join(dir, `only-${d.name}`), runId: 'BENCH', tables: [d] });
    process.stderr.write(`  ${d.name.padEnd(20)} ${String(e?.rows).padStart(9)} rows ${((e?.bytes ?? 0) / 1e6).toFixed(2).padStart(6)} MB  alone: ${ms(t)}, ${cpu(process.cpuUsage(u))}\n`);
  }
  await wh.close();

  t = performance.now();
  const h = await openLatestSnapshot(root);
  process.stderr.write(`openLatestSnapshot (sizes): ${ms(t)}\n`);
  t = performance.now();
  await openLatestSnapshot(root, { verifySha256: true });
  process.stderr.write(`openLatestSnapshot (SHA-256): ${ms(t)}\n`);
  const db = await DuckDBInstance.create(':memory:');
  const r = await db.connect();
  for (let i = 0; i < 2; i++) {
    t = performance.now();
    const n = await r.runAndReadAll(`SELECT count(*) FROM ${datasetSource(h!, 'forecasts')} WHERE level = 'store' AND node_id = 'S7'`);
    process.stderr.write(`one store's forecasts (${String(n.getRows()[0]?.[0])} rows), query ${i + 1}: ${ms(t)}\n`);
  }
  r.closeSync();
  db.closeSync();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
