/**
 * Dirty rows, injected at a given rate into fact files the way real exports go wrong. Each fault
 * is counted so tests can match ingestion's reject reasons against the manifest. A Parquet file is
 * typed, so it only gets faults that survive typing (unknown keys, negatives, duplicates, ...).
 */
import type { FileKind, Layout } from '../ingest/layouts.ts';
import type { Rng } from './prng.ts';
import type { OutputFormat, RowSink } from './sink.ts';
import { csvField } from './sink.ts';

export type RowFault =
  | 'bad_date'
  | 'non_numeric_quantity'
  | 'negative_quantity'
  | 'unknown_sku'
  | 'unknown_store'
  | 'unknown_seller'
  | 'duplicate_line'
  | 'future_timestamp'
  | 'price_out_of_range'
  | 'broken_quoting'
  | 'wrong_column_count'
  | 'invalid_utf8';

/** File-level faults, counted in the manifest next to row faults. */
export type FileFault = 'overlap_line' | 'duplicate_file';

const BAD_DATES = ['2025-02-30 10:15:00', '2025-13-01 08:00:00', '31/12/2025 09:00', '2025-06-15 25:61:00', 'yesterday'];
const NON_NUMERIC = ['abc', '3件', 'NaN%', '一', '1,5'];

interface Columns {
  readonly ts: number;
  readonly qty: number;
  readonly price: number;
  readonly sku: number;
  readonly owner: number;
  readonly status: number;
}

function columnsOf(layout: Layout): Columns {
  const idx = (name: string): number => layout.columns.findIndex((c) => c.name === name);
  return {
    ts: layout.columns.findIndex((c) => c.type === 'timestamp'),
    qty: idx('quantity') >= 0 ? idx('quantity') : idx('on_hand'),
    price: idx('unit_price'),
    sku: idx('sku'),
    owner: idx('store_id') >= 0 ? idx('store_id') : idx('seller_id'),
    status: idx('status'),
  };
}

/** The faults that make sense for a kind in a format. */
export function faultsFor(kind: FileKind, format: OutputFormat): RowFault[] {
  const out: RowFault[] = ['duplicate_line', 'future_timestamp', 'unknown_sku'];
  out.push(kind === 'produce' ? 'unknown_seller' : 'unknown_store');
  // Till lines use negative quantities for returns, so a negative there is not an error.
  if (kind !== 'till') out.push('negative_quantity');
  if (kind !== 'inventory') out.push('price_out_of_range');
  if (format !== 'parquet') out.push('bad_date', 'non_numeric_quantity', 'wrong_column_count', 'invalid_utf8');
  if (format === 'csv') out.push('broken_quoting');
  return out;
}

export class DirtInjector {
  readonly counts: Partial<Record<RowFault | FileFault, number>> = {};
  private readonly cols: Columns;
  private readonly faults: readonly RowFault[];

  constructor(
    private readonly rng: Rng,
    private readonly rate: number,
    private readonly layout: Layout,
    private readonly format: OutputFormat,
  ) {
    this.cols = columnsOf(layout);
    this.faults = faultsFor(layout.kind, format);
  }

  count(fault: RowFault | FileFault, n = 1): void {
    this.counts[fault] = (this.counts[fault] ?? 0) + n;
  }

  /** Writes a row, now and then broken in one way. */
  emit(sink: RowSink, fields: string[]): void {
    if (this.rate === 0 || this.rng.float() >= this.rate) {
      sink.row(fields);
      return;
    }
    let fault = this.rng.pick(this.faults);
    // A negative on a returned order line is legitimate; break it another way.
    if (fault === 'negative_quantity' && this.cols.status >= 0 && fields[this.cols.status] === 'returned') fault = 'unknown_sku';
    this.count(fault);
    const f = fields.slice();
    const c = this.cols;
    switch (fault) {
      case 'duplicate_line':
        sink.row(f);
        sink.line(sink.format1(f));
        return;
      case 'future_timestamp': {
        const ts = f[c.ts] ?? '2026-01-01 00:00:00';
        f[c.ts] = `${Number(ts.slice(0, 4)) + 10}${ts.slice(4)}`;
        break;
      }
      case 'unknown_sku':
        f[c.sku] = `SKU9${String(this.rng.int(10000)).padStart(4, '0')}X`;
        break;
      case 'unknown_store':
        f[c.owner] = `ST9${String(this.rng.int(10000)).padStart(4, '0')}X`;
        break;
      case 'unknown_seller':
        f[c.owner] = `SL9${String(this.rng.int(10000)).padStart(4, '0')}X`;
        break;
      case 'negative_quantity': {
        const q = Number(f[c.qty] ?? '1');
        f[c.qty] = String(-Math.max(1, Math.abs(q)));
        break;
      }
      case 'price_out_of_range':
        f[c.price] = this.rng.float() < 0.5 ? `-${f[c.price] ?? '1.00'}` : '999999.00';
        break;
      case 'bad_date':
        f[c.ts] = this.rng.pick(BAD_DATES);
        break;
      case 'non_numeric_quantity':
        f[c.qty] = this.rng.pick(NON_NUMERIC);
        break;
      case 'wrong_column_count':
        if (this.format === 'jsonl' || this.rng.float() < 0.5) f.pop();
        else f.push('extra');
        if (this.format === 'jsonl') {
          // The writer maps fields to names; a short row simply lacks its last key.
          const line = sink.format1(f);
          const lastName = this.layout.columns[this.layout.columns.length - 1]?.name ?? '';
          sink.line(line.replace(`,"${lastName}":null`, ''));
          return;
        }
        sink.line(f.map(csvField).join(',') + '\n');
        return;
      case 'broken_quoting': {
        // Stray text after a closing quote: malformed, yet the damage stays on this line.
        const parts = f.map(csvField);
        parts[c.sku] = `"${f[c.sku] ?? ''}"x`;
        sink.line(parts.join(',') + '\n');
        return;
      }
      case 'invalid_utf8': {
        const marker = '@@BAD_UTF8@@';
        f[c.sku] = `${f[c.sku] ?? ''}${marker}`;
        const [before, after] = sink.format1(f).split(marker);
        sink.bytes(Buffer.concat([Buffer.from(before ?? ''), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after ?? '')]));
        return;
      }
    }
    // Through format1 (escaping), not row(): dirty values may hold commas or quotes.
    sink.line(sink.format1(f));
  }
}
