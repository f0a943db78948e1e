/**
 * kill -9 at every named step of the nightly run and of publishing, with real processes
 * (`rural-demand run` with RURAL_DEMAND_FAULT): after each kill LATEST names nothing or a whole
 * snapshot, and rerunning the same command publishes exactly the rows a clean run publishes.
 * (Ingest's kill points and random kills: test/pipelines/ingest/crash.test.ts; migrations:
 * test/jobs/warehouse-crash.test.ts; shards and Redis: test/jobs/bullmq-faults.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../jobs/warehouse.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { published } from '../helpers/published.ts';
import { tempDir } from '../helpers/temp.ts';

const CLI = fileURLToPath(new URL('../../bin/rural-demand.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));
const STEPS = ['refresh-demand', 'forecast', 'restock', 'order-forecast', 'produce', 'brand-insights', 'publish', 'prune'].map((s) => `nightly-${s}`);
const POINTS = [...STEPS, 'forecast-after-batch:2', 'publish-after-dataset:3', 'publish-before-rename', 'publish-before-latest'];

const tmp = tempDir('fault-sweep');
afterAll(() => tmp.cleanup());
const base = join(tmp.dir, 'base.duckdb');

const run = (wh: string, snaps: string, fault?: string) => spawnSync(process.execPath,
  [CLI, 'run', '--warehouse', wh, '--run-id', 'R', '--horizon', '14', '--workers', '0', '--publish', snaps],
  { env: { ...process.env, ...(fault ? { RURAL_DEMAND_FAULT: fault } : {}) }, encoding: 'utf8' });

describe('kill -9 at every named step of run and publish', () => {
  let clean: ReturnType<typeof published>;
  beforeAll(async () => {
    const wh = await Warehouse.open(base);
    await ingestPaths(wh.connection, [SAMPLE], { now: new Date('2026-03-07T02:00:00+08:00') });
    await wh.close();
    const path = join(tmp.dir, 'clean.duckdb');
    copyFileSync(base, path);
    const r = run(path, join(tmp.dir, 'snap-clean'));
    expect(r.status, r.stderr).toBe(0);
    clean = published(join(tmp.dir, 'snap-clean'));
    expect(clean.latest).toBe('R');
  }, 120_000);

  it.each(POINTS)('killed at %s: LATEST stays whole, the rerun publishes what a clean run does', (point) => {
    const path = join(tmp.dir, `${point.replace(/[^a-z0-9]/gi, '_')}.duckdb`);
    const snaps = join(tmp.dir, `snap-${point.replace(/[^a-z0-9]/gi, '_')}`);
    copyFileSync(base, path);
    const killed = run(path, snaps, point);
    expect(killed.signal, `${point}: ${killed.stderr}`).toBe('SIGKILL');
    const after = published(snaps);
    // Either nothing is published yet, or LATEST names a complete snapshot; a kill anywhere before
    // the LATEST write leaves no LATEST at all (this folder had none).
    if (after.latest !== null) expect(existsSync(join(snaps, after.latest, 'manifest.json'))).toBe(true);
    if (point !== 'nightly-prune') expect(after.latest).toBeNull();
    const again = run(path, snaps);
    expect(again.status, again.stderr).toBe(0);
    expect(published(snaps)).toEqual(clean);
    process.stdout.write(`fault sweep: ${point} killed, rerun equal to a clean run\n`);
  }, 120_000);
});
