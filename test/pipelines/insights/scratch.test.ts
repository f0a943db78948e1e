/**
 * Brand insights' scratch file: attached for the call, detached and deleted after it, also when
 * the call throws; a file a killed run left behind does not stop the next one.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { withScratchFile } from '../../../pipelines/insights/scratch.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('withScratchFile', () => {
  const tmp = tempDir('scratch');
  let wh: Warehouse;
  beforeAll(async () => { wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb')); });
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('holds its tables for the call only and leaves no file', async () => {
    const file = join(tmp.dir, 'wh.duckdb.insights-scratch');
    const n = await withScratchFile(wh.connection, file, async (s) => {
      await wh.connection.run(`${s.create('t')} AS SELECT range AS i FROM range(1000)`);
      expect(existsSync(file)).toBe(true);
      return Number((await wh.connection.runAndReadAll(`SELECT sum(i) FROM ${s.table('t')}`)).getRows()[0]![0]);
    });
    expect(n).toBe(499500);
    expect(existsSync(file)).toBe(false);
    await expect(wh.connection.run('SELECT * FROM insights_scratch.t')).rejects.toThrow();
    // Nothing of it reached the warehouse itself.
    expect((await wh.connection.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 't'`)).getRows()[0]![0]).toBe(0n);
  });

  it('detaches and deletes when the call throws, and a leftover file is replaced', async () => {
    const file = join(tmp.dir, 'left.scratch');
    await expect(withScratchFile(wh.connection, file, async (s) => {
      await wh.connection.run(`${s.create('t')} AS SELECT 1 AS x`);
      throw new Error('stage failed');
    })).rejects.toThrow('stage failed');
    expect(existsSync(file)).toBe(false);
    // What a kill -9 could leave: a file that is no DuckDB database at all.
    writeFileSync(file, 'not a database');
    writeFileSync(`${file}.wal`, 'junk');
    const x = await withScratchFile(wh.connection, file, async (s) => {
      await wh.connection.run(`${s.create('t')} AS SELECT 7 AS x`);
      return (await wh.connection.runAndReadAll(`SELECT x FROM ${s.table('t')}`)).getRows()[0]![0];
    });
    expect(x).toBe(7);
    expect(existsSync(file) || existsSync(`${file}.wal`)).toBe(false);
  });
});
