/**
 * The job system on a real Redis (REDIS_URL or the machine's), a prefix per test run, cleaned up.
 * In this process: a scheduler tick end to end, a double trigger, bad input failing at once with
 * its reason, missed ticks caught up once, and the Redis configuration check.
 */
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { JobsRuntime } from '../../jobs/runtime.ts';
import { jobsStatus, triggerJob } from '../../jobs/status.ts';
import { Warehouse } from '../../jobs/warehouse.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { openSnapshot, readLatest } from '../../pipelines/publish/index.ts';
import { deletePrefix, RedisServer, testPrefix } from '../helpers/bullmq.ts';
import { tempDir } from '../helpers/temp.ts';
import type { JobsConfig } from '../../jobs/queues.ts';
import { sleep, until } from '../helpers/wait.ts';

const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));
const tmp = tempDir('bullmq');
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(p);
  tmp.cleanup();
});

function config(name: string): JobsConfig {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, 'inbox'), { recursive: true });
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return { prefix, warehouse: join(dir, 'wh.duckdb'), inbox: join(dir, 'inbox'), snapshots: join(dir, 'snap'), shards: join(dir, 'shards'), perShard: 8, horizon: 14, lockMs: 3000 };
}

const quiet = { level: 'silent' } as const;
/** Manifest rows of a clean, direct ingest of the sample (resent copies of a file are skipped). */
async function referenceFiles(): Promise<number> {
  const wh = await Warehouse.open(':memory:');
  try {
    await ingestPaths(wh.connection, [SAMPLE]);
    return Number((await wh.connection.runAndReadAll('SELECT count(*) FROM ingest_files')).getRows()[0]?.[0]);
  } finally {
    await wh.close();
  }
}

async function count(path: string, sql: string): Promise<number> {
  const wh = await Warehouse.open(path);
  try {
    return Number((await wh.connection.runAndReadAll(sql)).getRows()[0]?.[0]);
  } finally {
    await wh.close();
  }
}

