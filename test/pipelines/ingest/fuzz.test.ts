/**
 * Fuzzed exports: random CSV, JSON Lines and Parquet files of order lines, each mixing valid
 * fields with garbage (quotes, delimiters and newlines in fields, invalid UTF-8, NaN and infinities,
 * out-of-range numbers and dates, blanks, very long values). Every file either loads with
 * loaded + rejected = read, its rows and rejects in the warehouse matching those counts, or is
 * refused whole with a coded error; nothing else is allowed (no crash without a code). The trial
 * counts are printed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { isCodedError } from '../../../pipelines/errors.ts';
import { ingestFile } from '../../../pipelines/ingest/ingest-file.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { ORDERS_HEADER, writeMasterData } from '../../helpers/master-data.ts';
import { tempDir } from '../../helpers/temp.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const garbage = fc.oneof(
  fc.constantFrom('', ' ', '"', '""', 'a,b', 'x\ny', '"q"', 'NaN', 'inf', '-Infinity', '1e309', '-0', '99999999999999999999', '2025-13-40 25:61:00',
    '294277-01-01 00:00:00', '\u0000', '中文', 'é', 'S1 ', 'st1', 'x'.repeat(5000)),
  fc.string({ maxLength: 12 }),
);
const field = (good: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: garbage });
const line = fc.tuple(
  field(fc.stringMatching(/^[A-Z]\d{1,5}$/)), field(fc.integer({ min: 1, max: 9 }).map(String)),
  field(fc.date({ min: new Date('2024-01-01'), max: new Date('2026-10-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19).replace('T', ' '))),
  field(fc.constantFrom('S1', 'S2')), field(fc.constantFrom('C1', '')), field(fc.constantFrom('assisted', 'self')),
  field(fc.constantFrom('FERT-01', 'SNK-01', 'ORG-01')), field(fc.integer({ min: -3, max: 50 }).map(String)),
  field(fc.double({ min: 0, max: 500, noNaN: true }).map((x) => x.toFixed(2))), field(fc.constantFrom('placed', 'cancelled', 'returned')), fc.constant(''),
);
const csvCell = (s: string): string => (/[",\n]/.test(s) && Math.random() < 0.7 ? `"${s.replaceAll('"', '""')}"` : s);

describe('fuzzed exports', () => {
  const tmp = tempDir('fuzz');
  let wh: Warehouse;
  const counts = { csv: 0, jsonl: 0, parquet: 0, refused: 0, loaded: 0, rejected: 0 };
  let n = 0;
  beforeAll(async () => {
    wh = await Warehouse.open(join(tmp.dir, 'w.duckdb'));
    await ingestPaths(wh.connection, writeMasterData(tmp.dir), { now: NOW });
  });
  afterAll(async () => {
    process.stdout.write(`fuzz trials: ${counts.csv} CSV, ${counts.jsonl} JSONL, ${counts.parquet} Parquet files; ${counts.refused} refused whole; ${counts.loaded} rows loaded, ${counts.rejected} rejected\n`);
    await wh.close();
    tmp.cleanup();
  });

  /** Ingests one file and checks the accounting against the warehouse itself. */
  const check = async (path: string): Promise<boolean> => {
    try {
      const r = await ingestFile(wh.connection, path, { now: NOW });
      if (r.outcome === 'skipped') return true;
      const rows = Number((await wh.connection.runAndReadAll(`SELECT count(*) FROM order_lines WHERE file_id = ${r.fileId}`)).getRows()[0]![0]);
      const rejects = Number((await wh.connection.runAndReadAll(`SELECT count(*) FROM ingest_rejects WHERE file_id = ${r.fileId}`)).getRows()[0]![0]);
      counts.loaded += r.loaded;
      counts.rejected += r.rejected;
      // Exact repeats inside a file are loaded once: rows in the table can be fewer than "loaded", never more.
      return r.loaded + r.rejected === r.read && rejects === r.rejected && rows <= r.loaded && rows + r.duplicate >= r.loaded - r.updated;
    } catch (err) {
      if (!isCodedError(err)) throw err;
      counts.refused += 1;
      return true;
    }
  };

  it('CSV: every file accounted for or refused with a code', async () => {
    await fc.assert(fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 25 }), async (lines) => {
      const path = join(tmp.dir, `orders-fuzz-${n++}.csv`);
      const body = lines.map((l) => l.map(csvCell).join(',')).join('\n');
      // Now and then a byte that is not UTF-8.
      writeFileSync(path, Buffer.concat([Buffer.from(`${ORDERS_HEADER}\n${body}\n`), n % 7 === 0 ? Buffer.from([0xff, 0x0a]) : Buffer.alloc(0)]));
      counts.csv += 1;
      return check(path);
    }), { numRuns: 60, seed: 20261207 });
  }, 120_000);

  it('JSON Lines: objects with wrong types, missing keys and lines that are not JSON', async () => {
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant([1]), fc.constant({ a: 1 }));
    const obj = line.chain((l) => fc.tuple(fc.constant(l), fc.dictionary(fc.constantFrom('quantity', 'unit_price', 'placed_at', 'extra'), value, { maxKeys: 2 })));
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof({ weight: 5, arbitrary: obj }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => [s] as const) }), { minLength: 1, maxLength: 20 }), async (items) => {
      const names = ORDERS_HEADER.split(',');
      const text = items.map((it) => {
        if (it.length === 1) return it[0];
        const [l, over] = it as readonly [readonly string[], Record<string, unknown>];
        const o: Record<string, unknown> = Object.fromEntries(names.map((k, i) => [k, l[i] === '' ? null : l[i]]));
        o['line_no'] = Number(o['line_no']);
        o['quantity'] = Number(o['quantity']);
        return JSON.stringify({ ...o, ...over });
      }).join('\n');
      const path = join(tmp.dir, `orders-fuzz-${n++}.jsonl`);
      writeFileSync(path, `${text}\n`);
      counts.jsonl += 1;
      return check(path);
    }), { numRuns: 40, seed: 20261207 });
  }, 120_000);

  it('Parquet: typed columns with NaN, infinities, extreme integers and nulls', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Infinity), fc.integer({ min: -5, max: 50 })),
        fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constant(1)), fc.boolean()), { minLength: 1, maxLength: 20 }), async (rows) => {
        const path = join(tmp.dir, `orders-fuzz-${n++}.parquet`);
        const values = rows.map(([q, ln, ok], i) => `('P${n}-${i}', ${ln}, TIMESTAMP '2025-05-03 09:00:00', ${ok ? "'S1'" : 'NULL'}, 'C1', 'self', 'FERT-01', ${Number.isFinite(q) ? q : `'${q}'::DOUBLE`}, 150.0, 'placed', NULL::TIMESTAMP)`).join(', ');
        await c.run(`COPY (SELECT * FROM (VALUES ${values}) t(order_id, line_no, placed_at, store_id, customer_id, channel, sku, quantity, unit_price, status, status_at)) TO '${path}' (FORMAT parquet)`);
        counts.parquet += 1;
        return check(path);
      }), { numRuns: 20, seed: 20261207 });
    } finally {
      c.closeSync();
      db.closeSync();
    }
  }, 120_000);

  it('ran every trial', () => {
    expect(counts.csv + counts.jsonl + counts.parquet).toBeGreaterThanOrEqual(120);
    expect(counts.loaded).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });
});
