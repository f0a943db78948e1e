/**
 * The real Online Retail excerpt (../shared/data/real-exports/, not in the repo) through the worked
 * mappings in data/samples/online-retail/: loaded + rejected = read, with read counted here from
 * the file itself (not by the loader); fee and postage lines kept out of products by a rule on the
 * code's shape, not a list; and the condition language's pieces each tried on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { refreshDemand } from '../../../pipelines/demand/aggregate.ts';
import { localDay } from '../../../pipelines/demand/cells-sql.ts';
import { ingestFile } from '../../../pipelines/ingest/ingest-file.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { loadMapping, validateMapping, type Mapping } from '../../../pipelines/ingest/mapping.ts';
import { tempDir } from '../../helpers/temp.ts';

const SAMPLE = fileURLToPath(new URL('../../../data/samples/online-retail/', import.meta.url));
const WORKED = fileURLToPath(new URL('../../../data/samples/real-exports/', import.meta.url));
const REAL = fileURLToPath(new URL('../../../../shared/data/real-exports/online_retail_first20000.csv', import.meta.url));

/** Data lines of a CSV, counted by a quote-aware scan of our own (not DuckDB's reader). */
function csvRecords(text: string): number {
  let n = 0;
  let quoted = false;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) { n += 1; any = false; continue; }
    any = true;
  }
  return n + (any ? 1 : 0) - 1; // minus the header
}

