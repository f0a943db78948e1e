import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUTS, kindFromFileName, type FileKind } from '../../../pipelines/ingest/layouts.ts';
import { writtenLayout } from '../../../pipelines/generate/outputs.ts';
import { generate, type GenerateOptions } from '../../../pipelines/generate/index.ts';
import { dayOf } from '../../../pipelines/generate/days.ts';
import { hashTree, parseCsv, readCsv, readManifest, tempDir, removeTempDirs } from './helpers.ts';

afterAll(removeTempDirs);

// Spring Festival 2026 is on 17 February; this span covers four weeks before it to five after.
const BASE: Omit<GenerateOptions, 'out'> = { villages: 9, skus: 80, days: 70, end: '2026-03-20', seed: 7, dirtyRate: 0, truth: true };

let clean = '';
let again = '';
let other = '';

beforeAll(async () => {
  clean = tempDir('clean');
  again = tempDir('again');
  other = tempDir('other');
  await generate({ ...BASE, out: clean });
  await generate({ ...BASE, out: again });
  await generate({ ...BASE, seed: 8, out: other });
});

const dataFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.csv')).sort();

describe('determinism', () => {
  it('gives byte-identical files for the same seed and options', () => {
    const a = hashTree(clean);
    expect(Object.keys(a).length).toBeGreaterThan(15);
    expect(hashTree(again)).toEqual(a);
  });

  it('gives different data for a different seed', () => {
    const a = hashTree(clean);
    const b = hashTree(other);
    expect(b['orders-2026-02.csv']).toBeDefined();
    expect(b['orders-2026-02.csv']).not.toBe(a['orders-2026-02.csv']);
    expect(b['till-2026-02.csv']).not.toBe(a['till-2026-02.csv']);
  });
});

describe('layouts and manifest', () => {
  it('writes every file with the declared header and column count, clean values, and manifest row counts', () => {
    const manifest = readManifest(clean);
    const stores = new Set(readCsv(clean, 'stores.csv').rows.map((r) => r[0]));
    const skus = new Set(readCsv(clean, 'products.csv').rows.map((r) => r[0]));
    const ts = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    for (const name of dataFiles(clean)) {
      const kind = kindFromFileName(name) as FileKind;
      const layout = writtenLayout(kind);
      const { header, rows } = readCsv(clean, name);
      expect(header).toEqual(layout.columns.map((c) => c.name));
      const entry = manifest.files.find((f) => f.name === name);
      expect(entry?.rows, name).toBe(rows.length);
      expect(entry?.dirty, name).toEqual({});
      const problems: string[] = [];
      layout.columns.forEach((col, i) => {
        for (const r of rows) {
          if (r.length !== layout.columns.length) problems.push(`${name}: ${r.length} columns`);
          const v = r[i] ?? '';
          if (v === '' && col.nullable === true) continue;
          const ok =
            (col.type !== 'timestamp' || ts.test(v)) &&
            ((col.type !== 'number' && col.type !== 'integer') || (v !== '' && Number.isFinite(Number(v)))) &&
            (col.name !== 'store_id' || stores.has(v)) &&
            (col.name !== 'sku' || skus.has(v));
          if (!ok) problems.push(`${name} ${col.name}: '${v}'`);
        }
      });
      expect(problems.slice(0, 5)).toEqual([]);
    }
    expect(manifest.counts.stores).toBe(9);
    expect(manifest.counts.serviceCentres).toBe(3);
    expect(manifest.counts.skus).toBe(80);
  });

  it('writes Chinese names as UTF-8 and keeps quantities positive except till returns', () => {
    const geo = readFileSync(join(clean, 'geography.csv'), 'utf8');
    expect(geo).toContain('江西省');
    expect(geo).toMatch(/村,/);
    for (const name of dataFiles(clean).filter((n) => n.startsWith('orders') || n.startsWith('produce'))) {
      const { header, rows } = readCsv(clean, name);
      const q = header.indexOf('quantity');
      for (const r of rows) expect(Number(r[q])).toBeGreaterThan(0);
    }
  });
});

