import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate, type GenerateSummary } from '../pipelines/generate/index.ts';
import { ingestPaths, type IngestEvent, type IngestSummary } from '../pipelines/ingest/ingest.ts';
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
  readonly nightly: NightlyResult;
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
    const nightly = await runNightly(wh, {
      publishRoot: options.publishRoot ?? 'data/snapshots',
      onProgress: (message) => options.onEvent?.({ type: 'progress', message }),
    });
    return { generated, ingest, nightly, seconds: (Date.now() - started) / 1000 };
  } finally {
    await wh.close();
  }
}
