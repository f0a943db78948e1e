/**
 * The generated data set the truth-scored benches share (seed 1, no dirty rows, with the
 * generator's latent demand), generated and ingested once into .bench-data/ (gitignored).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Warehouse } from '../jobs/warehouse.ts';
import { generate } from '../pipelines/generate/index.ts';
import { ingestPaths } from '../pipelines/ingest/ingest.ts';

export interface TruthData {
  /** The generated files; `truth/` under it holds the latent demand. */
  readonly gen: string;
  /** The warehouse they were ingested into. */
  readonly db: string;
}

export async function truthData(o: { villages: number; skus: number; days: number; end: string }, log: (m: string) => void): Promise<TruthData> {
  const dir = resolve('.bench-data', `truth-${o.villages}v-${o.skus}s-${o.days}d-${o.end}`);
  const gen = join(dir, 'generated');
  const db = join(dir, 'warehouse.duckdb');
  if (!existsSync(join(dir, 'INGESTED'))) {
    await rm(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await generate({ out: gen, villages: o.villages, skus: o.skus, days: o.days, end: o.end, seed: 1, format: 'csv', gzip: false, dirtyRate: 0, truth: true, singleFile: false });
    const wh = await Warehouse.open(db);
    await ingestPaths(wh.connection, [gen], {});
    await wh.close();
    writeFileSync(join(dir, 'INGESTED'), 'ok\n');
    log(`generated and ingested ${o.villages} villages x ${o.skus} SKUs x ${o.days} days into ${dir}`);
  }
  return { gen, db };
}
