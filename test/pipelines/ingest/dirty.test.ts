import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { ingestFile } from '../../../pipelines/ingest/ingest-file.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { validateMapping } from '../../../pipelines/ingest/mapping.ts';
import { ORDERS_HEADER, TILL_HEADER, writeLayoutCsv, writeMasterData } from '../../helpers/master-data.ts';
import { tempDir } from '../../helpers/temp.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

// Each data line of this export has at most one fault; the comment is the reason we expect for it.
const LINES: [string, string | null][] = [
  ['A1,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,', null],
  ['A2,x,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,', 'bad_integer'],
  ['A3,1,2025-13-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,', 'bad_timestamp'],
  ['A4,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,two,150,placed,', 'bad_number'],
  ['A5,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,-2,150,placed,', 'negative_quantity'],
  ['A6,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,-1,150,returned,2025-05-03 10:00:00', null],
  ['A7,1,2025-05-01 08:00:00,S9,C1,assisted,FERT-01,2,150,placed,', 'unknown_store'],
  ['A8,1,2025-05-01 08:00:00,S1,C1,assisted,NOPE-1,2,150,placed,', 'unknown_sku'],
  ['A9,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150000000,placed,', 'price_out_of_range'],
  ['A10,1,2027-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,', 'future_timestamp'],
  ['A11,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed', 'wrong_column_count'],
  ['A12,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,,extra', 'wrong_column_count'],
  ['A13,1,2025-05-01 08:00:00,S1,,assisted,FERT-01,2,150,lost,', 'bad_status'],
  ['A14,1,2025-05-01 08:00:00,S1,C1,drone,FERT-01,2,150,placed,', 'bad_channel'],
  [',1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,', 'missing_value'],
  ['A16,1,2025-05-01 08:00:00,S1,C1 \xff\xfe,assisted,FERT-01,2,150,placed,', 'invalid_utf8'],
  // Not numbers a shop can sell: they once loaded and then failed every store's forecast.
  ['A18,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,NaN,150,placed,', 'bad_number'],
  ['A19,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,inf,150,placed,', 'bad_number'],
  ['A20,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,1e309,150,placed,', 'bad_number'],
  ['A21,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,-Infinity,placed,', 'bad_number'],
  // Out of range for the type: one reject each, not a refused file.
  ['A22,99999999999999999999,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,', 'bad_integer'],
  ['A23,1,294277-01-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,', 'bad_timestamp'],
  // Last: an unclosed quote runs to the end of the file.
  ['A17,1,2025-05-01 08:00:00,S1,"C1,assisted,FERT-01,2,150,placed,', 'broken_quoting'],
];

