/**
 * kill -9 at random moments of `rural-demand run` (20 trials) and of its publish step (20 trials,
 * the delay counted from "publish: start"), with real processes. After each kill LATEST names
 * nothing or a whole snapshot; the rerun publishes exactly what a clean run publishes. The named
 * kill points are in fault-sweep.test.ts; ingest's random kills in
 * test/pipelines/ingest/random-kills.test.ts.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../jobs/warehouse.ts';
import { generate } from '../../pipelines/generate/index.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { killDelays, killSeed, runCli, type KillAt } from '../helpers/kill-trials.ts';
import { published } from '../helpers/published.ts';
import { tempDir } from '../helpers/temp.ts';

const TRIALS = 20;
const SEED = killSeed();

const tmp = tempDir('random-kills');
afterAll(() => tmp.cleanup());
const base = join(tmp.dir, 'base.duckdb');
const runArgs = (wh: string, snaps: string): string[] => ['run', '--warehouse', wh, '--run-id', 'R', '--horizon', '14', '--workers', '0', '--publish', snaps];

let busyAfterKill = 0;

describe(`kill -9 at random moments of run and publish (seed ${SEED})`, () => {
  let clean: ReturnType<typeof published>;
  let cleanMs = 0;
  beforeAll(async () => {
    // Smaller than the fault sweep's sample: 40 trials each run the CLI twice, and every stage
    // still has work (orders, till, stock, produce, brands).
    const inbox = join(tmp.dir, 'inbox');
    await generate({ out: inbox, villages: 2, skus: 24, days: 30, end: '2026-03-06', seed: 7, dirtyRate: 0.01 });
    const wh = await Warehouse.open(base);
    await ingestPaths(wh.connection, [inbox], { now: new Date('2026-03-07T02:00:00+08:00') });
    await wh.close();
    const path = join(tmp.dir, 'clean.duckdb');
    copyFileSync(base, path);
    const r = await runCli(runArgs(path, join(tmp.dir, 'snap-clean')));
    expect(r.code, r.output).toBe(0);
    cleanMs = r.ms;
    clean = published(join(tmp.dir, 'snap-clean'));
    expect(clean.latest).toBe('R');
  }, 120_000);

  const trial = async (name: string, kill: KillAt): Promise<boolean> => {
    const path = join(tmp.dir, `${name}.duckdb`);
    const snaps = join(tmp.dir, `snap-${name}`);
    copyFileSync(base, path);
    const killed = await runCli(runArgs(path, snaps), {}, kill);
    // A kill that came too late finds the run finished: then it must have finished well.
    if (killed.signal !== 'SIGKILL') expect(killed.code, killed.output).toBe(0);
    const after = published(snaps);
    if (after.latest !== null) {
      expect(existsSync(join(snaps, after.latest, 'manifest.json'))).toBe(true);
      expect(after).toEqual(clean);
    }
    let again = await runCli(runArgs(path, snaps));
    // Once in ~80 CI trials the rerun right after a kill was told the file is busy (exit 75, which
    // says "try again"); not reproduced with the same seed. Retried once after a second, and counted
    // in the report line so it stays visible.
    if (again.code === 75) {
      busyAfterKill += 1;
      await new Promise((r) => setTimeout(r, 1000));
      again = await runCli(runArgs(path, snaps));
    }
    expect(again.code, again.output).toBe(0);
    expect(published(snaps)).toEqual(clean);
    return killed.signal === 'SIGKILL';
  };

  it(`${TRIALS} kills at random moments of a run: each rerun publishes what a clean run does`, async () => {
    // Uniform over the clean run's own duration (process start and migrations included).
    const delays = killDelays(SEED, 'run', TRIALS, 50, cleanMs);
    let kills = 0;
    for (const [i, ms] of delays.entries()) if (await trial(`run-${i}`, { afterMs: ms })) kills += 1;
    process.stdout.write(`random kills: run ${kills} of ${TRIALS} trials killed mid-run (seed ${SEED}, delays 50-${Math.round(cleanMs)} ms), every rerun equal to a clean run; ${busyAfterKill} reruns told busy and retried\n`);
    expect(kills).toBeGreaterThanOrEqual(TRIALS / 2);
  }, 600_000);

  it(`${TRIALS} kills at random moments of publishing: LATEST is never a part snapshot`, async () => {
    const delays = killDelays(SEED, 'publish', TRIALS, 0, 400);
    let kills = 0;
    for (const [i, ms] of delays.entries()) if (await trial(`publish-${i}`, { afterMs: ms, afterLine: /publish: start/ })) kills += 1;
    process.stdout.write(`random kills: publish ${kills} of ${TRIALS} trials killed after "publish: start" (seed ${SEED}, delays 0-400 ms), every rerun equal to a clean run; ${busyAfterKill} reruns told busy and retried (both kinds)\n`);
    expect(kills).toBeGreaterThanOrEqual(TRIALS / 2);
  }, 600_000);
});
