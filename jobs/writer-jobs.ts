/**
 * What the writer does for each job on the `writer` queue. The warehouse is opened per job and
 * closed after it, so between jobs read commands can open it. Every job is idempotent: ingest loads
 * only files not in the manifest; nightly keeps its run id in the job (a retry reuses it) and its
 * shard and finish jobs have ids derived from it; finish replaces the run's merged rows.
 */
import { rm, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { mergeShards, writeShardInputs } from '../pipelines/forecast-stage/shards.ts';
import { CodedError } from '../pipelines/errors.ts';
import { ingestPaths } from '../pipelines/ingest/ingest.ts';
import { pruneSnapshots } from '../pipelines/publish/index.ts';
import { finishNightly, prepareNightly } from './nightly.ts';
import { SHARD_QUEUE, WRITER_QUEUE, type FinishJobData, type JobsConfig, type NightlyJobData, type Queues } from './queues.ts';
import { Warehouse } from './warehouse.ts';

/** A coded error about the input (4xx) will fail the same way on every retry: fail the job now. */
function unrecoverable(err: unknown): never {
  if (err instanceof CodedError && err.status < 500) throw new UnrecoverableError(`${err.code}: ${err.message}`);
  throw err;
}

async function withWarehouse<T>(cfg: JobsConfig, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await Warehouse.open(cfg.warehouse);
  try {
    return await fn(wh);
  } finally {
    await wh.close();
  }
}

export interface IngestJobResult { readonly files: number; readonly loaded: number; readonly rejected: number; readonly skipped: number; readonly refused: readonly string[] }

export async function ingestJob(cfg: JobsConfig, job: Job, log: Logger): Promise<IngestJobResult> {
  const summary = await withWarehouse(cfg, (wh) => ingestPaths(wh.connection, [cfg.inbox], {
    onEvent: (e) => { if (e.type === 'file-start') void job.updateProgress({ percent: Math.round((100 * e.index) / Math.max(1, e.files)), file: e.path }); },
  })).catch(unrecoverable);
  const refused = summary.failed.map((f) => `${f.path}: ${f.error}`);
  const result = {
    files: summary.files.length + summary.failed.length,
    loaded: summary.loaded,
    rejected: summary.rejected,
    skipped: summary.files.filter((f) => f.outcome === 'skipped').length,
    refused,
  };
  log.info({ job: job.id, ...result }, 'ingest done');
  // The good files are in; the refused ones will be refused again on retry: fail now, with reasons.
  if (refused.length > 0) throw new UnrecoverableError(`refused ${refused.length} file(s): ${refused.join('; ')}`);
  return result;
}

export async function nightlyJob(cfg: JobsConfig, job: Job<NightlyJobData>, queues: Queues, log: Logger): Promise<{ runId: string; shards: number }> {
  return withWarehouse(cfg, async (wh) => {
    const prepared = await prepareNightly(wh, { ...(job.data.runId ? { runId: job.data.runId } : {}), abandonAfterHours: 20,
      onProgress: (m) => log.info({ job: job.id }, m) });
    // Kept in the job before any work that a retry must not redo under another id.
    if (job.data.runId !== prepared.runId) await job.updateData({ ...job.data, runId: prepared.runId });
    const finishId = `finish-${prepared.runId}`;
    if (prepared.forecastDone) {
      await queues.writer.add('nightly-finish', { runId: prepared.runId, asOf: prepared.asOf, dir: null } satisfies FinishJobData, { jobId: finishId });
      return { runId: prepared.runId, shards: 0 };
    }
    const plan = await writeShardInputs(wh.connection, cfg.shards, { runId: prepared.runId, asOf: prepared.asOf, horizon: cfg.horizon ?? 28, perShard: cfg.perShard ?? 40 });
    await job.updateProgress({ percent: 50, shards: plan.shards, skus: plan.skus });
    await queues.flows.add({
      name: 'nightly-finish', queueName: WRITER_QUEUE, data: { runId: plan.runId, asOf: prepared.asOf, dir: plan.dir } satisfies FinishJobData,
      opts: { jobId: finishId },
      children: Array.from({ length: plan.shards }, (_, k) => ({
        name: 'shard', queueName: SHARD_QUEUE, data: { dir: plan.dir, shard: k, runId: plan.runId },
        opts: { jobId: `shard-${plan.runId}-${k}`, failParentOnFailure: true },
      })),
    });
    log.info({ job: job.id, runId: plan.runId, shards: plan.shards, skus: plan.skus }, 'nightly: shards queued');
    return { runId: plan.runId, shards: plan.shards };
  }).catch(unrecoverable);
}

export async function finishJob(cfg: JobsConfig, job: Job<FinishJobData>, log: Logger): Promise<{ runId: string; snapshot: string; rows: number }> {
  return withWarehouse(cfg, async (wh) => {
    const { runId, asOf, dir } = job.data;
    const merged = dir === null ? { rows: 0 } : await mergeShards(wh.connection, dir);
    await job.updateProgress({ percent: 30, rows: merged.rows });
    const r = await finishNightly(wh, {
      runId, asOf, backfill: false, forecastDone: true, steps: [],
      demand: { mode: 'noop', fromFileId: 0, toFileId: 0, touchedCells: 0, deleted: 0, inserted: 0, rows: 0, ms: 0 },
    }, null, { publishRoot: cfg.snapshots, ...(cfg.disclosure ? { disclosure: cfg.disclosure } : {}), onProgress: (m) => log.info({ job: job.id }, m) });
    log.info({ job: job.id, runId, steps: r.steps }, 'nightly finished and published');
    return { runId, snapshot: runId, rows: merged.rows };
  }).catch(unrecoverable);
}

export async function retentionJob(cfg: JobsConfig, keepDays = 3): Promise<{ snapshotsRemoved: number; shardDirsRemoved: number }> {
  const pruned = await pruneSnapshots(cfg.snapshots, { keep: 7 });
  let removed = 0;
  const cutoff = Date.now() - keepDays * 86_400_000;
  for (const name of await readdir(cfg.shards).catch(() => [] as string[])) {
    const dir = join(cfg.shards, name);
    const s = await stat(dir).catch(() => null);
    if (s?.isDirectory() && s.mtimeMs < cutoff) {
      await rm(dir, { recursive: true, force: true });
      removed++;
    }
  }
  return { snapshotsRemoved: pruned.snapshots.length, shardDirsRemoved: removed };
}