describe('order lines', () => {
  it('has 40-50 orders a day per centre on ordinary days, 1-3 lines each, and later statuses as updates', () => {
    const rows = dataFiles(clean).filter((n) => n.startsWith('orders')).flatMap((n) => readCsv(clean, n).rows);
    const placed = rows.filter((r) => r[9] === 'placed');
    const updates = rows.filter((r) => r[9] !== 'placed');
    const byOrder = new Map<string, number>();
    for (const r of placed) byOrder.set(r[0]!, (byOrder.get(r[0]!) ?? 0) + 1);
    for (const n of byOrder.values()) expect(n).toBeGreaterThanOrEqual(1), expect(n).toBeLessThanOrEqual(3);
    // Ordinary days: March after the festival window (migrants gone: ~0.8 x 45 x growth).
    const perCentreDay = new Map<string, number>();
    const firstLine = new Map(placed.filter((r) => r[1] === '1').map((r) => [r[0]!, r]));
    for (const id of byOrder.keys()) {
      const r = firstLine.get(id);
      if (r === undefined || !r[2]!.startsWith('2026-01-1')) continue;
      const key = `${r[3]}|${r[2]!.slice(0, 10)}`;
      perCentreDay.set(key, (perCentreDay.get(key) ?? 0) + 1);
    }
    const counts = [...perCentreDay.values()];
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(35);
    expect(mean).toBeLessThan(60);
    expect(updates.length).toBeGreaterThan(0);
    const placedByKey = new Map(placed.map((r) => [`${r[0]}|${r[1]}`, r]));
    for (const u of updates) {
      expect(['cancelled', 'returned']).toContain(u[9]);
      const p = placedByKey.get(`${u[0]}|${u[1]}`);
      if (p === undefined) continue; // placed before the span? cannot be: updates follow placements
      expect(u[10]! >= p[2]!).toBe(true);
      expect(u[6]).toBe(p[6]);
    }
    expect(updates.filter((u) => !placedByKey.has(`${u[0]}|${u[1]}`))).toEqual([]);
    // Stable villagers: customers come back.
    const customers = new Map<string, number>();
    for (const r of placed) customers.set(r[4]!, (customers.get(r[4]!) ?? 0) + 1);
    expect(Math.max(...customers.values())).toBeGreaterThan(10);
  });
});

describe('demand shape', () => {
  const truthByDay = (): Map<number, number> => {
    const m = new Map<number, number>();
    for (const name of readdirSync(join(clean, 'truth'))) {
      for (const r of readCsv(join(clean, 'truth'), name).rows) m.set(dayOf(r[2]!), (m.get(dayOf(r[2]!)) ?? 0) + Number(r[3]));
    }
    return m;
  };
  const avg = (m: Map<number, number>, from: number, to: number): number => {
    let s = 0;
    for (let d = from; d <= to; d++) s += m.get(d) ?? 0;
    return s / (to - from + 1);
  };

  it('rises in the weeks before Spring Festival and drops after the Lantern Festival', () => {
    const sf = dayOf('2026-02-17');
    const m = truthByDay();
    const before = avg(m, sf - 21, sf - 1);
    const home = avg(m, sf + 4, sf + 14);
    const after = avg(m, sf + 16, sf + 31);
    const early = avg(m, sf - 38, sf - 29);
    expect(before / after).toBeGreaterThan(1.4);
    expect(before / early).toBeGreaterThan(1.15);
    expect(home / after).toBeGreaterThan(1.2);
  });
});

