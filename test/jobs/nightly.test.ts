import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../jobs/nightly.ts';
import type { NightlyResult } from '../../jobs/nightly.ts';
import { Warehouse } from '../../jobs/warehouse.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';

const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));

/** End to end on the shipped generated sample: ingest, then the whole nightly chain. */
describe('runNightly', () => {
  let wh: Warehouse;
  let first: NightlyResult;
  const root = mkdtempSync(join(tmpdir(), 'snapshots-'));
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    await ingestPaths(wh.connection, [SAMPLE], { now: new Date('2026-03-07T02:00:00+08:00') });
    first = await runNightly(wh, { runId: 'night-1', publishRoot: root, workers: 0, horizon: 14 });
  }, 120_000);
  afterAll(async () => wh.close());

  it('runs every step in order and ends on the sample last day', () => {
    expect(first.steps.map((s) => s.step)).toEqual(['refresh-demand', 'forecast', 'restock', 'order-forecast', 'produce', 'brand-insights', 'publish', 'prune']);
    expect(first.asOf).toBe('2026-03-06');
    expect(first.demand.mode).toBe('full');
    expect(first.forecast?.storeSeries).toBeGreaterThan(50);
    // One suggestion per store-level forecast series.
    expect(first.restock.suggestions).toBe(first.forecast?.storeSeries);
  });

  it('publishes the run as the latest snapshot with forecasts and suggestions', () => {
    expect(readFileSync(join(root, 'LATEST'), 'utf8').trim()).toBe('night-1');
    const manifest = JSON.parse(readFileSync(join(root, 'night-1', 'manifest.json'), 'utf8')) as { datasets: { name: string }[] };
    const names = manifest.datasets.map((d) => d.name);
    expect(names).toContain('forecasts');
    expect(names).toContain('restock_suggestions');
  });

  it('a retried run keeps the finished forecast and changes nothing', async () => {
    const count = async (t: string): Promise<number> =>
      Number((await wh.connection.runAndReadAll(`SELECT count(*) FROM ${t} WHERE run_id = 'night-1'`)).getRows()[0]?.[0]);
    const before = [await count('forecasts'), await count('restock_suggestions')];
    const again = await runNightly(wh, { runId: 'night-1', publishRoot: root, workers: 0, horizon: 14 });
    expect(again.demand.mode).toBe('noop');
    expect(again.steps.find((s) => s.step === 'forecast')?.skipped).toBe(true);
    expect([await count('forecasts'), await count('restock_suggestions')]).toEqual(before);
    expect(readdirSync(root).filter((n) => n === 'night-1')).toHaveLength(1);
  }, 60_000);
});
