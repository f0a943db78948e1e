/**
 * The forecast stage in-process against BullMQ with 1, 2 and 4 shard-worker processes, on a copy of
 * the demo warehouse (`npm start` makes it), in one run; and the queue's own overhead per job (a
 * no-op job's round trip). Every side uses one forecasting thread per process (workers: 0), so the
 * ratio isolates the queue and the process split. Each BullMQ run: shard inputs written, one job
 * per shard, workers take them, outputs merged into the warehouse (the writer's part is timed too).
 *   npm run bench:jobs -- [--per-shard 10] [--json FILE] [--write-docs]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { openQueues } from '../jobs/queues.ts';
import { connectRedis, redisUrl } from '../jobs/redis.ts';
import { Warehouse } from '../jobs/warehouse.ts';
import { runForecastStage } from '../pipelines/forecast-stage/run.ts';
import { mergeShards, writeShardInputs } from '../pipelines/forecast-stage/shards.ts';
import { deletePrefix } from '../test/helpers/bullmq.ts';
import { replaceSection } from './docs-section.ts';

const { values } = parseArgs({ options: {
  'per-shard': { type: 'string', default: '10' }, warehouse: { type: 'string', default: 'data/warehouse.duckdb' },
  json: { type: 'string' }, 'write-docs': { type: 'boolean' },
} });
const CLI = fileURLToPath(new URL('../bin/rural-demand.js', import.meta.url));
const PER_SHARD = Number(values['per-shard']);
if (!existsSync(values.warehouse!)) {
  process.stderr.write(`no warehouse at ${values.warehouse}: run \`npm start\` first\n`);
  process.exit(66);
}
const tmp = mkdtempSync(join(tmpdir(), 'rd-bench-jobs-'));
const path = join(tmp, 'wh.duckdb');
copyFileSync(values.warehouse!, path);
if (existsSync(`${values.warehouse}.wal`)) copyFileSync(`${values.warehouse}.wal`, `${path}.wal`);
const prefix = `rdbench-${process.pid}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Side { readonly name: string; readonly workers: number | null; readonly seconds: number; readonly series: number; readonly seriesPerSec: number; readonly writerSeconds?: number; readonly shardSeconds?: number; readonly shards?: number }

async function inProcess(wh: Warehouse): Promise<Side> {
  // Warm like the workers: one untimed run first, so both sides are measured in steady state.
  await runForecastStage(wh.connection, { runId: 'bench-inproc-warm', workers: 0 });
  const r = await runForecastStage(wh.connection, { runId: 'bench-inproc', workers: 0 });
  return { name: 'in-process', workers: null, seconds: r.seconds, series: r.storeSeries, seriesPerSec: r.storeSeries / r.seconds };
}

function startWorkers(n: number): ChildProcess[] {
  // --single-threaded-gc: V8's parallel GC helpers otherwise give each "one-thread" process a
  // second core's worth of work, and two processes then contend on 2 cores.
  return Array.from({ length: n }, () => spawn(process.execPath, ['--single-threaded-gc', CLI, 'jobs', 'start', '--role', 'worker', '--prefix', prefix, '--threads', '0'],
    { env: { ...process.env, LOG_LEVEL: 'warn', }, stdio: ['ignore', 'ignore', 'inherit'] }));
}

async function stopWorkers(ws: ChildProcess[]): Promise<void> {
  await Promise.all(ws.map((w) => new Promise<void>((res) => { if (w.exitCode !== null) res(); else { w.once('exit', () => res()); w.kill('SIGTERM'); } })));
}

async function throughQueue(wh: Warehouse, n: number, series: number): Promise<Side> {
  const redis = connectRedis();
  const q = openQueues(redis, prefix);
  // BullMQ leaves a connection it was handed open on close(): each is kept and dropped here, or the
  // bench hung after printing its table.
  const eventsConn = connectRedis();
  const events = new QueueEvents(q.shards.name, { connection: eventsConn, prefix });
  const ws = startWorkers(n);
  try {
    while ((await q.shards.getWorkersCount()) < n) await sleep(100);
    await events.waitUntilReady();
    const finished = new Set<string>();
    let busy = 0;
    let current = '';
    events.on('completed', ({ jobId, returnvalue }) => {
      // A late event of the warm-up round must not count towards the timed one.
      if (!jobId.startsWith(`${current}-`)) return;
      finished.add(jobId);
      busy += Number((returnvalue as unknown as { seconds?: number } | undefined)?.seconds ?? (JSON.parse(String(returnvalue)) as { seconds: number }).seconds);
    });
    events.on('failed', ({ jobId, failedReason }) => process.stderr.write(`shard ${jobId} failed: ${failedReason}\n`));
    // Round 0 warms the worker processes (JIT: a fresh Node process spends about a second of
    // compiler-thread CPU on its first shards); production workers are long-lived. Round 1 is timed.
    let timed: Side | undefined;
    for (const round of [0, 1]) {
      const runId = round === 0 ? `bench-q${n}-warm` : `bench-q${n}`;
      finished.clear();
      busy = 0;
      current = runId;
      const t0 = performance.now();
      const plan = await writeShardInputs(wh.connection, join(tmp, 'shards'), { runId, perShard: PER_SHARD });
      const tw = performance.now();
      const ids = Array.from({ length: plan.shards }, (_, k) => `${runId}-${k}`);
      await q.shards.addBulk(ids.map((id, k) => ({ name: 'shard', data: { dir: plan.dir, shard: k, runId: plan.runId }, opts: { jobId: id } })));
      while (finished.size < plan.shards) await sleep(20);
      const tm = performance.now();
      await mergeShards(wh.connection, plan.dir);
      const t1 = performance.now();
      if (round === 0) continue;
      const seconds = (t1 - t0) / 1000;
      const shardPhase = (tm - tw) / 1000;
      process.stderr.write(`  ${n} worker(s): shard work ${busy.toFixed(1)} s in all, shard phase ${shardPhase.toFixed(1)} s wall\n`);
      process.stderr.write(`  writer: shard inputs ${((tw - t0) / 1000).toFixed(2)} s, merge ${((t1 - tm) / 1000).toFixed(2)} s\n`);
      timed = { name: `BullMQ, ${n} worker${n > 1 ? 's' : ''}`, workers: n, seconds, series, seriesPerSec: series / seconds,
        writerSeconds: ((tw - t0) + (t1 - tm)) / 1000, shardSeconds: shardPhase, shards: plan.shards };
    }
    return timed!;
  } finally {
    await stopWorkers(ws);
    await events.close();
    await q.close();
    eventsConn.disconnect();
    redis.disconnect();
  }
}

/** Round trip of a job that does nothing: add, a worker takes it, completion seen. */
async function overheadPerJob(jobs: number): Promise<number> {
  const conn = connectRedis();
  const queue = new Queue('bench-noop', { connection: conn, prefix });
  const eventsConn = connectRedis();
  const workerConn = connectRedis();
  const events = new QueueEvents('bench-noop', { connection: eventsConn, prefix });
  const worker = new Worker('bench-noop', async () => null, { connection: workerConn, prefix, concurrency: 1 });
  await events.waitUntilReady();
  await worker.waitUntilReady();
  const t0 = performance.now();
  for (let i = 0; i < jobs; i++) {
    const job = await queue.add('noop', {}, { removeOnComplete: true });
    await job.waitUntilFinished(events);
  }
  const ms = (performance.now() - t0) / jobs;
  await worker.close();
  await events.close();
  await queue.close();
  for (const c of [conn, eventsConn, workerConn]) c.disconnect();
  return ms;
}