describe('a dirty export', () => {
  let dir: string;
  let cleanup: () => void;
  let wh: Warehouse;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('dirty'));
    wh = await Warehouse.open(join(dir, 'w.duckdb'));
    await ingestPaths(wh.connection, writeMasterData(dir), { now: NOW });
  });
  afterAll(async () => {
    await wh.close();
    cleanup();
  });

  it('loads or rejects every line, each rejected line with its line number, raw text and the right reason', async () => {
    const path = join(dir, 'orders-dirty.csv');
    // latin1 keeps the \xff\xfe bytes as the invalid UTF-8 they are meant to be.
    writeFileSync(path, Buffer.from([ORDERS_HEADER, ...LINES.map(([l]) => l)].join('\n') + '\n', 'latin1'));
    const r = await ingestFile(wh.connection, path, { now: NOW });
    const expectedBad = LINES.filter(([, reason]) => reason !== null).length;
    expect(r.read).toBe(LINES.length);
    expect(r.loaded + r.rejected).toBe(r.read);
    expect(r.rejected).toBe(expectedBad);
    expect(r.outcome).toBe('loaded_with_rejects');

    const got = (await wh.connection.runAndReadAll(
      `SELECT line_no, reason_code, reason, raw FROM ingest_rejects WHERE file_id = ${r.fileId} ORDER BY line_no`,
    )).getRows();
    const byLine = new Map(got.map((row) => [Number(row[0]), String(row[1])]));
    LINES.forEach(([, reason], i) => {
      if (reason !== null) expect([i + 2, byLine.get(i + 2)]).toEqual([i + 2, reason]); // +1 header, +1 one-based
    });
    for (const row of got) {
      expect(String(row[2]).length).toBeGreaterThan(5);
      expect(String(row[3]).length).toBeGreaterThan(10);
    }
    const loaded = (await wh.connection.runAndReadAll(`SELECT order_id, status, quantity FROM order_lines WHERE file_id = ${r.fileId} ORDER BY 1`)).getRows();
    expect(loaded).toEqual([['A1', 'placed', 2], ['A6', 'returned', 1]]);
  });

  it('does the same for JSON Lines, including a line that is not JSON', async () => {
    const path = join(dir, 'orders-dirty.jsonl');
    const good = { order_id: 'J1', line_no: 1, placed_at: '2025-05-02 08:00:00', store_id: 'S2', customer_id: null, channel: 'self', sku: 'SNK-01', quantity: 20, unit_price: 2.5, status: 'placed', status_at: null };
    writeFileSync(path, [
      JSON.stringify(good),
      '{"order_id": "J2", "line_no": 1, oops}',
      JSON.stringify({ ...good, order_id: 'J3', placed_at: '2025-05-02T00:30:00Z' }),
      JSON.stringify({ ...good, order_id: 'J4', quantity: 'lots' }),
      JSON.stringify({ ...good, order_id: 'J5', sku: 'NOPE' }),
    ].join('\n') + '\n');
    const r = await ingestFile(wh.connection, path, { now: NOW });
    expect(r).toMatchObject({ read: 5, loaded: 2, rejected: 3 });
    const reasons = (await wh.connection.runAndReadAll(`SELECT line_no, reason_code FROM ingest_rejects WHERE file_id = ${r.fileId} ORDER BY 1`)).getRows();
    expect(reasons.map((x) => [Number(x[0]), x[1]])).toEqual([[2, 'bad_json'], [4, 'bad_number'], [5, 'unknown_sku']]);
    // An explicit offset is honoured: 00:30 UTC is 08:30 in Shanghai.
    const j3 = (await wh.connection.runAndReadAll(`SELECT strftime(placed_at, '%H:%M') FROM order_lines WHERE order_id = 'J3'`)).getRows();
    expect(j3).toEqual([['08:30']]);
  });

  it('reads naive times as Shanghai time even after a row that names another zone, fractional seconds too', async () => {
    const path = join(dir, 'orders-zones.csv');
    writeFileSync(path, [ORDERS_HEADER,
      'Z1,1,2025-05-01 08:00:00 America/New_York,S1,C1,assisted,FERT-01,2,150,placed,',
      'Z2,1,2025-05-01 08:00:00.250,S1,C1,assisted,FERT-01,2,150,placed,',
      'Z3,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,',
      'Z4,1,2025-05-01 08:00:00.5+08:00,S1,C1,assisted,FERT-01,2,150,placed,'].join('\n') + '\n');
    const r = await ingestFile(wh.connection, path, { now: NOW });
    expect(r).toMatchObject({ read: 4, rejected: 0 });
    const utc = (await wh.connection.runAndReadAll(`SELECT order_id, strftime(placed_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%g') FROM order_lines
      WHERE file_id = ${r.fileId} ORDER BY 1`)).getRows();
    expect(utc).toEqual([['Z1', '2025-05-01 12:00:00.000'], ['Z2', '2025-05-01 00:00:00.250'], ['Z3', '2025-05-01 00:00:00.000'], ['Z4', '2025-05-01 00:00:00.500']]);
  });

  it('does the same for Parquet, with its row numbers', async () => {
    const path = join(dir, 'orders-dirty.parquet');
    const mem = await DuckDBInstance.create(':memory:');
    const c = await mem.connect();
    await c.run(`COPY (SELECT * FROM (VALUES
        ('P1', 1, TIMESTAMP '2025-05-03 09:00:00', 'S1', 'C7', 'assisted', 'FERT-01', 1.0, 150.0, 'placed', NULL::TIMESTAMP),
        ('P2', 1, TIMESTAMP '2025-05-03 09:00:00', 'S1', 'C7', 'assisted', 'FERT-01', -4.0, 150.0, 'placed', NULL::TIMESTAMP),
        ('P3', 1, TIMESTAMP '2025-05-03 09:00:00', 'S1', 'C7', 'assisted', 'ORG-01', 2.0, 39.9, 'placed', NULL::TIMESTAMP))
      t(order_id, line_no, placed_at, store_id, customer_id, channel, sku, quantity, unit_price, status, status_at)) TO '${path}' (FORMAT parquet)`);
    c.closeSync();
    mem.closeSync();
    const r = await ingestFile(wh.connection, path, { now: NOW });
    expect(r).toMatchObject({ format: 'parquet', read: 3, loaded: 2, rejected: 1 });
    const rej = (await wh.connection.runAndReadAll(`SELECT line_no, reason_code FROM ingest_rejects WHERE file_id = ${r.fileId}`)).getRows();
    expect(rej.map((x) => [Number(x[0]), x[1]])).toEqual([[2, 'negative_quantity']]);
    const p1 = (await wh.connection.runAndReadAll(`SELECT strftime(placed_at, '%Y-%m-%d %H:%M') FROM order_lines WHERE order_id = 'P1'`)).getRows();
    expect(p1).toEqual([['2025-05-03 09:00']]);
  });

  it('refuses a gzip file cut short or corrupt, whole, loading nothing of it', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `G${i},1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,${1 + (i % 5)},150,placed,`);
    const whole = gzipSync(Buffer.from([ORDERS_HEADER, ...lines].join('\n') + '\n'));
    const cut = join(dir, 'orders-cut.csv.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(ingestFile(wh.connection, cut, { now: NOW })).rejects.toMatchObject({ code: 'BAD_INPUT_FILE', message: expect.stringMatching(/not a complete gzip file/) });
    const flipped = Buffer.from(whole);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const bad = join(dir, 'orders-corrupt.csv.gz');
    writeFileSync(bad, flipped);
    await expect(ingestFile(wh.connection, bad, { now: NOW })).rejects.toMatchObject({ code: 'BAD_INPUT_FILE' });
    const files = (await wh.connection.runAndReadAll(`SELECT count(*) FROM ingest_files WHERE name IN ('orders-cut.csv.gz', 'orders-corrupt.csv.gz')`)).getRows()[0]?.[0];
    expect(Number(files)).toBe(0);
    expect(Number((await wh.connection.runAndReadAll(`SELECT count(*) FROM order_lines WHERE order_id LIKE 'G%'`)).getRows()[0]?.[0])).toBe(0);
    // The whole file loads.
    const ok = join(dir, 'orders-whole.csv.gz');
    writeFileSync(ok, whole);
    expect(await ingestFile(wh.connection, ok, { now: NOW })).toMatchObject({ read: 3000, loaded: 3000 });
  });

  it('refuses a file with a line longer than the reader holds (it once vanished from "read"), loading nothing', async () => {
    const path = join(dir, 'orders-long-line.csv');
    const ok = 'L1,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,';
    writeFileSync(path, `${ORDERS_HEADER}\n${ok}\nL2,1,2025-05-01 08:00:00,S1,${'x'.repeat(31 * 1048576)},assisted,FERT-01,2,150,placed,\n${ok.replace('L1', 'L3')}\n`);
    await expect(ingestFile(wh.connection, path, { now: NOW })).rejects.toMatchObject({ code: 'BAD_INPUT_FILE', message: expect.stringMatching(/a line of 31 MB is longer than the reader can hold/) });
    expect(Number((await wh.connection.runAndReadAll(`SELECT count(*) FROM order_lines WHERE order_id IN ('L1', 'L3')`)).getRows()[0]?.[0])).toBe(0);
  }, 60_000);

  it('refuses a file whose header is not the declared layout, loading nothing', async () => {
    const path = join(dir, 'orders-wrong-header.csv');
    writeFileSync(path, 'order,line,when\nX1,1,2025-05-01\n');
    await expect(ingestFile(wh.connection, path, { now: NOW })).rejects.toMatchObject({ code: 'BAD_INPUT_FILE', message: expect.stringContaining('expected: order_id,line_no') });
    const n = (await wh.connection.runAndReadAll(`SELECT count(*) FROM ingest_files WHERE name = 'orders-wrong-header.csv'`)).getRows()[0]?.[0];
    expect(Number(n)).toBe(0);
  });

  it("takes a store's time zone from an optional last column, rejecting a zone that does not exist", async () => {
    const path = writeLayoutCsv(dir, 'stores-zoned.csv', 'stores', [
      ['S7', 'V1', '伦敦店', 'Lundun', 'mom_and_pop', 2, 7, 0.9, 1, '', '', 'Europe/London'],
      ['S8', 'V1', '无区店', 'Wuqu', 'mom_and_pop', 2, 7, 0.9, 1, '', '', ''],
      ['S9', 'V1', '错区店', 'Cuoqu', 'mom_and_pop', 2, 7, 0.9, 1, '', '', 'Europe/Londn'],
    ]);
    const r = await ingestFile(wh.connection, path, { now: NOW });
    expect(r).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    const zones = (await wh.connection.runAndReadAll(`SELECT store_id, timezone FROM stores WHERE store_id IN ('S7', 'S8', 'S9') ORDER BY 1`)).getRows();
    expect(zones).toEqual([['S7', 'Europe/London'], ['S8', null]]);
    const why = (await wh.connection.runAndReadAll(`SELECT line_no::INTEGER, reason_code, reason FROM ingest_rejects WHERE file_id = ${r.fileId}`)).getRows();
    expect(why).toEqual([[4, 'unknown_timezone', expect.stringContaining('Europe/Londn')]]);
  });

  it('keeps the shopper of a till line when the file carries one, and reads older till files without it', async () => {
    const withCustomer = join(dir, 'till-with-customer.csv');
    writeFileSync(withCustomer, `${TILL_HEADER},customer_id\nT1,1,2025-05-01 08:00:00,S1,SNK-01,2,2.5,H42\nT2,1,2025-05-01 09:00:00,S1,SNK-01,1,2.5,\n`);
    const older = join(dir, 'till-older.csv');
    writeFileSync(older, `${TILL_HEADER}\nT3,1,2025-05-01 10:00:00,S1,SNK-01,1,2.5\n`);
    for (const p of [withCustomer, older]) expect(await ingestFile(wh.connection, p, { now: NOW })).toMatchObject({ loaded: expect.any(Number), rejected: 0 });
    const rows = (await wh.connection.runAndReadAll(`SELECT receipt_id, customer_id FROM till_lines WHERE receipt_id IN ('T1', 'T2', 'T3') ORDER BY 1`)).getRows();
    expect(rows).toEqual([['T1', 'H42'], ['T2', null], ['T3', null]]);
    // A header that stops before a required column is still refused.
    const short = join(dir, 'till-short.csv');
    writeFileSync(short, 'receipt_id,line_no,sold_at\nT4,1,2025-05-01 10:00:00\n');
    await expect(ingestFile(wh.connection, short, { now: NOW })).rejects.toMatchObject({ code: 'BAD_INPUT_FILE' });
  });
  it("keeps the file's own line with a rejected row, quotes and all, not the fields re-joined", async () => {
    const path = join(dir, 'orders-quoted.csv');
    const bad = 'Q2,1,2025-05-01 08:00:00,S1,"Wang, Li",assisted,NOPE-1,2,150,placed,';
    const esc = '"Q3",1,2025-05-01 08:00:00,S1,"say ""hi""",assisted,NOPE-2,2,150,placed,';
    writeFileSync(path, `${ORDERS_HEADER}\nQ1,1,2025-05-01 08:00:00,S1,C1,assisted,FERT-01,2,150,placed,\n${bad}\r\n${esc}\n`);
    const r = await ingestFile(wh.connection, path, { now: NOW });
    expect(r).toMatchObject({ read: 3, loaded: 1, rejected: 2 });
    const raws = (await wh.connection.runAndReadAll(`SELECT line_no::INTEGER, reason_code, raw FROM ingest_rejects WHERE file_id = ${r.fileId} ORDER BY 1`)).getRows();
    expect(raws).toEqual([[3, 'unknown_sku', bad], [4, 'unknown_sku', esc]]);
  });
  it('counts a line with bad bytes in a column the mapping never reads once, not as loaded and rejected', async () => {
    // Pass A reads only the mapped columns, pass B every column: a line whose only bad bytes sit in
    // an unmapped column was once loaded by the one and rejected by the other.
    const path = join(dir, 'export-latin1.csv');
    const lines = [
      'id,when,shop,code,qty,price,note',
      'L1,2025-05-01 08:00:00,S1,FERT-01,2,150,ok',
      'L2,2025-05-01 08:00:00,S1,FERT-01,2,150,caf\xe9',
      'L3,2025-05-01 08:00:00,S1,NOPE-1,2,150,ok',
      'L4,2025-05-01 08:00:00,S1,SNK-01,20,2.5,ok',
    ];
    writeFileSync(path, Buffer.from(lines.join('\n') + '\n', 'latin1'));
    const mapping = validateMapping({
      name: 'latin', kind: 'orders', source: { format: 'csv', columns: ['id', 'when', 'shop', 'code', 'qty', 'price', 'note'] },
      fields: {
        order_id: { column: 'id' }, line_no: { value: 1 }, placed_at: { column: 'when' }, store_id: { column: 'shop' }, channel: { value: 'assisted' },
        sku: { column: 'code' }, quantity: { column: 'qty' }, unit_price: { column: 'price' }, status: { value: 'placed' },
      },
    });
    const r = await ingestFile(wh.connection, path, { mapping, now: NOW });
    expect(r.read).toBe(4);
    expect(r.loaded + r.rejected).toBe(4);
    const loaded = (await wh.connection.runAndReadAll(`SELECT order_id FROM order_lines WHERE file_id = ${r.fileId} ORDER BY 1`)).getRows().map((x) => String(x[0]));
    const rejected = (await wh.connection.runAndReadAll(`SELECT line_no::INTEGER, reason_code FROM ingest_rejects WHERE file_id = ${r.fileId} ORDER BY 1`)).getRows();
    const rejectedLines = rejected.map((x) => Number(x[0]));
    // No line is in both: L2 (line 3) is either loaded or rejected, never both.
    expect(loaded.length + rejectedLines.length).toBe(4);
    expect(rejected).toContainEqual([4, 'unknown_sku']);
    expect(loaded).toContain('L1');
    expect(loaded).toContain('L4');
    expect(loaded.includes('L2') !== rejectedLines.includes(3)).toBe(true);
  });
  it('reads a Latin-1 export as Latin-1 when its mapping says so: the name loads, nothing is rejected for bytes', async () => {
    const path = join(dir, 'products-latin1.csv');
    writeFileSync(path, Buffer.from('code,name,price\nLAT-1,Caf\xe9 cr\xe8me,2.5\nLAT-2,"Cr\xeape, sucr\xe9e",3\nLAT-3,bad,-1\n', 'latin1'));
    const fields = {
      sku: { column: 'code' }, name_zh: { column: 'name' }, name_en: { column: 'name' }, category: { value: 'imported' }, subcategory: { value: 'x' },
      brand: { value: 'b' }, unit: { value: 'pcs' }, pack_size: { value: 1 }, list_price: { column: 'price' }, is_produce: { value: false },
    };
    const asUtf8 = validateMapping({ name: 'p8', kind: 'products', source: { format: 'csv', columns: ['code', 'name', 'price'] }, fields });
    const before = await ingestFile(wh.connection, path, { mapping: asUtf8, now: NOW });
    expect(before).toMatchObject({ read: 3, loaded: 0, rejected: 3 });
    const codes = (await wh.connection.runAndReadAll(`SELECT reason_code FROM ingest_rejects WHERE file_id = ${before.fileId} ORDER BY line_no`)).getRows().map((x) => x[0]);
    expect(codes).toEqual(['invalid_utf8', 'invalid_utf8', 'price_out_of_range']);
    const latin1 = validateMapping({ name: 'p1', kind: 'products', source: { format: 'csv', encoding: 'latin-1', columns: ['code', 'name', 'price'] }, fields });
    // The same export again, a day later (one more line): the same content would be skipped as loaded.
    const again = join(dir, 'products-latin1-2.csv');
    writeFileSync(again, Buffer.from('code,name,price\nLAT-1,Caf\xe9 cr\xe8me,2.5\nLAT-2,"Cr\xeape, sucr\xe9e",3\nLAT-3,bad,-1\nLAT-4,Th\xe9,1\n', 'latin1'));
    const r = await ingestFile(wh.connection, again, { mapping: latin1, now: NOW });
    expect(r).toMatchObject({ read: 4, loaded: 3, rejected: 1 });
    const names = (await wh.connection.runAndReadAll(`SELECT sku, name_en FROM products WHERE sku LIKE 'LAT-%' ORDER BY 1`)).getRows();
    expect(names).toEqual([['LAT-1', 'Café crème'], ['LAT-2', 'Crêpe, sucrée'], ['LAT-4', 'Thé']]);
    // The rejected line keeps the file's own text, decoded the same way.
    const raw = (await wh.connection.runAndReadAll(`SELECT raw FROM ingest_rejects WHERE file_id = ${r.fileId}`)).getRows();
    expect(raw).toEqual([['LAT-3,bad,-1']]);
    expect(() => validateMapping({ name: 'p', kind: 'products', source: { format: 'csv', encoding: 'cp1252', columns: ['code'] }, fields })).toThrow(/"source.encoding" must be one of/);
  });
});
