import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { ingestFile } from '../../../pipelines/ingest/ingest-file.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { loadMapping, validateMapping } from '../../../pipelines/ingest/mapping.ts';
import { tempDir } from '../../helpers/temp.ts';

const SAMPLE = fileURLToPath(new URL('../../../data/samples/online-retail/', import.meta.url));
const EXPORT = join(SAMPLE, 'invoices-2011-03.csv');

describe('a foreign invoice-line export through mapping files', () => {
  let cleanup: () => void;
  let wh: Warehouse;
  const q = async (sql: string): Promise<unknown[][]> => (await wh.connection.runAndReadAll(sql)).getRows();

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir('mapping'));
    wh = await Warehouse.open(join(dir, 'w.duckdb'));
    await ingestPaths(wh.connection, [join(SAMPLE, 'geography.csv'), join(SAMPLE, 'stores.csv')]);
  });
  afterAll(async () => {
    await wh.close();
    cleanup();
  });

  it('takes products from the export: fee lines and cancellations are kept as rejects with the mapping reason', async () => {
    const r = await ingestFile(wh.connection, EXPORT, { mapping: await loadMapping(join(SAMPLE, 'products.mapping.json')) });
    expect(r).toMatchObject({ kind: 'products', read: 15, rejected: 6, loaded: 9, inserted: 6 });
    const skus = (await q('SELECT sku FROM products ORDER BY sku')).map((x) => x[0]);
    expect(skus).toEqual(['21212', '22423', '22720', '47566', '84879', '85123A']);
  });

  it('takes orders from the same bytes: line numbers per invoice, returns, blank customers, London time, rejects with reasons', async () => {
    const r = await ingestFile(wh.connection, EXPORT, { mapping: await loadMapping(join(SAMPLE, 'orders.mapping.json')) });
    expect(r).toMatchObject({ kind: 'orders', read: 15, loaded: 9, rejected: 6 });
    const rejects = (await q(`SELECT line_no, reason_code FROM ingest_rejects WHERE file_id = ${r.fileId} ORDER BY line_no`)).map((x) => [Number(x[0]), x[1]]);
    expect(rejects).toEqual([
      [4, 'skipped_by_mapping'], // POST
      [9, 'skipped_by_mapping'], // DOT
      [11, 'skipped_by_mapping'], // M
      [12, 'skipped_by_mapping'], // -12 at price 0 on an ordinary invoice: a stock adjustment, by the price-0 rule
      [13, 'bad_timestamp'], // 3/32/2011
      [14, 'skipped_by_mapping'], // BANK CHARGES
    ]);
    const lines = await q(`SELECT order_id, line_no, sku, quantity, status, customer_id, strftime(placed_at, '%Y-%m-%d %H:%M')
      FROM order_lines WHERE store_id = 'GB-WEB-1' ORDER BY order_id, line_no`);
    expect(lines).toContainEqual(['546702', 3, '21212', 24, 'placed', null, '2011-03-15 17:31']);
    expect(lines).toContainEqual(['C546704', 1, '22423', 1, 'return', '14911', '2011-03-15 19:40']);
    expect(lines).toContainEqual(['546703', 1, '22720', 3, 'placed', '17850', '2011-03-15 18:12']);
    expect(lines).toHaveLength(9);
  });

  it('explains what is wrong with a bad mapping', () => {
    expect(() => validateMapping({ name: 'x', kind: 'orders', source: { format: 'csv', columns: ['A'] }, fields: { order_id: { column: 'B' } } }))
      .toThrow(/field "line_no" is required|names column "B"/);
    expect(() => validateMapping({ name: 'x', kind: 'nope', source: { format: 'csv', columns: ['A'] }, fields: {} })).toThrow(/"kind" must be one of/);
  });
});
