/**
 * Faults with real processes on a real Redis: a shard worker killed mid-shard (its shard is taken
 * over, the published result equals a clean run's), 1, 2 and 4 worker processes publishing the
 * same result, the writer killed mid-ingest (no row lost or doubled after restart), and a Redis
 * server this test starts itself (own port, AOF on) restarted mid-run (no job lost, the run ends).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../jobs/nightly.ts';
import type { JobsConfig } from '../../jobs/queues.ts';
import { JobsRuntime } from '../../jobs/runtime.ts';
import { Warehouse } from '../../jobs/warehouse.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { readLatest } from '../../pipelines/publish/index.ts';
import { deletePrefix, RedisServer, testPrefix } from '../helpers/bullmq.ts';
import { warehouseFingerprint } from '../helpers/fingerprint.ts';
import { tempDir } from '../helpers/temp.ts';
import { sleep, until } from '../helpers/wait.ts';

const CLI = fileURLToPath(new URL('../../bin/rural-demand.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));
const tmp = tempDir('bullmq-faults');
const prefixes: string[] = [];
const children: ChildProcess[] = [];
const quiet = pino({ level: 'silent' });

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const p of prefixes) await deletePrefix(p);
  tmp.cleanup();
});

function config(name: string): JobsConfig {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, 'inbox'), { recursive: true });
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return { prefix, warehouse: join(dir, 'wh.duckdb'), inbox: join(dir, 'inbox'), snapshots: join(dir, 'snap'), shards: join(dir, 'shards'), perShard: 4, horizon: 14, lockMs: 2000 };
}

function jobsProcess(cfg: JobsConfig, role: 'worker' | 'writer', env: Record<string, string> = {}, redisUrl?: string): ChildProcess {
  const args = [CLI, 'jobs', 'start', '--role', role, '--prefix', cfg.prefix, '--lock-ms', '2000', '--writer-lock-ms', '2000', '--no-schedules',
    '--warehouse', cfg.warehouse, '--inbox', cfg.inbox, '--snapshots', cfg.snapshots, '--shards', cfg.shards, '--per-shard', '4', '--horizon', '14'];
  const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'warn', ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', () => undefined);
  children.push(child);
  return child;
}

const exited = (c: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((res) => (c.exitCode !== null || c.signalCode !== null ? res({ code: c.exitCode, signal: c.signalCode }) : c.once('exit', (code, signal) => res({ code, signal }))));

async function stop(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  c.kill('SIGTERM');
  await exited(c);
}

/** A published table's rows without the run id, in a fixed order, as text. */
async function published(root: string, runId: string, table: string): Promise<string> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(`SELECT * EXCLUDE (run_id) FROM read_parquet('${join(root, runId, `${table}.parquet`)}') ORDER BY ALL`);
  c.closeSync();
  db.closeSync();
  return JSON.stringify(r.getRows().map((x) => x.map(String)));
}

