/**
 * Read commands while a run holds the warehouse: `restock`, `forecast` and the lookups read the
 * published snapshot instead of failing with WAREHOUSE_LOCKED, and show the same run's numbers.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiFixture, type ApiFixture } from '../helpers/api-fixture.ts';

const BIN = fileURLToPath(new URL('../../bin/rural-demand.js', import.meta.url));
let fx: ApiFixture;
let warehouse: string;
beforeAll(async () => { fx = await buildApiFixture('busy'); warehouse = join(dirname(fx.root), 'wh.duckdb'); }, 120_000);
afterAll(() => fx?.cleanup());

const cli = (...args: string[]): { status: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args, '--warehouse', warehouse], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
};
type Restock = { runId: string; suggestions: { sku: string; quantity: number; reason_zh: string }[] };

describe('reads while the warehouse is busy', () => {
  it('restock, forecast and stores read the snapshot, with the same run and numbers', async () => {
    const free = JSON.parse(cli('restock', '--store', 'ST00001', '--format', 'json').out) as Restock;
    const freeForecast = cli('forecast', '--store', 'ST00001', '--sku', free.suggestions[0]!.sku, '--format', 'csv').out;
    // Another process's lock: this test process holds the file, the CLI runs in a child.
    const db = await DuckDBInstance.create(warehouse);
    try {
      const r = cli('restock', '--store', 'ST00001', '--format', 'json');
      expect(r.status).toBe(0);
      expect(r.err).toMatch(/warehouse is busy.*reading the published snapshot api-1/);
      const busy = JSON.parse(r.out) as Restock;
      expect(busy.runId).toBe(free.runId);
      const pick = (x: Restock) => x.suggestions.map((s) => [s.sku, s.quantity, s.reason_zh]).sort();
      expect(pick(busy)).toEqual(pick(free));
      const f = cli('forecast', '--store', 'ST00001', '--sku', free.suggestions[0]!.sku, '--format', 'csv');
      expect(f.status).toBe(0);
      expect(f.out).toBe(freeForecast);
      const s = cli('stores', '--format', 'json');
      expect(s.status).toBe(0);
      expect((JSON.parse(s.out) as { store_id: string }[]).map((x) => x.store_id)).toContain('ST00001');
      // Rejects are not published: still busy, with its code.
      expect(cli('rejects', '--summary').status).toBe(75);
    } finally {
      db.closeSync();
    }
  }, 120_000);
});
