/**
 * The main job run again with nothing new keeps the current run and recomputes nothing (the README
 * promises it); a new file makes it run again.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runMainJob } from '../../jobs/main-job.ts';
import { tempDir } from '../helpers/temp.ts';

const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));

describe('the main job', () => {
  const tmp = tempDir('main-job');
  afterAll(() => tmp.cleanup());
  const opts = { warehouse: join(tmp.dir, 'wh.duckdb'), inbox: join(tmp.dir, 'inbox'), publishRoot: join(tmp.dir, 'snapshots'), generateIfEmpty: false };

  it('keeps the current run when no file is new, and runs again when one is', async () => {
    cpSync(SAMPLE, opts.inbox, { recursive: true });
    const first = await runMainJob(opts);
    expect(first.nightly).not.toBeNull();
    const again = await runMainJob(opts);
    expect(again.nightly).toBeNull();
    expect(again.current).toEqual(first.current);
    expect(readFileSync(join(opts.publishRoot, 'LATEST'), 'utf8').trim()).toBe(first.current.runId);
    // One more till line on the last day: a new file, so the pipeline runs again.
    const header = readFileSync(join(SAMPLE, 'till-2026-03.csv'), 'utf8').split('\n')[0]!;
    writeFileSync(join(opts.inbox, 'till-2026-03-late.csv'), `${header}\nRLATE-0001,1,2026-03-06 20:00:00,ST00001,SKU00044,1,47.11\n`);
    const third = await runMainJob(opts);
    expect(third.nightly).not.toBeNull();
    expect(third.current.runId).not.toBe(first.current.runId);
  }, 180_000);
});