describe('faults with real processes', () => {
  let reference: { root: string; runId: string };
  beforeAll(async () => {
    const root = join(tmp.dir, 'reference-snap');
    const wh = await Warehouse.open(join(tmp.dir, 'reference.duckdb'));
    await ingestPaths(wh.connection, [SAMPLE]);
    const r = await runNightly(wh, { horizon: 14, workers: 0, publishRoot: root, runId: 'reference' });
    await wh.close();
    reference = { root, runId: r.runId };
  }, 120_000);

  it('a worker killed mid-shard: another takes the shard over; 1, 2 and 4 workers publish what a clean in-process run does', async () => {
    const cfg = config('shards');
    const wh = await Warehouse.open(cfg.warehouse);
    await ingestPaths(wh.connection, [SAMPLE]);
    await wh.close();
    const writer = await JobsRuntime.start({ config: cfg, role: 'writer', schedules: false, logger: quiet });
    try {
      const runs: string[] = [];
      const nightly = async (id: string): Promise<string> => {
        const before = await readLatest(cfg.snapshots);
        await writer.queues.writer.add('nightly', {}, { jobId: id });
        await until(`nightly ${id} published`, async () => {
          const l = await readLatest(cfg.snapshots);
          return l !== undefined && l !== before;
        });
        const latest = (await readLatest(cfg.snapshots))!;
        runs.push(latest);
        return latest;
      };
      // The first worker dies on the first shard it reads.
      const doomed = jobsProcess(cfg, 'worker', { RURAL_DEMAND_FAULT: 'shard-after-read' });
      await writer.queues.writer.add('nightly', {}, { jobId: 'n-kill' });
      expect((await exited(doomed)).signal).toBe('SIGKILL');
      const rescuer = jobsProcess(cfg, 'worker');
      await until('the killed run published', async () => (await readLatest(cfg.snapshots)) !== undefined);
      runs.push((await readLatest(cfg.snapshots))!);
      const shards = await writer.queues.shards.getJobs(['completed'], 0, 500);
      const taken = shards.filter((j) => j.data.runId === runs[0]);
      expect(taken.length).toBeGreaterThan(1);
      // The shard the dead worker held was stalled and run again.
      expect(taken.some((j) => (j.stalledCounter ?? 0) > 0 || j.attemptsMade > 1 || (j.attemptsStarted ?? 0) > 1)).toBe(true);
      await stop(rescuer);
      for (const n of [1, 2, 4]) {
        const ws = Array.from({ length: n }, () => jobsProcess(cfg, 'worker'));
        await nightly(`n-${n}-workers`);
        await Promise.all(ws.map(stop));
      }
      const want = await published(reference.root, reference.runId, 'forecasts');
      const wantRestock = await published(reference.root, reference.runId, 'restock_suggestions');
      expect(runs).toHaveLength(4);
      for (const r of runs) {
        expect(await published(cfg.snapshots, r, 'forecasts'), r).toBe(want);
        expect(await published(cfg.snapshots, r, 'restock_suggestions'), r).toBe(wantRestock);
      }
    } finally {
      await writer.close();
    }
  }, 240_000);

  it('the writer killed mid-ingest: after a restart no row is lost or doubled', async () => {
    const cfg = config('writer');
    cpSync(SAMPLE, cfg.inbox, { recursive: true });
    const clean = await Warehouse.open(join(tmp.dir, 'clean-ingest.duckdb'));
    await ingestPaths(clean.connection, [cfg.inbox]);
    const want = await warehouseFingerprint(clean.connection);
    await clean.close();
    const doomed = jobsProcess(cfg, 'writer', { RURAL_DEMAND_FAULT: 'ingest-after-commit:3' });
    const trigger = await JobsRuntime.start({ config: cfg, role: 'worker', schedules: false, logger: quiet });
    try {
      await trigger.queues.writer.add('ingest', {}, { jobId: 'ingest-kill' });
      expect((await exited(doomed)).signal).toBe('SIGKILL');
      const writer = jobsProcess(cfg, 'writer');
      await until('the ingest job to complete after the restart', async () => (await (await trigger.queues.writer.getJob('ingest-kill'))?.isCompleted()) === true);
      await stop(writer);
    } finally {
      await trigger.close();
    }
    const wh = await Warehouse.open(cfg.warehouse);
    try {
      expect(await warehouseFingerprint(wh.connection)).toEqual(want);
    } finally {
      await wh.close();
    }
  }, 120_000);

  it('Redis restarted mid-run (AOF on): no job lost, the run completes', async () => {
    const cfg = config('redis-restart');
    const wh = await Warehouse.open(cfg.warehouse);
    await ingestPaths(wh.connection, [SAMPLE]);
    await wh.close();
    const dir = join(tmp.dir, 'redis-data');
    mkdirSync(dir, { recursive: true });
    const redis = await RedisServer.start(dir);
    const worker = jobsProcess(cfg, 'worker', {}, redis.url);
    const writer = await JobsRuntime.start({ config: cfg, role: 'writer', schedules: false, logger: quiet, redisUrl: redis.url });
    try {
      await writer.queues.writer.add('nightly', {}, { jobId: 'n-restart' });
      // Down as soon as the shards are queued, so they are waiting in Redis when it goes.
      await until('shards queued', async () => (await writer.queues.shards.getJobCounts('waiting', 'active', 'completed')).waiting! + (await writer.queues.shards.getJobCounts('active')).active! > 0, 60_000);
      await redis.down();
      await sleep(1500);
      await redis.up();
      await until('the run published after the restart', async () => (await readLatest(cfg.snapshots)) !== undefined, 120_000);
      const runId = (await readLatest(cfg.snapshots))!;
      expect(await published(cfg.snapshots, runId, 'forecasts')).toBe(await published(reference.root, reference.runId, 'forecasts'));
      const finish = await writer.queues.writer.getJob(`finish-${runId}`);
      expect(await finish?.isCompleted()).toBe(true);
    } finally {
      await writer.close();
      await stop(worker);
      await redis.down();
    }
  }, 180_000);
});
