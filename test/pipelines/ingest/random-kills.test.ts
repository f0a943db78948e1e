/**
 * kill -9 at 20 random moments of `rural-demand ingest`, with real processes: after each kill the
 * warehouse opens, every file it holds has loaded + rejected = read, and the rerun leaves exactly
 * the rows of a clean ingest. (Named kill points: crash.test.ts; run and publish:
 * test/jobs/random-kills.test.ts.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../bin/cli/outcome.ts';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { warehouseFingerprint } from '../../helpers/fingerprint.ts';
import { killDelays, killSeed, runCli } from '../../helpers/kill-trials.ts';
import { tempDir } from '../../helpers/temp.ts';

const TRIALS = 20;
const SEED = killSeed();
const FINISHED: readonly (number | null)[] = [EXIT.OK, EXIT.PARTIAL, EXIT.NOTHING_TO_DO];
// Fixed so the "future timestamp" rule judges the generated files the same way in every run.
const env = { RURAL_DEMAND_NOW: '2026-11-01T00:00:00Z' };

describe(`kill -9 at random moments of ingest (seed ${SEED})`, () => {
  const tmp = tempDir('ingest-kills');
  const inbox = join(tmp.dir, 'inbox');
  let clean: Record<string, string>;
  let cleanMs = 0;
  afterAll(() => tmp.cleanup());

  const open = async <T>(path: string, f: (w: Warehouse) => Promise<T>): Promise<T> => {
    const wh = await Warehouse.open(path);
    try {
      return await f(wh);
    } finally {
      await wh.close();
    }
  };

  beforeAll(async () => {
    await generate({ out: inbox, villages: 2, skus: 24, days: 45, seed: 23, format: 'csv', gzip: true, dirtyRate: 0.01 });
    const path = join(tmp.dir, 'clean.duckdb');
    const r = await runCli(['ingest', '--quiet', '--warehouse', path, inbox], env);
    expect(FINISHED, r.output).toContain(r.code);
    cleanMs = r.ms;
    clean = await open(path, (w) => warehouseFingerprint(w.connection));
    expect(Number(clean['order_lines']?.split(':')[0])).toBeGreaterThan(100);
  }, 120_000);

  it(`${TRIALS} kills: the warehouse opens whole each time and the rerun equals a clean ingest`, async () => {
    const delays = killDelays(SEED, 'ingest', TRIALS, 50, cleanMs);
    let kills = 0;
    let filesAtKill = 0;
    for (const [i, ms] of delays.entries()) {
      const path = join(tmp.dir, `trial-${i}.duckdb`);
      const killed = await runCli(['ingest', '--quiet', '--warehouse', path, inbox], env, { afterMs: ms });
      if (killed.signal === 'SIGKILL') kills += 1;
      else expect(FINISHED, killed.output).toContain(killed.code);
      if (existsSync(path)) {
        const bad = await open(path, async (w) => {
          filesAtKill += Number((await w.connection.runAndReadAll('SELECT count(*) FROM ingest_files')).getRows()[0]?.[0] ?? 0);
          return (await w.connection.runAndReadAll('SELECT name FROM ingest_files WHERE rows_loaded + rows_rejected <> rows_read')).getRows();
        });
        expect(bad, `trial ${i} (${ms} ms)`).toEqual([]);
      }
      const rerun = await runCli(['ingest', '--quiet', '--warehouse', path, inbox], env);
      expect(FINISHED, rerun.output).toContain(rerun.code);
      expect(await open(path, (w) => warehouseFingerprint(w.connection)), `trial ${i} (${ms} ms)`).toEqual(clean);
    }
    process.stdout.write(`random kills: ingest ${kills} of ${TRIALS} trials killed mid-ingest (seed ${SEED}, delays 50-${Math.round(cleanMs)} ms, ${filesAtKill} files committed at the kills), every rerun equal to a clean ingest\n`);
    expect(kills).toBeGreaterThanOrEqual(TRIALS / 2);
  }, 600_000);
});