/** Records of a CSV as fields, by a quote-aware split of our own. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

describe('the real Online Retail excerpt through the worked mappings', () => {
  const tmp = tempDir('real-exports');
  let wh: Warehouse;
  const q = async (sql: string): Promise<unknown[][]> => (await wh.connection.runAndReadAll(sql)).getRows();
  beforeAll(async () => {
    wh = await Warehouse.open(join(tmp.dir, 'w.duckdb'));
    await ingestPaths(wh.connection, [join(SAMPLE, 'geography.csv'), join(SAMPLE, 'stores.csv')]);
  });
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('products: every line loaded or rejected, fee codes out by the code-shape rule', async () => {
    const records = csvRecords(readFileSync(REAL, 'latin1'));
    expect(records).toBe(20_000);
    const r = await ingestFile(wh.connection, REAL, { mapping: await loadMapping(join(WORKED, 'online-retail-products.mapping.json')), now: new Date('2012-01-01') });
    expect(r.read).toBe(records);
    expect(r.loaded + r.rejected).toBe(records);
    const skus = (await q('SELECT sku FROM products')).map((x) => String(x[0]));
    for (const fee of ['POST', 'M', 'DOT', 'AMAZONFEE', 'D', 'C2', 'BANK CHARGES', 'S']) expect(skus).not.toContain(fee);
    expect(skus.every((s) => /^[0-9]{5}[A-Za-z]{0,2}$/.test(s))).toBe(true);
    const fees = Number((await q(`SELECT count(*) FROM ingest_rejects WHERE file_id = ${r.fileId} AND reason LIKE 'not a product code%'`))[0]![0]);
    expect(fees).toBe(89); // POST 33, M 21, DOT 16, AMAZONFEE 7, D 4, C2 4, BANK CHARGES 2, S 2, counted by hand from the file

    // The defining row is the most common description (name and price) among a product's kept lines,
    // a tie going to the later line, not whatever line came last. A plain reading of that here:
    const kept = csvRows(readFileSync(REAL, 'latin1')).slice(1)
      .filter((f) => /^[0-9]{5}[A-Za-z]{0,2}$/.test(f[1]!) && Number(f[3]) >= 0 && Number(f[5]) > 0);
    const tally = new Map<string, Map<string, { n: number; last: number }>>();
    kept.forEach((f, i) => {
      const desc = `${f[2]!.trim()}|${Number(f[5]).toFixed(2)}`;
      const bySku = tally.get(f[1]!) ?? new Map<string, { n: number; last: number }>();
      const t = bySku.get(desc) ?? { n: 0, last: -1 };
      bySku.set(desc, { n: t.n + 1, last: i });
      tally.set(f[1]!, bySku);
    });
    const expected = new Map([...tally].map(([sku, m]) => [sku, [...m].sort((a, b) => b[1].n - a[1].n || b[1].last - a[1].last)[0]![0]]));
    const stored = new Map((await q(`SELECT sku, trim(name_en) || '|' || printf('%.2f', list_price) FROM products`)).map((x) => [String(x[0]), String(x[1])]));
    expect(stored.size).toBe(expected.size);
    let differsFromLast = 0;
    for (const [sku, desc] of expected) {
      expect([sku, stored.get(sku)]).toEqual([sku, desc]);
      const lastLine = kept.filter((f) => f[1] === sku).at(-1)!;
      if (`${lastLine[2]!.trim()}|${Number(lastLine[5]).toFixed(2)}` !== desc) differsFromLast += 1;
    }
    // Products whose last line is not their usual description, as a separate scan of the file counts them.
    expect(differsFromLast).toBe(345);
  }, 120_000);

  it('orders: loaded + rejected = read, cancellations as returns, fees skipped by the rule', async () => {
    const records = csvRecords(readFileSync(REAL, 'latin1'));
    const r = await ingestFile(wh.connection, REAL, { mapping: await loadMapping(join(WORKED, 'online-retail-orders.mapping.json')), now: new Date('2012-01-01') });
    expect(r.read).toBe(records);
    expect(r.loaded + r.rejected).toBe(records);
    const byReason = new Map((await q(`SELECT reason_code, count(*) FROM ingest_rejects WHERE file_id = ${r.fileId} GROUP BY 1`)).map((x) => [String(x[0]), Number(x[1])]));
    expect(byReason.get('skipped_by_mapping')).toBeGreaterThanOrEqual(89);
    expect(byReason.get('bad_timestamp') ?? 0).toBe(0);
    expect(r.loaded).toBeGreaterThan(19_000);
    const returns = Number((await q(`SELECT count(*) FROM order_lines WHERE file_id = ${r.fileId} AND status = 'return'`))[0]![0]);
    expect(returns).toBeGreaterThan(200); // 261 C-lines in the excerpt, less the fee codes among them
  }, 120_000);

  it('nets returns against the sale they give back: demand per SKU and day as a plain reading of the rule', async () => {
    await refreshDemand(wh.connection);
    type Line = { id: string; customer: string | null; sku: string; q: number; status: string; t: number; day: string };
    const lines: Line[] = (await q(`SELECT order_id || '/' || line_no, customer_id, sku, quantity, status, epoch_ms(placed_at),
        strftime(${localDay('placed_at', "'Europe/London'")}, '%Y-%m-%d') FROM order_lines WHERE store_id = 'GB-WEB-1'`))
      .map((x) => ({ id: String(x[0]), customer: x[1] === null ? null : String(x[1]), sku: String(x[2]), q: Number(x[3]), status: String(x[4]), t: Number(x[5]), day: String(x[6]) }));
    const net = new Map<string, number>();
    const add = (sku: string, day: string, v: number): void => { net.set(`${sku} ${day}`, (net.get(`${sku} ${day}`) ?? 0) + v); };
    const sales = lines.filter((l) => l.status === 'placed');
    for (const s of sales) add(s.sku, s.day, s.q);
    const taken = new Map<string, number>();
    let matched = 0;
    for (const r of lines.filter((l) => l.status === 'return').sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1))) {
      let best: Line | undefined;
      for (const s of sales) {
        if (r.customer === null || s.customer !== r.customer || s.sku !== r.sku || s.q < r.q || s.t > r.t) continue;
        const better = best === undefined || (s.q === r.q) > (best.q === r.q) || ((s.q === r.q) === (best.q === r.q) && s.t > best.t);
        if (better) best = s;
      }
      const used = best ? (taken.get(best.id) ?? 0) + r.q : 0;
      if (best) taken.set(best.id, used);
      if (best && used <= best.q) { add(r.sku, best.day, -r.q); matched += 1; } else add(r.sku, r.day, -r.q);
    }
    expect(matched).toBeGreaterThan(20); // 27 same customer, SKU and quantity by a scan of the file
    const stored = new Map((await q(`SELECT sku || ' ' || strftime(day, '%Y-%m-%d'), order_units FROM demand_daily WHERE store_id = 'GB-WEB-1'`))
      .map((x) => [String(x[0]), Number(x[1])]));
    for (const [cell, units] of net) expect([cell, stored.get(cell) ?? 0]).toEqual([cell, Math.max(units, 0)]);
    const placed = sales.reduce((a, s) => a + s.q, 0);
    const total = [...stored.values()].reduce((a, v) => a + v, 0);
    expect(total).toBeLessThan(placed); // returns came off demand
  }, 120_000);

  it("puts each sale on the shop's own London day: evening sales stay on their evening, and no Saturday trades", async () => {
    expect((await q(`SELECT timezone FROM stores WHERE store_id = 'GB-WEB-1'`))[0]![0]).toBe('Europe/London');
    // Lines whose Shanghai day is not their London day: every sale from 16:00 London time (winter).
    const shifted = Number((await q(`SELECT count(*) FROM order_lines WHERE store_id = 'GB-WEB-1'
      AND (placed_at AT TIME ZONE 'Europe/London')::DATE <> (placed_at AT TIME ZONE 'Asia/Shanghai')::DATE`))[0]![0]);
    expect(shifted).toBeGreaterThan(1000);
    // The shop did not trade on Saturdays (isodow 6): a Shanghai day put its Friday evenings there.
    const saturdays = Number((await q(`SELECT count(*) FROM demand_daily WHERE store_id = 'GB-WEB-1' AND isodow(day) = 6`))[0]![0]);
    expect(saturdays).toBe(0);
    const londonSaturdays = Number((await q(`SELECT count(*) FROM order_lines WHERE store_id = 'GB-WEB-1'
      AND isodow((placed_at AT TIME ZONE 'Europe/London')::DATE) = 6`))[0]![0]);
    expect(londonSaturdays).toBe(0);
  }, 120_000);
});

describe('the condition and compute language', () => {
  const base = (extra: Partial<Mapping>): unknown => ({
    name: 't', kind: 'till', source: { format: 'csv', columns: ['id', 'when', 'shop', 'code', 'qty', 'total', 'dept'] },
    fields: {
      receipt_id: { column: 'id' }, line_no: { value: 1 }, sold_at: { column: 'when' }, store_id: { column: 'shop' }, sku: { column: 'code' },
      quantity: { column: 'qty' }, unit_price: { compute: { divide: [{ column: 'total' }, { column: 'qty' }] } },
    },
    ...extra,
  });

  it('accepts all / any / not, matches and thresholds, and refuses what is malformed, naming it', () => {
    expect(() => validateMapping(base({ skip: [{ if: { all: [{ column: 'qty', gte: 1000 }, { not: { column: 'dept', matches: 'GROCERY|DRUG' } }] }, reason: 'fuel' }] }))).not.toThrow();
    expect(() => validateMapping(base({ skip: [{ if: { any: [] }, reason: 'x' }] }))).toThrow(/non-empty list/);
    expect(() => validateMapping(base({ skip: [{ if: { column: 'qty', gte: 1, lte: 5 } as never, reason: 'x' }] }))).toThrow(/exactly one of/);
    expect(() => validateMapping(base({ skip: [{ if: { column: 'code', matches: '([' }, reason: 'x' }] }))).toThrow(/not a valid regular expression/);
    expect(() => validateMapping(base({ skip: [{ if: { column: 'nope', equals: 'x' }, reason: 'x' }] }))).toThrow(/"nope"/);
    expect(() => validateMapping({ ...(base({}) as object), fields: { ...(base({}) as { fields: object }).fields, receipt_id: { compute: { concat: [{ column: 'shop' }, { value: '-' }, { column: 'nope' }] } } } })).toThrow(/"nope"/);
    // Which row defines a key is a question for master data only, and has three answers.
    expect(() => validateMapping(base({ defining_row: 'most_common' }))).toThrow(/applies to master data/);
    // Tests on master data name a known attribute, and need the key they look it up by.
    expect(() => validateMapping(base({ skip: [{ if: { product: 'category', equals: 'FUEL' }, reason: 'fuel' }] }))).not.toThrow();
    expect(() => validateMapping(base({ skip: [{ if: { product: 'colour' as never, equals: 'red' }, reason: 'x' }] }))).toThrow(/"product" must name one of/);
    expect(() => validateMapping(base({ skip: [{ if: { column: 'code', product: 'category', equals: 'x' }, reason: 'x' }] }))).toThrow(/one of "column", "product" or "store"/);
    expect(() => validateMapping(base({ fields: { ...(base({}) as { fields: object }).fields, quantity: { cases: [{ if: { product: 'unit', equals: 'kg' }, value: '1' }] } } as never }))).toThrow(/are for skip rules/);
    const products = { name: 'p', kind: 'products', source: { format: 'csv', columns: ['code', 'name', 'price'] },
      fields: { sku: { column: 'code' }, name_zh: { column: 'name' }, name_en: { column: 'name' }, category: { value: 'c' }, subcategory: { value: 's' },
        brand: { value: 'b' }, unit: { value: 'u' }, pack_size: { value: 1 }, list_price: { column: 'price' }, is_produce: { value: false } } };
    expect(() => validateMapping({ ...products, defining_row: 'most_common' })).not.toThrow();
    expect(() => validateMapping({ ...products, defining_row: 'mode' })).toThrow(/last, first, most_common/);
  });

  it('computes a unit price from a line total and a composed key, and skips by rule', async () => {
    const tmp = tempDir('compute');
    const wh = await Warehouse.open(join(tmp.dir, 'w.duckdb'));
    try {
      await wh.connection.run(`INSERT INTO stores VALUES ('S1', 'V1', '店', 'dian', 'mom_and_pop', 2, 7, 0.9, 1, NULL, NULL, NULL)`);
      await wh.connection.run(`INSERT INTO products VALUES ('P1', '油', 'Oil', 'c', 's', 'b', 'u', 1, 10, 8, NULL, false), ('FUEL', '油', 'Fuel', 'c', 's', 'b', 'u', 1, 10, 8, NULL, false)`);
      const path = join(tmp.dir, 'export.csv');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path, 'id,when,shop,code,qty,total,dept\nr1,2025-05-01 08:00:00,S1,P1,4,10,GROCERY\nr2,2025-05-01 09:00:00,S1,FUEL,2000,5000,KIOSK-GAS\nr3,2025-05-01 10:00:00,S1,P1,0,0,GROCERY\n');
      const m = validateMapping(base({
        fields: { ...(base({}) as { fields: Record<string, unknown> }).fields, receipt_id: { compute: { concat: [{ column: 'shop' }, { value: '-' }, { column: 'id' }] } } } as never,
        skip: [{ if: { all: [{ column: 'qty', gte: 1000 }, { not: { column: 'dept', matches: 'GROCERY|DRUG' } }] }, reason: 'fuel by quantity and department' }],
      }));
      const r = await ingestFile(wh.connection, path, { kind: 'till', mapping: m, now: new Date('2026-01-01') });
      expect(r).toMatchObject({ read: 3, loaded: 1, rejected: 2 });
      const rows = (await wh.connection.runAndReadAll(`SELECT receipt_id, unit_price::DOUBLE FROM till_lines`)).getRows();
      expect(rows).toEqual([['S1-r1', 2.5]]);
      const why = (await wh.connection.runAndReadAll(`SELECT line_no, reason_code FROM ingest_rejects ORDER BY 1`)).getRows().map((x) => [Number(x[0]), x[1]]);
      // A total over a quantity of 0 has no unit price: the line is rejected for it, not loaded at 0.
      expect(why).toEqual([[3, 'skipped_by_mapping'], [4, 'missing_value']]);
    } finally {
      await wh.close();
      tmp.cleanup();
    }
  });
});

describe('the real Complete Journey excerpt through the worked mappings', () => {
  const DIR = fileURLToPath(new URL('../../../../shared/data/real-exports/', import.meta.url));
  const TX = join(DIR, 'completejourney_transactions_first5000.csv');
  const tmp = tempDir('real-cj');
  let wh: Warehouse;
  const q = async (sql: string): Promise<unknown[][]> => (await wh.connection.runAndReadAll(sql)).getRows();
  beforeAll(async () => {
    wh = await Warehouse.open(join(tmp.dir, 'w.duckdb'));
    await ingestPaths(wh.connection, [join(WORKED, 'geography-completejourney.csv')]);
  });
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('stores and products from the exports, then till lines: accounted for, unit price from the line total, fuel out by a threshold', async () => {
    const now = new Date('2018-01-01');
    const stores = await ingestFile(wh.connection, TX, { mapping: await loadMapping(join(WORKED, 'completejourney-stores.mapping.json')), now });
    expect(stores.loaded + stores.rejected).toBe(stores.read);
    expect(Number((await q('SELECT count(*) FROM stores'))[0]![0])).toBe(157); // distinct store_id in the excerpt, counted by hand
    const products = await ingestFile(wh.connection, join(DIR, 'completejourney_products_for_first5000.csv'), { mapping: await loadMapping(join(WORKED, 'completejourney-products.mapping.json')), now });
    expect(products.loaded + products.rejected).toBe(products.read);
    const records = csvRecords(readFileSync(TX, 'utf8'));
    expect(records).toBe(5000);
    const till = await ingestFile(wh.connection, TX, { mapping: await loadMapping(join(WORKED, 'completejourney-till.mapping.json')), now });
    expect(till.read).toBe(records);
    expect(till.loaded + till.rejected).toBe(records);
    const why = new Map((await q(`SELECT reason_code, count(*) FROM ingest_rejects WHERE file_id = ${till.fileId} GROUP BY 1`)).map((x) => [String(x[0]), Number(x[1])]));
    // Fuel by the product's department (FUEL) or type (GASOLINE...), a rule on master data: 37 lines,
    // counted by hand. A threshold alone (quantity >= 1000: gallons) found 32 and let through five
    // prepaid pump lines of quantity 1.
    expect(why.get('skipped_by_mapping')).toBe(37);
    expect(Number((await q(`SELECT count(*) FROM till_lines t JOIN products p USING (sku) WHERE p.category = 'FUEL' OR p.name_en LIKE 'GASOLINE%'`))[0]![0])).toBe(0);
    // First data line: basket 31625220889, product 940996, 1 at 3.86.
    expect(await q(`SELECT quantity, unit_price::DOUBLE, customer_id FROM till_lines WHERE receipt_id = '31625220889' AND sku = '940996'`)).toEqual([[1, 3.86, '2261']]);
    expect(Number((await q(`SELECT count(*) FROM till_lines WHERE quantity >= 1000`))[0]![0])).toBe(0);
    expect(Number((await q(`SELECT count(*) FROM till_lines WHERE customer_id IS NULL`))[0]![0])).toBe(0);
    // The stores keep Chicago days: the second line, 22:31 on 28 Feb in Chicago, is 1 March in Shanghai.
    expect(Number((await q(`SELECT count(*) FROM stores WHERE timezone = 'America/Chicago'`))[0]![0])).toBe(157);
    await refreshDemand(wh.connection);
    const day = await q(`SELECT strftime(day, '%Y-%m-%d') FROM demand_daily WHERE store_id = '368' AND sku = '873902'`);
    expect(day).toContainEqual(['2017-02-28']);
    expect(day).not.toContainEqual(['2017-03-01']);
  }, 120_000);
});

describe('the real Taobao excerpt through the worked mappings', () => {
  const TB = fileURLToPath(new URL('../../../../shared/data/real-exports/taobao_trade_history_first5000.csv', import.meta.url));
  const tmp = tempDir('real-tb');
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(join(tmp.dir, 'w.duckdb'));
    await ingestPaths(wh.connection, [join(WORKED, 'geography-taobao.csv'), join(WORKED, 'stores-taobao.csv')]);
  });
  afterAll(async () => { await wh.close(); tmp.cleanup(); });

  it('orders keyed by buyer and day (a composed key), YYYYMMDD days: every line accounted for', async () => {
    const now = new Date('2016-01-01');
    const records = csvRecords(readFileSync(TB, 'utf8'));
    expect(records).toBe(5000);
    const p = await ingestFile(wh.connection, TB, { mapping: await loadMapping(join(WORKED, 'taobao-products.mapping.json')), now });
    expect(p.loaded + p.rejected).toBe(records);
    const o = await ingestFile(wh.connection, TB, { mapping: await loadMapping(join(WORKED, 'taobao-orders.mapping.json')), now });
    expect(o.read).toBe(records);
    expect(o.loaded + o.rejected).toBe(records);
    expect(o.loaded).toBeGreaterThan(4900);
    // First data line: user 786295544 bought 2 of 41098319944 on 2014-09-19.
    const first = (await wh.connection.runAndReadAll(`SELECT order_id, quantity, strftime(placed_at, '%Y-%m-%d') FROM order_lines WHERE sku = '41098319944'`)).getRows();
    expect(first).toContainEqual(['786295544-20140919', 2, '2014-09-19']);
  }, 120_000);
});
