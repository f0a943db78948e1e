/**
 * Hostile paths in an inbox: a FIFO (once hung ingest forever holding the lock), a link to
 * /dev/zero, a link to another file, a dangling link (once aborted the whole inbox) and names of no
 * kind (once skipped without a word): none is opened, each is reported with its reason, and the
 * good file beside them loads.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { ingestPaths, listInputs } from '../../../pipelines/ingest/ingest.ts';
import { tempDir } from '../../helpers/temp.ts';

const SAMPLE = fileURLToPath(new URL('../../../data/samples/generated/', import.meta.url));

describe('hostile paths in an inbox', () => {
  const tmp = tempDir('hostile');
  const inbox = join(tmp.dir, 'inbox');
  beforeAll(() => {
    mkdirSync(inbox, { recursive: true });
    copyFileSync(join(SAMPLE, 'geography.csv'), join(inbox, 'geography.csv'));
    execFileSync('mkfifo', [join(inbox, 'orders-fifo.csv')]);
    symlinkSync('/dev/zero', join(inbox, 'orders-zero.csv'));
    symlinkSync('/etc/passwd', join(inbox, 'orders-passwd.csv'));
    symlinkSync(join(tmp.dir, 'nowhere.csv'), join(inbox, 'orders-dangling.csv'));
    writeFileSync(join(inbox, 'invoices-2011.csv'), 'a,b\n1,2\n');
    writeFileSync(join(inbox, 'notes.txt'), 'hello\n');
    writeFileSync(join(inbox, 'README.md'), '# not data\n');
    writeFileSync(join(inbox, 'manifest.json'), '{}\n');
  });
  afterAll(() => tmp.cleanup());

  it('lists only the regular file of a kind; every other path is reported with why', async () => {
    const { files, ignored } = await listInputs([inbox]);
    expect(files.map((f) => f.slice(inbox.length + 1))).toEqual(['geography.csv']);
    const why = Object.fromEntries(ignored.map((i) => [i.path.slice(inbox.length + 1), i.reason]));
    expect(why['orders-fifo.csv']).toMatch(/not a regular file/);
    expect(why['orders-zero.csv']).toMatch(/symbolic link/);
    expect(why['orders-passwd.csv']).toMatch(/symbolic link/);
    expect(why['orders-dangling.csv']).toMatch(/symbolic link/);
    expect(why['invoices-2011.csv']).toMatch(/does not start with a kind/);
    expect(why['notes.txt']).toMatch(/not a \.csv/);
    // Notes and the generator's manifest are not data and need no word.
    expect(why['README.md']).toBeUndefined();
    expect(why['manifest.json']).toBeUndefined();
  });

  it('ingests the good file and returns the rest as ignored, without hanging or aborting', async () => {
    const wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb'));
    try {
      const s = await ingestPaths(wh.connection, [inbox]);
      expect(s.files.map((f) => f.name)).toEqual(['geography.csv']);
      expect(s.failed).toEqual([]);
      expect(s.ignored?.length).toBe(6);
      // Named explicitly: a FIFO is refused with a coded error, not opened.
      await expect(ingestPaths(wh.connection, [join(inbox, 'orders-fifo.csv')])).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(/not a regular file/) });
      await expect(ingestPaths(wh.connection, [join(inbox, 'orders-dangling.csv')])).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    } finally {
      await wh.close();
    }
  }, 60_000);
});
