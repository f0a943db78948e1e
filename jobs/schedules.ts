/**
 * Every scheduled job, in one place. Cron in Asia/Shanghai (the shops' day); BullMQ's job
 * schedulers (`upsertJobScheduler`) keep one entry per id, so starting the scheduler twice, or on
 * two machines, never doubles a schedule. Schedulers do not catch up missed ticks: each job does all
 * the work outstanding (ingest: every file not yet in the manifest), so one run after an outage
 * does what the missed ticks would have.
 */
export const TIME_ZONE = 'Asia/Shanghai';

export type JobName = 'ingest' | 'nightly' | 'retention';

export interface Schedule {
  readonly job: JobName;
  readonly cron: string;
  readonly what: string;
}

export const SCHEDULES: readonly Schedule[] = [
  { job: 'ingest', cron: '*/5 * * * *', what: 'load every inbox file not yet in the manifest' },
  { job: 'nightly', cron: '30 2 * * *', what: 'demand, forecast (sharded), restock, produce, brand insights, publish' },
  { job: 'retention', cron: '15 4 * * *', what: 'prune old snapshots and finished shard folders' },
];

export const JOB_NAMES: readonly JobName[] = SCHEDULES.map((s) => s.job);
