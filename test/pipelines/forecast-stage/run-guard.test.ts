/**
 * The run guard: arguments and the as-of day are refused before any work (no run row, no
 * snapshot), and a backfill is published beside LATEST without replacing what readers see.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../../jobs/nightly.ts';
import type { Warehouse } from '../../../jobs/warehouse.ts';
import { checkRunArguments, guardRun, isIsoDay } from '../../../pipelines/forecast-stage/run-guard.ts';
import { resolveRunId } from '../../../pipelines/forecast-stage/runs.ts';
import { tempDir } from '../../helpers/temp.ts';
import { fixtureWarehouse } from './fixture.ts';

describe('run guard', () => {
  let wh: Warehouse;
  const tmp = tempDir('guard');
  // The fixture holds 140 days ending 2026-10-31: from 2026-06-14.
  beforeAll(async () => { wh = await fixtureWarehouse(); }, 60_000);
  afterAll(async () => { await wh.close(); tmp.cleanup(); });
  const runs = async (): Promise<number> => Number((await wh.connection.runAndReadAll('SELECT count(*) FROM forecast_runs')).getRows()[0]![0]);

  it('checks formats and ranges with no data', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('2026-2-3')).toBe(false);
    expect(() => checkRunArguments({ horizon: 100 })).toThrow(/horizon must be an integer in 7..56/);
    expect(() => checkRunArguments({ horizon: 7.5 })).toThrow(/horizon/);
    expect(() => checkRunArguments({ historyDays: 5 })).toThrow(/history/);
    expect(() => checkRunArguments({ asOf: 'yesterday' })).toThrow(/YYYY-MM-DD/);
    expect(() => checkRunArguments({ horizon: 28, historyDays: 182, asOf: '2026-10-31' })).not.toThrow();
  });

  it('refuses an as-of after the data or with too little history, naming the days that work, before any work', async () => {
    const before = await runs();
    await expect(runNightly(wh, { asOf: '2030-01-01', publishRoot: null })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(/after the last day of data.*2026-06-27 to 2026-10-31/) });
    await expect(runNightly(wh, { asOf: '2026-06-22', publishRoot: null })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(/fewer than 14 days/) });
    await expect(runNightly(wh, { asOf: '2024-05-10', publishRoot: null })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(runNightly(wh, { horizon: 3, publishRoot: null })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    expect(await runs()).toBe(before);
    const g = await guardRun(wh.connection, {});
    expect(g).toEqual({ asOf: '2026-10-31', backfill: false, range: { first: '2026-06-14', last: '2026-10-31' } });
    expect((await guardRun(wh.connection, { asOf: '2026-06-27' })).backfill).toBe(true);
  });

  it('publishes a backfill beside LATEST; readers keep the newest run', async () => {
    const root = join(tmp.dir, 'snapshots');
    const opts = { horizon: 7, historyDays: 56, workers: 0, insights: false, publishRoot: root } as const;
    await runNightly(wh, { ...opts, runId: 'today' });
    expect(readFileSync(join(root, 'LATEST'), 'utf8').trim()).toBe('today');
    const back = await runNightly(wh, { ...opts, runId: 'back', asOf: '2026-09-30' });
    expect(back.asOf).toBe('2026-09-30');
    expect(readFileSync(join(root, 'LATEST'), 'utf8').trim()).toBe('today');
    expect(existsSync(join(root, 'back', 'manifest.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'back', 'manifest.json'), 'utf8'))).toMatchObject({ runId: 'back', asOf: '2026-09-30', backfill: true });
    expect(await resolveRunId(wh.connection)).toBe('today');
  }, 120_000);
});
