import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../pipelines/ingest/layouts.ts';
import { csvField, csvLine, jsonLine, RowSink } from '../../../pipelines/generate/sink.ts';
import { parseCsv, tempDir, removeTempDirs } from './helpers.ts';

afterAll(removeTempDirs);

const COLS: readonly ColumnSpec[] = [
  { name: 'name', type: 'text' }, { name: 'qty', type: 'number' }, { name: 'note', type: 'text', nullable: true },
];

describe('CSV quoting (RFC 4180)', () => {
  it('quotes only fields with a comma, quote or line break, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('赣南脐橙（散装）')).toBe('赣南脐橙（散装）');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
  });

  it('round-trips awkward values through a strict reader', () => {
    const rows = [['金橘, 500g', '1', 'he said "好"'], ['line\nbreak', '2.5', ''], ['普通', '-1', ',']];
    const text = rows.map(csvLine).join('');
    expect(parseCsv(text)).toEqual(rows);
  });
});

describe('JSON Lines', () => {
  it('writes numbers bare, text escaped, blanks as null, and non-numbers in numeric columns as strings', () => {
    expect(JSON.parse(jsonLine(COLS, ['a"b', '3.5', '']))).toEqual({ name: 'a"b', qty: 3.5, note: null });
    expect(JSON.parse(jsonLine(COLS, ['x', 'abc', 'n']))).toEqual({ name: 'x', qty: 'abc', note: 'n' });
  });
});

describe('RowSink', () => {
  it('writes a header, counts rows, gzips, and only shows the file under its name when complete', async () => {
    const dir = tempDir('sink');
    const path = join(dir, 'till-2025-01.csv.gz');
    const sink = new RowSink({ path, kind: 'till', columns: COLS, format: 'csv', gzip: true });
    sink.row(['脐橙,大果', '2', '']);
    sink.line('raw,1,\n');
    sink.bytes(Buffer.from([0x61, 0xff, 0x2c, 0x31, 0x2c, 0x0a]));
    await sink.flush();
    await sink.close();
    expect(sink.rows).toBe(3);
    const bytes = gunzipSync(readFileSync(path));
    expect(bytes.subarray(0, 14).toString()).toBe('name,qty,note\n');
    expect(bytes.includes(Buffer.from([0xff]))).toBe(true);
    expect(bytes.toString('utf8').split('\n')[1]).toBe('"脐橙,大果",2,');
    expect(sink.lastLines(1)).toEqual(['raw,1,\n']);
  });

  it('trusted rows skip escaping and give the same text for safe values', async () => {
    const dir = tempDir('trusted');
    const a = new RowSink({ path: join(dir, 'a.jsonl'), kind: 'till', columns: COLS, format: 'jsonl', gzip: false, trusted: true });
    const b = new RowSink({ path: join(dir, 'b.jsonl'), kind: 'till', columns: COLS, format: 'jsonl', gzip: false });
    for (const s of [a, b]) {
      s.row(['SKU00001', '4', '']);
      s.row(['R1-0001', '-1', '2025-01-01 10:00:00']);
      await s.close();
    }
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'b.jsonl'), 'utf8'));
  });
});