describe('censoring', () => {
  it('has stock-out days recoverable from inventory rows, with no till sales on them', () => {
    const inv = dataFiles(clean).filter((n) => n.startsWith('inventory')).flatMap((n) => readCsv(clean, n).rows);
    const till = dataFiles(clean).filter((n) => n.startsWith('till')).flatMap((n) => readCsv(clean, n).rows);
    const sold = new Set(till.map((r) => `${r[3]}|${r[4]}|${r[2]!.slice(0, 10)}`));
    const truth = new Map<string, number>();
    for (const name of readdirSync(join(clean, 'truth'))) {
      for (const r of readCsv(join(clean, 'truth'), name).rows) truth.set(`${r[0]}|${r[1]}|${r[2]}`, Number(r[3]));
    }
    const series = new Map<string, Array<{ at: string; onHand: number }>>();
    for (const r of inv) {
      const key = `${r[0]}|${r[1]}`;
      let s = series.get(key);
      if (s === undefined) series.set(key, (s = []));
      s.push({ at: r[2]!, onHand: Number(r[3]) });
    }
    const iso = (d: number): string => new Date(d * 86_400_000).toISOString().slice(0, 10);
    let emptyDays = 0;
    let censored = 0;
    let soldOutDays = 0;
    const problems: string[] = [];
    for (const [key, s] of series) {
      s.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      for (let i = 0; i < s.length; i++) {
        const row = s[i]!;
        const prev = s[i - 1];
        const day = row.at.slice(0, 10);
        // Sold out today: it closed empty after opening with stock (a positive row or this morning's delivery).
        if (row.at.endsWith('21:30:00') && row.onHand === 0 && prev !== undefined && prev.onHand > 0) {
          soldOutDays++;
          if (!sold.has(`${key}|${day}`)) problems.push(`sold out without sales ${key} ${day}`);
        }
        const next = s[i + 1];
        if (row.onHand !== 0 || next === undefined) continue;
        // Empty all day: every day after a zero until a delivery row (07:00), including a later
        // close-time row's own day.
        const last = dayOf(next.at.slice(0, 10)) - (next.at.endsWith('07:00:00') ? 1 : 0);
        for (let d = dayOf(day) + 1; d <= last; d++) {
          emptyDays++;
          if (sold.has(`${key}|${iso(d)}`)) problems.push(`sales on an empty day ${key} ${iso(d)}`);
          if ((truth.get(`${key}|${iso(d)}`) ?? 0) > 0) censored++;
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(emptyDays).toBeGreaterThan(50);
    expect(soldOutDays).toBeGreaterThan(20);
    // Demand went unserved on some empty days: the censoring the forecasters must undo.
    expect(censored).toBeGreaterThan(10);
  });
});

describe('dirty rows', () => {
  let dirty = '';
  beforeAll(async () => {
    dirty = tempDir('dirty');
    await generate({ ...BASE, days: 45, dirtyRate: 0.03, truth: false, out: dirty });
  });

  it('counts what it injects: lines, detectable faults, overlaps and duplicate files', () => {
    const manifest = readManifest(dirty);
    let unknownStores = 0;
    let expectedUnknownStores = 0;
    let utf8 = 0;
    let expectedUtf8 = 0;
    for (const f of manifest.files) {
      const bytes = readFileSync(join(dirty, f.name));
      const lines = bytes.toString('latin1').split('\n').filter((l) => l.length > 0);
      expect(lines.length - 1, f.name).toBe(f.rows);
      if (f.duplicateOf !== undefined) {
        expect(bytes.equals(readFileSync(join(dirty, f.duplicateOf)))).toBe(true);
        expect(f.dirty.duplicate_file).toBe(1);
        continue;
      }
      unknownStores += lines.filter((l) => /(^|,)ST9\d{4}X,/.test(l)).length;
      expectedUnknownStores += f.dirty.unknown_store ?? 0;
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      utf8 += (text.match(/\uFFFD/g) ?? []).length > 0 ? text.split('\n').filter((l) => l.includes('\uFFFD')).length : 0;
      expectedUtf8 += f.dirty.invalid_utf8 ?? 0;
    }
    expect(expectedUnknownStores).toBeGreaterThan(0);
    expect(unknownStores).toBe(expectedUnknownStores);
    expect(expectedUtf8).toBeGreaterThan(0);
    expect(utf8).toBe(expectedUtf8);
    const kinds = manifest.dirtyByKind;
    for (const k of ['orders', 'till', 'inventory']) {
      expect(kinds[k]?.duplicate_file, k).toBe(1);
      expect(Object.keys(kinds[k] ?? {}).length).toBeGreaterThan(8);
    }
    expect((kinds.orders?.overlap_line ?? 0) + (kinds.till?.overlap_line ?? 0) + (kinds.inventory?.overlap_line ?? 0)).toBeGreaterThan(0);
    // The rule in the brief: a clean run has none of this.
    expect(readManifest(clean).dirtyByKind.orders).toEqual({});
  });

  it('breaks the CSV structure only on the lines it says it broke', () => {
    const manifest = readManifest(dirty);
    const f = manifest.files.find((x) => x.name === 'till-2026-02.csv')!;
    const text = readFileSync(join(dirty, f.name), 'utf8');
    let broken = 0;
    let wrongCount = 0;
    for (const line of text.split('\n').slice(1)) {
      if (line === '') continue;
      try {
        const [row] = parseCsv(`${line}\n`);
        if (row?.length !== 7) wrongCount++;
      } catch {
        broken++;
      }
    }
    expect(broken).toBe(f.dirty.broken_quoting ?? 0);
    expect(wrongCount).toBe(f.dirty.wrong_column_count ?? 0);
  });
});

describe('other formats', () => {
  it('gzip holds the same bytes as plain CSV', async () => {
    const dir = tempDir('gz');
    await generate({ ...BASE, days: 20, truth: false, gzip: true, out: dir });
    const plain = tempDir('plain');
    await generate({ ...BASE, days: 20, truth: false, out: plain });
    const name = 'orders-2026-03.csv';
    expect(gunzipSync(readFileSync(join(dir, `${name}.gz`))).equals(readFileSync(join(plain, name)))).toBe(true);
  });

  it('JSON Lines carry the layout fields with numbers as numbers', async () => {
    const dir = tempDir('jsonl');
    await generate({ ...BASE, days: 15, truth: false, format: 'jsonl', dirtyRate: 0, out: dir });
    const lines = readFileSync(join(dir, 'orders-2026-03.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(readManifest(dir).files.find((f) => f.name === 'orders-2026-03.jsonl')?.rows);
    for (const l of lines) {
      const o = JSON.parse(l) as Record<string, unknown>;
      expect(Object.keys(o)).toEqual(LAYOUTS.orders.columns.map((c) => c.name));
      expect(typeof o.quantity).toBe('number');
      expect(typeof o.line_no).toBe('number');
    }
    const p = JSON.parse(readFileSync(join(dir, 'products.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(p.is_produce).toBe(true);
  });
});
