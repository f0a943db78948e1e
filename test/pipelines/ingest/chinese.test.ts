import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { ingestFile } from '../../../pipelines/ingest/ingest-file.ts';
import { LAYOUTS } from '../../../pipelines/ingest/layouts.ts';
import { tempDir } from '../../helpers/temp.ts';

// Names a rural catalogue really has: full-width punctuation, a CJK Extension B character (two
// UTF-16 units), a comma and quotes inside a field, and mixed scripts.
const NAMES = [
  ['ZH-01', '赣南脐橙（特级）5斤装', 'Gannan navel oranges, 2.5 kg'],
  ['ZH-02', '𠮷野家 "牛肉饭" 调料包', 'Beef bowl seasoning'],
  ['ZH-03', '电动车电瓶 48V/20Ah，超威', 'E-bike battery 48V 20Ah'],
];

describe('Chinese names', () => {
  let dir: string;
  let cleanup: () => void;
  let wh: Warehouse;
  const header = LAYOUTS.products.columns.map((c) => c.name);
  const row = ([sku, zh, en]: string[], i: number): Record<string, string | number | boolean> => ({
    sku: sku!, name_zh: zh!, name_en: en!, category: 'test', subcategory: 'zh', brand: '超威', unit: '件', pack_size: 1, list_price: 10 + i, unit_cost: 5, shelf_life_days: '', is_produce: false,
  });

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('zh'));
    wh = await Warehouse.open(join(dir, 'w.duckdb'));
  });
  afterAll(async () => {
    await wh.close();
    cleanup();
  });

  const readBack = async (): Promise<string[][]> =>
    (await wh.connection.runAndReadAll(`SELECT sku, name_zh, name_en, brand, unit FROM products WHERE sku LIKE 'ZH-%' ORDER BY sku`)).getRows().map((r) => r.map(String));
  const expected = NAMES.map(([sku, zh, en]) => [sku!, zh!, en!, '超威', '件']);
  const csvCell = (v: string | number | boolean): string => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };

  it('round-trip through CSV byte for byte', async () => {
    const path = join(dir, 'products-zh.csv');
    writeFileSync(path, [header.join(','), ...NAMES.map((n, i) => header.map((h) => csvCell(row(n, i)[h]!)).join(','))].join('\n') + '\n');
    const r = await ingestFile(wh.connection, path);
    expect(r).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    expect(await readBack()).toEqual(expected);
  });

  it('round-trip through JSON Lines and Parquet', async () => {
    await wh.connection.run(`DELETE FROM products WHERE sku LIKE 'ZH-%'`);
    const jsonl = join(dir, 'products-zh.jsonl');
    writeFileSync(jsonl, NAMES.map((n, i) => JSON.stringify({ ...row(n, i), shelf_life_days: null })).join('\n') + '\n');
    expect((await ingestFile(wh.connection, jsonl)).loaded).toBe(3);
    expect(await readBack()).toEqual(expected);

    await wh.connection.run(`DELETE FROM products WHERE sku LIKE 'ZH-%'`);
    const parquet = join(dir, 'products-zh.parquet');
    const mem = await DuckDBInstance.create(':memory:');
    const c = await mem.connect();
    await c.run(`COPY (SELECT * FROM read_json('${jsonl}')) TO '${parquet}' (FORMAT parquet)`);
    c.closeSync();
    mem.closeSync();
    expect((await ingestFile(wh.connection, parquet)).loaded).toBe(3);
    expect(await readBack()).toEqual(expected);
  });
});
