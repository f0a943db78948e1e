/**
 * npm run bench:ingest [-- --lines 5000000] [--json FILE] [--write-docs]
 *
 * Ingests one generated orders file of at least 5M lines (CSV, then Parquet) and prints our rows/s
 * beside DuckDB's own bare `COPY ... FROM` of the same file, measured in the same run. Each side runs
 * in a fresh child process on a fresh warehouse so its peak RSS is its own. Ours includes the
 * SHA-256 of the file, validation, dedupe and the manifest, all in one transaction.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { Warehouse } from '../jobs/warehouse.ts';
import { generate } from '../pipelines/generate/index.ts';
import { ingestPaths } from '../pipelines/ingest/ingest.ts';
import { replaceSection } from './docs-section.ts';

const SELF = fileURLToPath(import.meta.url);
const NOW = new Date('2026-11-01T00:00:00Z');
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

interface Measure {
  side: 'bare' | 'ours';
  format: string;
  rows: number;
  ms: number;
  /** Process CPU (user + sys, all DuckDB threads) over the timed section. */
  cpuMs: number;
  maxRssMB: number;
  rejected?: number;
}

/** Child: one measurement on a fresh warehouse, printed as JSON on stdout. */
async function child(side: 'bare' | 'ours', file: string, master: string[], dbPath: string): Promise<void> {
  for (const f of [dbPath, `${dbPath}.wal`]) rmSync(f, { force: true });
  const wh = await Warehouse.open(dbPath);
  await ingestPaths(wh.connection, master, { now: NOW });
  const format = file.endsWith('.parquet') ? 'parquet' : 'csv';
  let rows: number;
  let rejected: number | undefined;
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  if (side === 'bare') {
    const reader = format === 'parquet' ? `read_parquet('${file}')` : `read_csv('${file}')`;
    await wh.connection.run(`CREATE TABLE bare AS SELECT * FROM ${reader} LIMIT 0`);
    const opts = format === 'parquet' ? '(FORMAT parquet)' : '(FORMAT csv, HEADER true)';
    const r = await wh.connection.runAndReadAll(`COPY bare FROM '${file}' ${opts}`);
    rows = Number(r.getRows()[0]?.[0] ?? 0);
  } else {
    // Through ingestPaths, as the CLI and the jobs call it (it also sets the ingest memory limit).
    const summary = await ingestPaths(wh.connection, [file], { now: NOW, failFast: true });
    rows = summary.read;
    rejected = summary.rejected;
  }
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  await wh.close();
  const out: Measure = { side, format, rows, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, rejected };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function prepare(dir: string, lines: number): Promise<{ csv: string; parquet: string; master: string[] }> {
  const csv = join(dir, 'orders.csv');
  const parquet = join(dir, 'orders.parquet');
  const stamp = join(dir, `ready-v2-${lines}`);
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // About 1.05M order lines come from 50 villages over 914 days (measured); scale villages to the target.
    const villages = Math.ceil((lines / 1_000_000) * 50);
    process.stderr.write(`generating about ${lines.toLocaleString()} order lines (${villages} villages, clean rows) ...\n`);
    await generate({ out: join(dir, 'gen'), villages, seed: 5, format: 'csv', gzip: false, dirtyRate: 0, kinds: ['orders'], singleFile: true });
    const gen = join(dir, 'gen');
    const ordersFile = readdirSync(gen).find((f) => f.startsWith('orders'));
    if (!ordersFile) throw new Error('generator wrote no orders file');
    const mem = await DuckDBInstance.create(':memory:');
    const c = await mem.connect();
    await c.run(`COPY (SELECT * FROM read_csv('${join(gen, ordersFile)}', all_varchar = true)) TO '${csv}' (HEADER)`);
    await c.run(`COPY (SELECT * FROM read_csv('${join(gen, ordersFile)}')) TO '${parquet}' (FORMAT parquet)`);
    c.closeSync();
    mem.closeSync();
    rmSync(join(gen, ordersFile));
    writeFileSync(stamp, '');
  }
  const gen = join(dir, 'gen');
  return { csv, parquet, master: readdirSync(gen).filter((f) => /^(geography|stores|products|sellers)/.test(f)).map((f) => join(gen, f)) };
}

function runChild(side: 'bare' | 'ours', file: string, master: string[], db: string): Measure {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', side, file, db, ...master], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${side} child failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Measure;
}

async function main(): Promise<void> {
  if (args[0] === '--child') {
    const [, side, file, db, ...master] = args;
    await child(side as 'bare' | 'ours', file!, master, db!);
    return;
  }
  const lines = Number(arg('--lines') ?? 5_000_000);
  const dir = resolve('.bench-data/ingest');
  const { csv, parquet, master } = await prepare(dir, lines);
  const results: { format: string; rows: number; bareRowsPerSec: number; oursRowsPerSec: number; ratio: number; cpuRatio: number; bareRssMB: number; oursRssMB: number }[] = [];
  for (const file of [csv, parquet]) {
    const bare = runChild('bare', file, master, join(dir, 'bench.duckdb'));
    const ours = runChild('ours', file, master, join(dir, 'bench.duckdb'));
    if (ours.rows < 5_000_000 && lines >= 5_000_000) throw new Error(`only ${ours.rows} lines generated`);
    const b = bare.rows / (bare.ms / 1000);
    const o = ours.rows / (ours.ms / 1000);
    results.push({ format: bare.format, rows: ours.rows, bareRowsPerSec: b, oursRowsPerSec: o, ratio: o / b, cpuRatio: bare.cpuMs / ours.cpuMs, bareRssMB: bare.maxRssMB, oursRssMB: ours.maxRssMB });
    process.stderr.write(`${bare.format}: bare ${Math.round(b).toLocaleString()} rows/s (${Math.round(bare.cpuMs)} CPU ms), ours ${Math.round(o).toLocaleString()} rows/s (${Math.round(ours.cpuMs)} CPU ms)\n`);
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const table = [
    '| format | rows | bare COPY rows/s | ours rows/s | ours / bare (wall) | ours / bare (CPU) | peak RSS bare | peak RSS ours |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.format} | ${r.rows.toLocaleString('en-US')} | ${Math.round(r.bareRowsPerSec).toLocaleString('en-US')} | ${Math.round(r.oursRowsPerSec).toLocaleString('en-US')} | ${r.ratio.toFixed(2)} | ${r.cpuRatio.toFixed(2)} | ${Math.round(r.bareRssMB)} MiB | ${Math.round(r.oursRssMB)} MiB |`),
  ].join('\n');
  process.stdout.write(`${table}\n\nload average at the end: ${load}; target: ours/bare >= 0.50 and peak RSS < 1536 MiB\n`);
  const json = arg('--json');
  if (json) writeFileSync(json, JSON.stringify({ lines, results, load }, null, 2));
  if (args.includes('--write-docs')) {
    replaceSection('ingest', `## Ingestion (\`npm run bench:ingest -- --write-docs\`)\n\nOne generated orders file (clean rows, so the bare COPY can load it), ingested into a fresh warehouse that holds the master data. "Ours" is the whole \`ingestFile\`: SHA-256 of the file, staged read, type and business-rule checks with line-numbered rejects, lookup of stores and SKUs, key dedupe against the warehouse and the manifest row, in one transaction. Each side runs in its own child process (peak RSS is the child's). "ours / bare (wall)" compares rows per second of wall time; "(CPU)" compares rows per CPU-second of the whole process (user + sys over all DuckDB threads), which stays comparable when other work shares the 2 cores.\n\n${table}\n\nLoad average when it finished: ${load} (other work shared the 2 cores).\n`);
  }
}

await main();
