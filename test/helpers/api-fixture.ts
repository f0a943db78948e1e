/**
 * A real snapshot for API tests: the shipped generated sample ingested into a DuckDB warehouse and
 * taken through the whole nightly pipeline (forecast, restock, produce, brand insights, publish).
 * Extra snapshots for hot-swap tests are copies under a new run id, valid or deliberately corrupt.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNightly } from '../../jobs/nightly.ts';
import { Warehouse } from '../../jobs/warehouse.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { setLatest } from '../../pipelines/publish/index.ts';
import { tempDir } from './temp.ts';

const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));

export interface ApiFixture {
  readonly root: string;
  readonly keys: string;
  readonly runId: string;
  readonly cleanup: () => void;
}

export async function buildApiFixture(name: string): Promise<ApiFixture> {
  const tmp = tempDir(`api-${name}`);
  const root = join(tmp.dir, 'snapshots');
  const wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb'));
  try {
    await ingestPaths(wh.connection, [SAMPLE], { now: new Date('2026-03-07T02:00:00+08:00') });
    // Rules relaxed so the small sample publishes brand cells as well as withheld ones.
    await runNightly(wh, { runId: 'api-1', publishRoot: root, workers: 0, horizon: 14,
      disclosure: { minStores: 2, minCustomers: 2, dominanceShare: 0.8, pPercent: 5, protection: 0.15 } });
  } finally {
    await wh.close();
  }
  return { root, keys: join(tmp.dir, 'api-keys.json'), runId: 'api-1', cleanup: tmp.cleanup };
}

/** Copies snapshot `from` to `to` (manifest rewritten for the new id) and, when `corrupt`, flips a byte of its forecasts. */
export function copySnapshot(root: string, from: string, to: string, corrupt = false): void {
  cpSync(join(root, from), join(root, to), { recursive: true });
  const path = join(root, to, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as { runId: string; createdAt: string };
  m.runId = to;
  m.createdAt = new Date().toISOString();
  writeFileSync(path, JSON.stringify(m, null, 2));
  if (corrupt) {
    const f = join(root, to, 'forecasts.parquet');
    const bytes = readFileSync(f);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(f, bytes);
  }
}

export async function publishCopy(root: string, from: string, to: string, corrupt = false): Promise<void> {
  copySnapshot(root, from, to, corrupt);
  await setLatest(root, to);
}
