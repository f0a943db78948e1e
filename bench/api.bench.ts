/**
 * HTTP throughput of the API against bare Fastify twins, with autocannon (50 connections), on a
 * copy of the latest published snapshot (`npm start` makes one). Routes: a store's restock list
 * (first page of 30 suggestions) and a brand's insight cells by county; each twin returns the very
 * same body from a constant with the same response schema, in the same server process. Then the
 * restock route again while a new snapshot is published mid-run (the server verifies, loads and
 * swaps it), against the idle run.
 *   npm run bench:api -- [--duration 10] [--snapshots data/snapshots] [--json FILE] [--write-docs]
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { KeyStore } from '../pipelines/keys/key-store.ts';
import { openSnapshot, readLatest, setLatest } from '../pipelines/publish/index.ts';
import { copySnapshot } from '../test/helpers/api-fixture.ts';
import { replaceSection } from './docs-section.ts';

const { values } = parseArgs({ options: {
  duration: { type: 'string', default: '10' }, snapshots: { type: 'string', default: 'data/snapshots' },
  json: { type: 'string' }, 'write-docs': { type: 'boolean' },
} });
const DURATION = Number(values.duration);
const CONNECTIONS = 50;

const latest = await readLatest(values.snapshots!);
if (latest === undefined) {
  process.stderr.write(`no snapshot in ${values.snapshots}: run \`npm start\` first\n`);
  process.exit(66);
}
const tmp = mkdtempSync(join(tmpdir(), 'rd-bench-api-'));
const root = join(tmp, 'snapshots');
cpSync(join(values.snapshots!, latest), join(root, latest), { recursive: true });
await setLatest(root, latest);
const handle = await openSnapshot(root, latest);
const { DuckDBInstance } = await import('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const pick = async (sql: string): Promise<string> => String((await conn.runAndReadAll(sql)).getRows()[0]![0]);
const store = await pick(`SELECT store_id FROM read_parquet('${handle.files['restock_suggestions']![0]}') GROUP BY store_id HAVING count(*) >= 30 ORDER BY store_id LIMIT 1`);
const brand = await pick(`SELECT brand FROM read_parquet('${handle.files['brand_cells']![0]}') WHERE brand <> 'ALL' GROUP BY brand ORDER BY count(*) FILTER (WHERE NOT suppressed) DESC, brand LIMIT 1`);
conn.closeSync();
db.closeSync();

const keys = await KeyStore.open(join(tmp, 'api-keys.json'));
const shopKey = (await keys.create('shopkeeper', { stores: [store] }, 'bench')).key;
const brandKey = (await keys.create('brand', { brand }, 'bench')).key;
const restockPath = `/v1/stores/${store}/restock?limit=30`;
const brandPath = `/v1/brands/${encodeURIComponent(brand)}/cells?by=county`;

const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./api-server.ts', import.meta.url)),
  '--snapshots', root, '--keys', join(tmp, 'api-keys.json'), '--restock', restockPath, '--brand', brandPath,
  '--shop-key', shopKey, '--brand-key', brandKey], { stdio: ['ignore', 'pipe', 'inherit'] });
const urls = await new Promise<{ api: string; bare: string; restockRows: number; brandRows: number }>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const line = out.split('\n')[0];
    if (out.includes('\n') && line) resolve(JSON.parse(line) as { api: string; bare: string; restockRows: number; brandRows: number });
  });
  child.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
});

interface Figure { readonly reqPerSec: number; readonly p50: number; readonly p99: number; readonly non2xx: number; readonly errors: number }

async function load(url: string, key: string | null, seconds: number, during?: () => Promise<void>): Promise<Figure> {
  const run = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: key ? { authorization: `Bearer ${key}` } : {} });
  if (during) void during();
  const r = await run;
  return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

try {
  // Warm both processes' JIT before measuring.
  await load(`${urls.api}${restockPath}`, shopKey, 2);
  await load(`${urls.bare}/bare/restock`, null, 2);
  const bareRestock = await load(`${urls.bare}/bare/restock`, null, DURATION);
  const apiRestock = await load(`${urls.api}${restockPath}`, shopKey, DURATION);
  await load(`${urls.api}${brandPath}`, brandKey, 2);
  const bareBrand = await load(`${urls.bare}/bare/brand`, null, DURATION);
  const apiBrand = await load(`${urls.api}${brandPath}`, brandKey, DURATION);
  let swappedTo = '';
  const publishing = await load(`${urls.api}${restockPath}`, shopKey, DURATION, async () => {
    await new Promise((r) => setTimeout(r, (DURATION * 1000) / 3));
    swappedTo = `${latest}-bench`;
    copySnapshot(root, latest, swappedTo);
    await setLatest(root, swappedTo);
  });
  const fresh = (await (await fetch(`${urls.api}/v1/freshness`, { headers: { authorization: `Bearer ${shopKey}` } })).json()) as { snapshot: string };
  const result = {
    command: 'npm run bench:api', connections: CONNECTIONS, durationSeconds: DURATION, loadavg: loadavg()[0],
    restock: { store, rows: urls.restockRows, bare: bareRestock, api: apiRestock, ratio: apiRestock.reqPerSec / bareRestock.reqPerSec },
    brand: { brand, rows: urls.brandRows, bare: bareBrand, api: apiBrand, ratio: apiBrand.reqPerSec / bareBrand.reqPerSec },
    publishMidRun: { api: publishing, idle: apiRestock, ratio: publishing.reqPerSec / apiRestock.reqPerSec, swappedTo: fresh.snapshot, swapped: fresh.snapshot === swappedTo },
  };
  const f = (x: Figure): string => `${Math.round(x.reqPerSec).toLocaleString('en-US')} req/s, p50 ${x.p50} ms, p99 ${x.p99} ms${x.non2xx + x.errors > 0 ? `, ${x.non2xx} non-2xx, ${x.errors} errors` : ''}`;
  const lines = [
    `restock (${urls.restockRows} rows): ours ${f(apiRestock)} | bare ${f(bareRestock)} | ours/bare ${result.restock.ratio.toFixed(2)} (target >= 0.50; p99 target <= 20 ms)`,
    `brand cells (${urls.brandRows} rows): ours ${f(apiBrand)} | bare ${f(bareBrand)} | ours/bare ${result.brand.ratio.toFixed(2)} (target >= 0.50)`,
    `restock while a snapshot is published: ${f(publishing)} | idle ${Math.round(apiRestock.reqPerSec).toLocaleString('en-US')} req/s | ratio ${result.publishMidRun.ratio.toFixed(2)} (target >= 0.70); swapped to ${fresh.snapshot}: ${result.publishMidRun.swapped ? 'yes' : 'NO'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  if (values['write-docs']) {
    const row = (name: string, ours: Figure, base: Figure, ratio: number): string =>
      `| ${name} | ${Math.round(ours.reqPerSec).toLocaleString('en-US')} | ${ours.p50} | ${ours.p99} | ${Math.round(base.reqPerSec).toLocaleString('en-US')} | ${base.p50} | ${base.p99} | ${ratio.toFixed(2)} |`;
    replaceSection('api', `## HTTP API (\`npm run bench:api -- --write-docs\`)

autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, against \`rural-demand serve\`'s app in its own process, on a copy
of the demo snapshot (\`npm start\`). Each route's baseline is a bare Fastify route in the same server process
that returns the very same body from a constant with the same response schema (no auth, rate limit, security
headers or ETag). Load average at the end: ${loadavg()[0]!.toFixed(2)}; the load generator shares the 2 cores.

| route | ours req/s | p50 ms | p99 ms | bare req/s | bare p50 | bare p99 | ours / bare |
|---|---:|---:|---:|---:|---:|---:|---:|
${row(`store restock, first ${urls.restockRows} suggestions`, apiRestock, bareRestock, result.restock.ratio)}
${row(`brand cells by county (${urls.brandRows} rows)`, apiBrand, bareBrand, result.brand.ratio)}
${row('store restock while a new snapshot is published (baseline: same route idle)', publishing, apiRestock, result.publishMidRun.ratio)}

Targets: each route at least 0.50 of its twin, restock p99 at most 20 ms, at least 0.70 of idle while a
snapshot is published (swapped to the new snapshot during the run: ${result.publishMidRun.swapped ? 'yes' : 'no'}).`);
  }
} finally {
  child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