describe('jobs on BullMQ, in one process', () => {
  it('a scheduler tick end to end: a dropped file is ingested, the nightly runs, a snapshot is published and status shows it', async () => {
    const cfg = config('tick');
    const { default: pino } = await import('pino');
    const rt = await JobsRuntime.start({ config: cfg, role: 'all', logger: pino(quiet), every: [{ job: 'ingest', every: 300 }, { job: 'nightly', every: 1500 }] });
    try {
      cpSync(SAMPLE, cfg.inbox, { recursive: true });
      await until('a published snapshot', async () => (await readLatest(cfg.snapshots)) !== undefined);
      const latest = (await readLatest(cfg.snapshots))!;
      const snap = await openSnapshot(cfg.snapshots, latest, { verifySha256: true });
      expect(snap.manifest.datasets.find((d) => d.name === 'restock_suggestions')?.rows).toBeGreaterThan(0);
      expect(snap.manifest.datasets.find((d) => d.name === 'forecasts')?.rows).toBeGreaterThan(0);
      const status = await jobsStatus(rt.queues);
      const nightly = status.lastSuccess.find((l) => l.job === 'nightly');
      expect(nightly?.snapshot).toBeTypeOf('string');
      expect(status.lastSuccess.find((l) => l.job === 'ingest')).toBeDefined();
      expect(status.schedules.map((s) => s.id).sort()).toEqual(['schedule-ingest', 'schedule-nightly']);
    } finally {
      await rt.close();
    }
    // Every sample file in the manifest, once, however many ingest ticks ran.
    expect(await count(cfg.warehouse, 'SELECT count(*) FROM ingest_files')).toBe(await referenceFiles());
    expect(await count(cfg.warehouse, 'SELECT count(*) - count(DISTINCT sha256) FROM ingest_files')).toBe(0);
  }, 120_000);

  it('a double trigger runs once; bad input fails at once with its reason kept', async () => {
    const cfg = config('bad');
    const { default: pino } = await import('pino');
    const rt = await JobsRuntime.start({ config: cfg, role: 'writer', logger: pino(quiet), schedules: false });
    try {
      writeFileSync(join(cfg.inbox, 'orders-broken.csv'), 'this,is,not,the,orders,header\n1,2,3,4,5,6\n');
      const a = await triggerJob(rt.queues, 'ingest');
      const b = await triggerJob(rt.queues, 'ingest');
      expect(a.added).toBe(true);
      expect(b).toEqual({ id: a.id, added: false });
      await until('the ingest job to fail', async () => (await rt.queues.writer.getJob(a.id))?.failedReason !== undefined);
      const job = (await rt.queues.writer.getJob(a.id))!;
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toMatch(/refused 1 file\(s\): .*orders-broken\.csv/);
      const status = await jobsStatus(rt.queues);
      expect(status.failed.map((f) => f.reason).join()).toMatch(/orders-broken/);
      await expect(triggerJob(rt.queues, 'bogus')).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    } finally {
      await rt.close();
    }
  }, 60_000);

  it('missed ticks: files that arrive while the workers are down are ingested by the next run, each once', async () => {
    const cfg = config('missed');
    const { default: pino } = await import('pino');
    const every = [{ job: 'ingest', every: 250 }];
    const files = readdirSync(SAMPLE).filter((f) => /\.(csv|jsonl|parquet)(\.gz)?$/.test(f)).sort();
    const master = files.filter((f) => /^(geography|stores|products|sellers)/.test(f));
    const facts = files.filter((f) => !master.includes(f));
    expect(facts.length).toBeGreaterThanOrEqual(3);
    for (const f of master) cpSync(join(SAMPLE, f), join(cfg.inbox, f));
    let rt = await JobsRuntime.start({ config: cfg, role: 'writer', logger: pino(quiet), every });
    await until('master data ingested', async () => (await rt.queues.writer.getJobs(['completed'])).length >= 1);
    await rt.close();
    // Down for several ticks while files arrive.
    for (const f of facts) cpSync(join(SAMPLE, f), join(cfg.inbox, f));
    await sleep(1500);
    rt = await JobsRuntime.start({ config: cfg, role: 'writer', logger: pino(quiet), every });
    await until('the backlog ingested', async () => {
      const done = await rt.queues.writer.getJobs(['completed']);
      return done.some((j) => Number((j.returnvalue as { loaded?: number } | null)?.loaded ?? 0) > 0 && (j.returnvalue as { files: number }).files >= files.length);
    });
    await rt.close();
    expect(await count(cfg.warehouse, 'SELECT count(*) FROM ingest_files')).toBe(await referenceFiles());
    expect(await count(cfg.warehouse, 'SELECT count(*) - count(DISTINCT sha256) FROM ingest_files')).toBe(0);
  }, 60_000);

  it('refuses a Redis that may evict keys, and warns when it keeps nothing on disk', async () => {
    const dir = join(tmp.dir, 'redis-lru');
    mkdirSync(dir, { recursive: true });
    const server = await RedisServer.start(dir);
    try {
      const r = new Redis(server.url);
      await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const cfg = config('lru');
      await expect(JobsRuntime.start({ config: cfg, role: 'writer', redisUrl: server.url, schedules: false })).rejects.toMatchObject({ code: 'REDIS_MISCONFIGURED' });
      await r.config('SET', 'maxmemory-policy', 'noeviction');
      await r.config('SET', 'appendonly', 'no');
      const { default: pino } = await import('pino');
      const rt = await JobsRuntime.start({ config: cfg, role: 'writer', redisUrl: server.url, schedules: false, logger: pino(quiet) });
      expect(rt.warnings.join()).toMatch(/AOF\) is off/);
      await rt.close();
      r.disconnect();
    } finally {
      await server.down();
    }
  }, 60_000);
});
