/**
 * The job system running: schedulers and the writer worker (role `writer`), shard workers (role
 * `worker`), or both. Start with `JobsRuntime.start`, stop with `close()` (SIGTERM: the running job
 * finishes, or, past the grace period, its lock lapses and another worker takes it over).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { runShard } from '../pipelines/forecast-stage/shards.ts';
import { checkRedis, connectRedis } from './redis.ts';
import { SCHEDULES, TIME_ZONE } from './schedules.ts';
import { JOB_OPTIONS, SHARD_QUEUE, WRITER_QUEUE, openQueues, type FinishJobData, type JobsConfig, type NightlyJobData, type Queues, type ShardJobData } from './queues.ts';
import { finishJob, ingestJob, nightlyJob, retentionJob } from './writer-jobs.ts';

export type Role = 'writer' | 'worker' | 'all';

export interface StartOptions {
  readonly config: JobsConfig;
  readonly role: Role;
  readonly redisUrl?: string;
  readonly logger?: Logger;
  /** Install the schedules (writer role). @defaultValue true */
  readonly schedules?: boolean;
  /** Stalled-job check interval (ms). @defaultValue lockMs / 2 */
  readonly stalledMs?: number;
  /** Replaces the cron schedules with fixed intervals (tests and demos: `[{ job: 'ingest', every: 1000 }]`). */
  readonly every?: readonly { readonly job: string; readonly every: number }[];
}

export function createLogger(): Logger {
  return pino({ level: process.env['LOG_LEVEL'] ?? 'info', base: { pid: process.pid } }, pino.destination(2));
}

export class JobsRuntime {
  private constructor(
    readonly queues: Queues,
    private readonly connections: Redis[],
    private readonly workers: Worker[],
    private readonly db: DuckDBInstance | null,
    readonly log: Logger,
    readonly warnings: readonly string[],
  ) {}

  static async start(o: StartOptions): Promise<JobsRuntime> {
    const log = o.logger ?? createLogger();
    const main = connectRedis(o.redisUrl);
    let check;
    try {
      check = await checkRedis(main);
    } catch (err) {
      main.disconnect();
      throw err;
    }
    for (const w of check.warnings) log.warn(w);
    const cfg = o.config;
    const queues = openQueues(main, cfg.prefix);
    const connections = [main];
    const workers: Worker[] = [];
    let db: DuckDBInstance | null = null;
    const lockMs = cfg.lockMs ?? 30_000;
    const writerLock = cfg.writerLockMs ?? 600_000;
    if (o.role !== 'worker') {
      if (o.every) {
        for (const s of o.every) await queues.writer.upsertJobScheduler(`schedule-${s.job}`, { every: s.every }, { name: s.job, data: {}, opts: JOB_OPTIONS });
      } else if (o.schedules ?? true) {
        for (const s of SCHEDULES) {
          await queues.writer.upsertJobScheduler(`schedule-${s.job}`, { pattern: s.cron, tz: TIME_ZONE }, { name: s.job, data: {}, opts: JOB_OPTIONS });
        }
      }
      const conn = connectRedis(o.redisUrl);
      connections.push(conn);
      const writer = new Worker(WRITER_QUEUE, async (job: Job) => {
        switch (job.name) {
          case 'ingest': return ingestJob(cfg, job, log);
          case 'nightly': return nightlyJob(cfg, job as Job<NightlyJobData>, queues, log);
          case 'nightly-finish': return finishJob(cfg, job as Job<FinishJobData>, log);
          case 'retention': return retentionJob(cfg);
          default: throw new Error(`unknown writer job ${job.name}`);
        }
      }, { connection: conn, prefix: cfg.prefix, concurrency: 1, lockDuration: writerLock, stalledInterval: Math.min(30_000, Math.max(500, Math.floor(writerLock / 2))), maxStalledCount: 2 });
      workers.push(writer);
    }
    if (o.role !== 'writer') {
      // One thread per worker process (plus the forecasting threads asked for): scale-out is by process.
      db = await DuckDBInstance.create(':memory:', { threads: String(Math.max(1, cfg.threads ?? 0)) });
      const instance = db;
      const conn = connectRedis(o.redisUrl);
      connections.push(conn);
      const shardWorker = new Worker(SHARD_QUEUE, async (job: Job<ShardJobData>) => {
        const c = await instance.connect();
        try {
          const r = await runShard(c, job.data.dir, job.data.shard, cfg.threads ?? 0);
          await job.updateProgress({ percent: 100, rows: r.rows, series: r.series });
          return r;
        } finally {
          c.closeSync();
        }
      }, { connection: conn, prefix: cfg.prefix, concurrency: 1, lockDuration: lockMs, stalledInterval: o.stalledMs ?? Math.max(500, Math.floor(lockMs / 2)), maxStalledCount: 3 });
      workers.push(shardWorker);
    }
    for (const w of workers) {
      w.on('completed', (job) => log.info({ queue: w.name, job: job.id, name: job.name, ms: (job.finishedOn ?? 0) - (job.processedOn ?? 0) }, 'job completed'));
      w.on('failed', (job, err) => log.error({ queue: w.name, job: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
      w.on('progress', (job, progress) => log.debug({ queue: w.name, job: job.id, progress }, 'progress'));
      w.on('error', (err) => log.error({ queue: w.name, err: err.message }, 'worker error'));
    }
    log.info({ role: o.role, prefix: cfg.prefix, schedules: o.role !== 'worker' ? SCHEDULES.map((s) => `${s.job} ${s.cron}`) : [] }, 'jobs started');
    return new JobsRuntime(queues, connections, workers, db, log, check.warnings);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queues.close();
    for (const c of this.connections) c.disconnect();
    this.db?.closeSync();
  }
}
