/**
 * Separate processes for the crash and concurrency tests (run with `node --import tsx`):
 *   publish <warehouse> <root> <runId>  publish and exit (RURAL_DEMAND_FAULT can kill it midway)
 *   hold <warehouse> <root> <runId>     publish, print "ready", keep the warehouse open until stdin closes
 *   read <root> <warehouse>             open LATEST's Parquet in an in-memory DuckDB; print JSON
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { datasetSource, openLatestSnapshot, publishSnapshot } from '../../../pipelines/publish/index.ts';

const [mode, a, b, c] = process.argv.slice(2);

if ((mode === 'publish' || mode === 'hold') && a && b && c) {
  const wh = await Warehouse.open(a);
  await publishSnapshot(wh.connection, { root: b, runId: c });
  if (mode === 'hold') {
    process.stdout.write('ready\n');
    process.stdin.resume();
    await new Promise((done) => process.stdin.on('end', done));
  }
  await wh.close();
} else if (mode === 'read' && a && b) {
  const handle = await openLatestSnapshot(a, { verifySha256: true });
  if (!handle) throw new Error('nothing published');
  let warehouseError = '';
  try {
    (await DuckDBInstance.create(b, { access_mode: 'READ_ONLY' })).closeSync();
  } catch (err) {
    warehouseError = err instanceof Error ? err.message : String(err);
  }
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const rows: Record<string, number> = {};
  for (const name of Object.keys(handle.files)) {
    const r = await conn.runAndReadAll(`SELECT count(*) FROM ${datasetSource(handle, name)}`);
    rows[name] = Number(r.getRows()[0]?.[0]);
  }
  conn.closeSync();
  db.closeSync();
  process.stdout.write(`${JSON.stringify({ runId: handle.runId, rows, warehouseError })}\n`);
} else {
  process.stderr.write('usage: child.ts publish|hold <warehouse> <root> <runId> | read <root> <warehouse>\n');
  process.exitCode = 64;
}
