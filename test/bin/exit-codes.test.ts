/**
 * Exit codes by outcome, through the real entry point (`bin/rural-demand.js`, where the code was
 * once overwritten with 0): refused file 65, some rows rejected 2, nothing to do 3, clean 0, bad
 * argument 64, warehouse busy 75.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../bin/cli/outcome.ts';

const BIN = fileURLToPath(new URL('../../bin/rural-demand.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../data/samples/generated/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rd-exit-'));
const wh = join(dir, 'wh.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): { status: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RURAL_DEMAND_NOW: '2026-04-01T00:00:00Z' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
};

describe('exit codes by outcome', () => {
  it('master data clean: 0; the same again: nothing to do, 3', () => {
    const master = join(dir, 'master');
    rmSync(master, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', master]);
    for (const f of ['geography.csv', 'stores.csv', 'products.csv']) copyFileSync(join(SAMPLE, f), join(master, f));
    expect(cli('ingest', '--quiet', '--warehouse', wh, master).status).toBe(EXIT.OK);
    const again = cli('ingest', '--quiet', '--warehouse', wh, master);
    expect(again.status).toBe(EXIT.NOTHING_TO_DO);
  }, 60_000);

  it('a file with one bad row: loaded, exit 2', () => {
    const lines = readFileSync(join(SAMPLE, 'till-2026-02.csv'), 'utf8').split('\n').slice(0, 20);
    lines.push('R999-0001,1,2026-02-11 08:11:18,ST00001,SKU00044,not-a-number,47.11');
    writeFileSync(join(dir, 'till-2026-02.csv'), `${lines.join('\n')}\n`);
    const r = cli('ingest', '--quiet', '--warehouse', wh, join(dir, 'till-2026-02.csv'));
    expect(r.status).toBe(EXIT.PARTIAL);
    expect(r.out).toMatch(/loaded \+ rejected = read: yes/);
  }, 60_000);

  it('a refused file (wrong header): 65, and the summary says it was refused', () => {
    writeFileSync(join(dir, 'till-2026-03.csv'), 'what,is,this\n1,2,3\n');
    const r = cli('ingest', '--quiet', '--warehouse', wh, join(dir, 'till-2026-03.csv'));
    expect(r.status).toBe(EXIT.REFUSED);
    expect(r.out).toMatch(/1 file\(s\) refused whole/);
  }, 60_000);

  it('a bad argument: 64, from our checks and from the parser alike', () => {
    expect(cli('ingest', '--kind', 'nonsense', '--warehouse', wh, dir).status).toBe(EXIT.BAD_ARGUMENT);
    expect(cli('ingest', '--no-such-flag', dir).status).toBe(EXIT.BAD_ARGUMENT);
    expect(cli('no-such-command').status).toBe(EXIT.BAD_ARGUMENT);
    expect(cli('--help').status).toBe(0);
  }, 60_000);

  it('the warehouse held by another process: busy, 75', async () => {
    const db = await DuckDBInstance.create(wh);
    try {
      const r = cli('ingest', '--quiet', '--warehouse', wh, join(dir, 'master'));
      expect(r.status).toBe(EXIT.BUSY);
      expect(r.err).toMatch(/WAREHOUSE_LOCKED/);
    } finally {
      db.closeSync();
    }
  }, 60_000);
});

describe('rejects --reason', () => {
  it('a reason no row has is said so (66) with the reasons present and a near miss; a present one lists its rows', () => {
    const bad = cli('rejects', '--warehouse', wh, '--reason', 'bad-quantity');
    expect(bad.status).toBe(EXIT.NOT_FOUND);
    expect(bad.err).toMatch(/no rejected row has reason 'bad-quantity'.*reasons present: /);
    const present = /reasons present: ([a-z_, ]+)/.exec(bad.err)?.[1]?.split(', ') ?? [];
    expect(present.length).toBeGreaterThan(0);
    const ok = cli('rejects', '--warehouse', wh, '--reason', present[0]!, '--format', 'json');
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.out) as unknown[]).length).toBeGreaterThan(0);
    expect(cli('rejects', '--warehouse', wh, '--limit', 'ten').status).toBe(EXIT.BAD_ARGUMENT);
  }, 60_000);
});
