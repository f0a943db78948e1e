import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../jobs/nightly.ts';
import { Warehouse } from '../../jobs/warehouse.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { datasetSource, openLatestSnapshot } from '../../pipelines/publish/index.ts';

const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));

/**
 * The acceptance is about what readers get: every county and province forecast in the published
 * snapshot equals the sum of its children within 1e-6, read from the Parquet files by a separate
 * DuckDB, as the API will.
 */
describe('the published snapshot', () => {
  const root = mkdtempSync(join(tmpdir(), 'rd-coherence-'));
  let reader: DuckDBInstance;

  beforeAll(async () => {
    const wh = await Warehouse.open(':memory:');
    await ingestPaths(wh.connection, [SAMPLE], { now: new Date('2026-03-07T02:00:00+08:00') });
    await runNightly(wh, { runId: 'coherent-1', publishRoot: root, workers: 0, horizon: 14 });
    await wh.close();
    reader = await DuckDBInstance.create(':memory:');
  }, 120_000);
  afterAll(() => {
    reader.closeSync();
    rmSync(root, { recursive: true, force: true });
  });

  it('has every parent equal to the sum of its children, within 1e-6, up to the province', async () => {
    const snap = await openLatestSnapshot(root);
    expect(snap?.manifest.runId ?? snap?.runId).toBe('coherent-1');
    const c = await reader.connect();
    await c.run(`CREATE VIEW f AS SELECT * FROM ${datasetSource(snap!, 'forecasts')}`);
    await c.run(`CREATE VIEW g AS SELECT * FROM ${datasetSource(snap!, 'geography')}`);
    // (parent level, child level, the child's parent id from the geography)
    const pairs: [string, string, string][] = [
      ['town', 'village', 'SELECT DISTINCT village_id AS child, town_id AS parent FROM g'],
      ['county', 'town', 'SELECT DISTINCT town_id AS child, county_id AS parent FROM g'],
      ['province', 'county', 'SELECT DISTINCT county_id AS child, province_id AS parent FROM g'],
    ];
    for (const [parent, child, edges] of pairs) {
      const r = (await c.runAndReadAll(`
        WITH e AS (${edges}),
        sums AS (SELECT e.parent, f.sku, f.day, sum(f.mean) AS s FROM f JOIN e ON f.node_id = e.child
                 WHERE f.level = '${child}' GROUP BY ALL)
        SELECT count(*), coalesce(max(abs(p.mean - sums.s)), 0) FROM f p
        JOIN sums ON p.node_id = sums.parent AND p.sku = sums.sku AND p.day = sums.day
        WHERE p.level = '${parent}'`)).getRows()[0];
      const all = Number((await c.runAndReadAll(`SELECT count(*) FROM f WHERE level = '${parent}'`)).getRows()[0]?.[0]);
      // Every published row of the parent level was compared (none lacks children), and matched.
      expect([parent, Number(r?.[0])]).toEqual([parent, all]);
      expect(all).toBeGreaterThan(0);
      expect(Number(r?.[1])).toBeLessThan(1e-6);
    }
    c.closeSync();
  });
});
