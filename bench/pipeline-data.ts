/**
 * The county-scale generated data set bench:pipeline times and bench:restock replays (seed 1, end
 * 2026-10-31, 0.2 % dirty rows, with the generator's latent demand), generated and ingested once into
 * .bench-data/pipeline-<v>v-<s>s-<d>d/ (gitignored); delete the folder to redo it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Warehouse } from '../jobs/warehouse.ts';
import { generate } from '../pipelines/generate/index.ts';
import { ingestPaths } from '../pipelines/ingest/ingest.ts';

export interface PipelineData {
  readonly dir: string;
  /** The generated files; `truth/` under it holds the latent demand. */
  readonly gen: string;
  readonly db: string;
  /** Seconds spent generating / ingesting in this call; null when the cache already held them. */
  readonly generateSeconds: number | null;
  readonly ingestSeconds: number | null;
}

export async function pipelineData(o: { villages: number; skus: number; days: number }, log: (m: string) => void): Promise<PipelineData> {
  const dir = resolve('.bench-data', `pipeline-${o.villages}v-${o.skus}s-${o.days}d`);
  const gen = join(dir, 'generated');
  const db = join(dir, 'warehouse.duckdb');
  const ingested = join(dir, 'INGESTED');
  let generateSeconds: number | null = null;
  let ingestSeconds: number | null = null;
  if (!existsSync(join(gen, 'manifest.json'))) {
    await rm(dir, { recursive: true, force: true });
    const t = performance.now();
    await generate({ out: gen, villages: o.villages, skus: o.skus, days: o.days, end: '2026-10-31', seed: 1, format: 'csv', gzip: false, dirtyRate: 0.002, truth: true, singleFile: false });
    generateSeconds = (performance.now() - t) / 1000;
    log(`generate: ${generateSeconds.toFixed(0)} s`);
    writeFileSync(join(dir, 'GENERATED'), `${JSON.stringify({ seconds: generateSeconds })}\n`);
  }
  if (!existsSync(ingested)) {
    // Ingestion is exactly-once per file, so an interrupted ingest simply resumes here.
    const wh = await Warehouse.open(db);
    const t = performance.now();
    const s = await ingestPaths(wh.connection, [gen], { onEvent: (e) => (e.type === 'file-done' ? log(`ingest: ${e.index + 1}/${e.files}`) : undefined) });
    ingestSeconds = (performance.now() - t) / 1000;
    await wh.close();
    writeFileSync(ingested, `${JSON.stringify({ seconds: ingestSeconds, files: s.files.length })}\n`);
    log(`ingest: ${ingestSeconds.toFixed(0)} s`);
  }
  return { dir, gen, db, generateSeconds, ingestSeconds };
}