try {
  // One DuckDB thread, like each shard worker: "the same number of threads" on both sides.
  const wh = await Warehouse.open(path, { threads: 1 });
  let sides: Side[];
  let overhead: number;
  try {
    const base = await inProcess(wh);
    process.stderr.write(`in-process: ${base.series} series in ${base.seconds.toFixed(1)} s\n`);
    sides = [base];
    for (const n of [1, 2, 4]) {
      const s = await throughQueue(wh, n, base.series);
      process.stderr.write(`${s.name}: ${s.seconds.toFixed(1)} s (${s.shards} shards; writer ${s.writerSeconds!.toFixed(1)} s)\n`);
      sides.push(s);
    }
    overhead = await overheadPerJob(200);
  } finally {
    await wh.close();
  }
  const base = sides[0]!;
  const one = sides[1]!;
  const result = {
    command: 'npm run bench:jobs', perShard: PER_SHARD, loadavg: loadavg()[0], redis: redisUrl().replace(/\/\/.*@/, '//'),
    sides, oneWorkerVsInProcess: one.seriesPerSec / base.seriesPerSec, twoVsOne: sides[2]!.seriesPerSec / one.seriesPerSec,
    fourVsOne: sides[3]!.seriesPerSec / one.seriesPerSec, overheadMsPerJob: overhead,
    // The part that scales out: the workers' shard phase alone (the writer's part is serial by design).
    shardPhaseTwoVsOne: one.shardSeconds! / sides[2]!.shardSeconds!, shardPhaseFourVsOne: one.shardSeconds! / sides[3]!.shardSeconds!,
  };
  const lines = sides.map((s) => `${s.name.padEnd(20)} ${s.seriesPerSec.toFixed(0).padStart(7)} series/s  (${s.seconds.toFixed(1)} s${s.shards ? `, ${s.shards} shards, writer ${s.writerSeconds!.toFixed(1)} s` : ''})`);
  lines.push(`1 worker / in-process ${result.oneWorkerVsInProcess.toFixed(2)} (target >= 0.90); 2 workers / 1 ${result.twoVsOne.toFixed(2)} end to end, ${result.shardPhaseTwoVsOne.toFixed(2)} in the shard phase (target >= 1.7); 4 / 1 ${result.fourVsOne.toFixed(2)}, ${result.shardPhaseFourVsOne.toFixed(2)} (2 cores)`);
  lines.push(`queue overhead: ${overhead.toFixed(2)} ms per job (no-op round trip)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  if (values['write-docs']) {
    replaceSection('jobs', `## Scheduled jobs: the forecast stage through BullMQ (\`npm run bench:jobs -- --write-docs\`)

The forecast stage on a copy of the demo warehouse (\`npm start\`: 50 villages, 300 SKUs), in-process and
through BullMQ with 1, 2 and 4 shard-worker processes (one forecasting thread each, like the in-process side),
${PER_SHARD} SKUs per shard, Redis on this machine. A BullMQ run is timed from the writer writing the shard inputs
to the merge of every output into the warehouse; each side is measured in steady state (one untimed warm-up
run first: a fresh Node process spends about a second of JIT-compiler CPU on its first shards, and production
workers are long-lived). The shard phase is the part that scales out; the writer's part (shard inputs out,
outputs merged into the warehouse, one process by design) does not. Load average at the end: ${loadavg()[0]!.toFixed(2)}.

| side | series/s | seconds | shards | writer's part (s) | shard phase (s) | vs baseline, end to end | shard phase vs one worker |
|---|---:|---:|---:|---:|---:|---:|---:|
${sides.map((s, i) => `| ${s.name} | ${s.seriesPerSec.toFixed(0)} | ${s.seconds.toFixed(1)} | ${s.shards ?? ''} | ${s.writerSeconds?.toFixed(1) ?? ''} | ${s.shardSeconds?.toFixed(1) ?? ''} | ${i === 0 ? '' : i === 1 ? `${result.oneWorkerVsInProcess.toFixed(2)} of in-process` : `${(s.seriesPerSec / one.seriesPerSec).toFixed(2)}x one worker`} | ${i < 2 ? '' : `${(one.shardSeconds! / s.shardSeconds!).toFixed(2)}x`} |`).join('\n')}

Queue overhead: ${overhead.toFixed(2)} ms per job (a no-op job's round trip: add, take, complete, seen).
Targets: one worker at least 0.90 of in-process; two at least 1.7x one (this machine has 2 cores, so four
cannot beat two).`);
  }
} finally {
  await deletePrefix(prefix);
  rmSync(tmp, { recursive: true, force: true });
}
