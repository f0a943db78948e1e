import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYOUTS } from '../../../pipelines/ingest/layouts.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { hashTree, readCsv, readManifest, tempDir, removeTempDirs } from './helpers.ts';

afterAll(removeTempDirs);

describe('parquet output', () => {
  it('writes typed parquet with the layout columns, deterministic bytes, and only type-safe faults', async () => {
    const opts = { villages: 4, skus: 40, days: 12, end: '2025-03-12', seed: 3, format: 'parquet' as const, dirtyRate: 0.05 };
    const a = tempDir('pq-a');
    const b = tempDir('pq-b');
    await generate({ ...opts, out: a });
    await generate({ ...opts, out: b });
    expect(hashTree(b)).toEqual(hashTree(a));
    const manifest = readManifest(a);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const file = join(a, 'orders-2025-03.parquet');
    const cols = await conn.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`);
    expect(cols.getRowObjects().map((r) => r.column_name)).toEqual(LAYOUTS.orders.columns.map((c) => c.name));
    expect(cols.getRowObjects().find((r) => r.column_name === 'placed_at')?.column_type).toBe('TIMESTAMP');
    const n = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM '${file}'`);
    expect(n.getRowObjects()[0]?.n).toBe(manifest.files.find((f) => f.name === 'orders-2025-03.parquet')?.rows);
    for (const f of manifest.files) {
      for (const fault of ['bad_date', 'non_numeric_quantity', 'broken_quoting', 'invalid_utf8', 'wrong_column_count']) {
        expect(f.dirty[fault], `${f.name} ${fault}`).toBeUndefined();
      }
    }
    expect(manifest.dirtyByKind.orders?.unknown_sku ?? 0).toBeGreaterThan(0);
    conn.closeSync();
  });
});

describe('online shopping festivals', () => {
  it('spikes centre orders of appliances and phones on 11.11', async () => {
    const dir = tempDir('1111');
    await generate({ villages: 9, skus: 120, days: 30, end: '2025-11-30', seed: 5, dirtyRate: 0, kinds: ['orders'], out: dir });
    const products = new Map(readCsv(dir, 'products.csv').rows.map((r) => [r[0]!, r[3]!]));
    const perDay = new Map<string, number>();
    for (const r of readCsv(dir, 'orders-2025-11.csv').rows) {
      if (r[9] !== 'placed') continue;
      const cat = products.get(r[6]!) ?? '';
      if (!cat.startsWith('家电') && !cat.startsWith('手机')) continue;
      perDay.set(r[2]!.slice(0, 10), (perDay.get(r[2]!.slice(0, 10)) ?? 0) + 1);
    }
    let after = 0;
    for (let d = 15; d <= 30; d++) after += perDay.get(`2025-11-${d}`) ?? 0;
    // Ecom categories: x6 weight and ~x2.4 order volume on the day, against ordinary late-November days.
    expect((perDay.get('2025-11-11') ?? 0) / (after / 16)).toBeGreaterThan(4);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toContain('"kinds": [\n      "orders"\n    ]');
  });
});

describe('shipped sample', () => {
  it('is exactly what the generator writes today for its documented command', async () => {
    const dir = tempDir('sample');
    await generate({ villages: 4, skus: 60, days: 24, end: '2026-03-06', dirtyRate: 0.01, seed: 1, out: dir });
    const shipped = hashTree(join(import.meta.dirname, '../../../data/samples/generated'));
    delete shipped['README.md'];
    // If this fails after a deliberate change to the generator, regenerate the sample (see its README).
    expect(hashTree(dir)).toEqual(shipped);
  });
});
