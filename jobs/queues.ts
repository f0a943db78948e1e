/**
 * Queue names, job options and what each job carries. Two queues: `writer` (ingest, nightly,
 * nightly-finish, retention: processed by the one process that owns the warehouse, one at a time)
 * and `forecast-shard` (any number of workers on any machine sharing the shard folder).
 */
import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

export const WRITER_QUEUE = 'writer';
export const SHARD_QUEUE = 'forecast-shard';
export { DEFAULT_PREFIX } from './defaults.ts';

export interface JobsConfig {
  readonly prefix: string;
  readonly warehouse: string;
  readonly inbox: string;
  readonly snapshots: string;
  /** Shared folder for shard partitions (every worker machine must see it). */
  readonly shards: string;
  /** SKUs per shard. @defaultValue 40 */
  readonly perShard?: number;
  readonly horizon?: number;
  /** Shard job lock: a worker killed mid-shard hands its shard over after about this long. @defaultValue 30000 */
  readonly lockMs?: number;
  /** Writer job lock (long: a nightly finish can hold the event loop in long solver calls). @defaultValue 600000 */
  readonly writerLockMs?: number;
  /** Forecasting threads inside each shard worker. @defaultValue 0 (the worker's own thread) */
  readonly threads?: number;
  /** Disclosure rules file contents for brand insights, already parsed. */
  readonly disclosure?: import('../pipelines/disclosure/index.ts').DisclosureRules;
}

/** Retries with exponential backoff for transient faults; bad input fails at once (UnrecoverableError). */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { count: 200 },
  removeOnFail: { count: 500 },
};

export interface ShardJobData { readonly dir: string; readonly shard: number; readonly runId: string }
export interface FinishJobData { readonly runId: string; readonly asOf: string; readonly dir: string | null }
export interface NightlyJobData { readonly runId?: string }

export interface Queues {
  readonly writer: Queue;
  readonly shards: Queue;
  readonly flows: FlowProducer;
  close(): Promise<void>;
}

export function openQueues(connection: Redis, prefix: string): Queues {
  const writer = new Queue(WRITER_QUEUE, { connection, prefix, defaultJobOptions: JOB_OPTIONS });
  const shards = new Queue(SHARD_QUEUE, { connection, prefix, defaultJobOptions: JOB_OPTIONS });
  const flows = new FlowProducer({ connection, prefix });
  return {
    writer, shards, flows,
    async close() { await Promise.all([writer.close(), shards.close(), flows.close()]); },
  };
}
