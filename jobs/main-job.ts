import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate, type GenerateSummary } from '../pipelines/generate/index.ts';
import { ingestPaths, type IngestEvent, type IngestSummary } from '../pipelines/ingest/ingest.ts';
import { isCodedError } from '../pipelines/errors.ts';
import { demandRange } from '../pipelines/forecast-stage/run-guard.ts';
import { resolveRunId } from '../pipelines/forecast-stage/runs.ts';
import { readLatest } from '../pipelines/publish/reader.ts';
import { literal } from '../pipelines/warehouse/sql.ts';
import { runNightly, type NightlyResult } from './nightly.ts';
import { Warehouse } from './warehouse.ts';

/** Options of the main job. */
export interface MainJobOptions {
  /** @defaultValue 'data/warehouse.duckdb' */
  readonly warehouse: string;
  /** Folder of export files to ingest. @defaultValue 'data/inbox' */
  readonly inbox: string;
  /** Generate the demo data set into `<inbox>/demo` when the inbox has no files. @defaultValue true */
  readonly generateIfEmpty?: boolean;
  /** Seed of the generated demo data. @defaultValue 1 */
  readonly seed?: number;
  /** Where snapshots are published. @defaultValue 'data/snapshots' */
  readonly publishRoot?: string;
  readonly onEvent?: (event: MainJobEvent) => void;
}

export type MainJobEvent =
  | { readonly type: 'generating'; readonly dir: string }
  | { readonly type: 'generated'; readonly summary: GenerateSummary }
  | { readonly type: 'ingest'; readonly event: IngestEvent }
  | { readonly type: 'progress'; readonly message: string };

export interface MainJobResult {
  readonly generated?: GenerateSummary;
  readonly ingest: IngestSummary;
  /** The run made now; null when nothing was new and the current run was kept. */
  readonly nightly: NightlyResult | null;
  /** The run readers see after the job. */
  readonly current: { readonly runId: string; readonly asOf: string };
  readonly seconds: number;
}

async function hasFiles(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isFile() || (entry.isDirectory() && (await hasFiles(join(dir, entry.name))))) return true;
  }
  return false;
}

/**
 * The main job on the embedded default: one process, one DuckDB file, no Redis: ingest the inbox,
 * then the nightly pipeline (demand, forecasts, reconciliation, restock, publish). Every step is
 * idempotent (files load once; derived tables recompute what new files touch; a run's rows are
 * replaced), so running it again after a crash, or on a schedule, finishes the work once.
 */
export async function runMainJob(options: MainJobOptions): Promise<MainJobResult> {
  const started = Date.now();
  const inbox = resolve(options.inbox);
  let generated: GenerateSummary | undefined;
  if ((options.generateIfEmpty ?? true) && !(await hasFiles(inbox))) {
    const dir = join(inbox, 'demo');
    options.onEvent?.({ type: 'generating', dir });
    generated = await generate({ out: dir, seed: options.seed ?? 1, format: 'csv', gzip: true, truth: true });
    options.onEvent?.({ type: 'generated', summary: generated });
  }
  const wh = await Warehouse.open(options.warehouse);
  try {
    const ingest = await ingestPaths(wh.connection, [inbox], { onEvent: (event) => options.onEvent?.({ type: 'ingest', event }) });
    const publishRoot = options.publishRoot ?? 'data/snapshots';
    const kept = ingest.files.every((f) => f.outcome === 'skipped') && ingest.failed.length === 0 ? await currentRun(wh, publishRoot) : null;
    if (kept !== null) {
      options.onEvent?.({ type: 'progress', message: `nothing new since run ${kept.runId} (as of ${kept.asOf}): kept it, nothing recomputed` });
      return { generated, ingest, nightly: null, current: kept, seconds: (Date.now() - started) / 1000 };
    }
    const nightly = await runNightly(wh, {
      publishRoot,
      onProgress: (message) => options.onEvent?.({ type: 'progress', message }),
    });
    return { generated, ingest, nightly, current: { runId: nightly.runId, asOf: nightly.asOf }, seconds: (Date.now() - started) / 1000 };
  } finally {
    await wh.close();
  }
}

/**
 * The run readers see, when it is still current: complete, as of the last day of data, and the
 * one LATEST names. Then a rerun with no new file has nothing to recompute.
 */
async function currentRun(wh: Warehouse, publishRoot: string): Promise<{ runId: string; asOf: string } | null> {
  const conn = wh.connection;
  // No complete run yet (NO_DATA) means there is nothing to keep; any other failure is real.
  const runId = await resolveRunId(conn).catch((err: unknown) => {
    if (isCodedError(err) && err.code === 'NO_DATA') return null;
    throw err;
  });
  const range = await demandRange(conn);
  if (runId === null || range === null) return null;
  const asOf = (await conn.runAndReadAll(`SELECT strftime(as_of, '%Y-%m-%d') FROM forecast_runs WHERE run_id = ${literal(runId)}`)).getRows()[0]?.[0];
  if (asOf !== range.last) return null;
  // An unreadable LATEST counts as "not current": the job then recomputes and republishes, the safe side.
  if ((await readLatest(publishRoot).catch(() => undefined)) !== runId) return null;
  return { runId, asOf };
}

