/**
 * Row sinks: one open output file each, in CSV (RFC 4180), JSON Lines or Parquet (staged as CSV
 * and converted by DuckDB on close), optionally gzipped. Rows arrive as preformatted strings
 * ('' is NULL) and are batched into large writes; callers await `flush()` between batches so a
 * slow disk pushes back on the simulation instead of memory growing.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { ColumnSpec, FileKind } from '../ingest/layouts.ts';

export type OutputFormat = 'csv' | 'jsonl' | 'parquet';

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field per RFC 4180: quoted only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ',';
    out += csvField(fields[i] ?? '');
  }
  return `${out}\n`;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** One JSON Lines object; numeric columns are bare numbers when the text is a number, else strings. */
export function jsonLine(columns: readonly ColumnSpec[], fields: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i];
    if (col === undefined) continue;
    const v = fields[i];
    if (i > 0) out += ',';
    out += JSON.stringify(col.name) + ':';
    if (v === undefined || v === '') out += 'null';
    else if ((col.type === 'integer' || col.type === 'number') && NUMERIC.test(v)) out += v;
    else if (col.type === 'boolean' && (v === 'true' || v === 'false')) out += v;
    else out += JSON.stringify(v);
  }
  return `${out}}\n`;
}

export interface SinkOptions {
  readonly path: string;
  /** A layout kind, or 'truth' for the latent-demand side files. */
  readonly kind: FileKind | 'truth';
  readonly columns: readonly ColumnSpec[];
  readonly format: OutputFormat;
  readonly gzip: boolean;
  /**
   * Rows passed to `row()` are generated ids, numbers and timestamps that never need quoting or
   * escaping, so they skip the per-field checks (the generator's hot path). Off for master data.
   */
  readonly trusted?: boolean;
  /** For parquet: converts the staged CSV to the final file. */
  readonly toParquet?: (stagedCsv: string, finalPath: string, columns: readonly ColumnSpec[]) => Promise<void>;
}

const BATCH_CHARS = 1 << 18;
const TAIL = 8;

export class RowSink {
  readonly kind: FileKind | 'truth';
  readonly path: string;
  readonly format: OutputFormat;
  /** Data lines written (not counting the header). */
  rows = 0;
  private readonly columns: readonly ColumnSpec[];
  private readonly file: WriteStream;
  private readonly gzip: Gzip | undefined;
  private readonly out: NodeJS.WritableStream;
  private readonly stagedPath: string | undefined;
  private readonly toParquet: SinkOptions['toParquet'];
  private buf = '';
  private readonly tail: string[] = [];
  private tailNext = 0;
  private failure: Error | undefined;
  private readonly trusted: boolean;
  /** JSON Lines: the `"name":` prefix of each column, and whether its value is bare (numeric). */
  private readonly jsonKeys: readonly string[];
  private readonly jsonBare: readonly boolean[];

  constructor(opts: SinkOptions) {
    this.kind = opts.kind;
    this.path = opts.path;
    this.format = opts.format;
    this.columns = opts.columns;
    this.toParquet = opts.toParquet;
    this.trusted = opts.trusted ?? false;
    this.jsonKeys = opts.columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
    this.jsonBare = opts.columns.map((c) => c.type === 'integer' || c.type === 'number' || c.type === 'boolean');
    this.stagedPath = opts.format === 'parquet' ? `${opts.path}.staging.csv` : undefined;
    this.file = createWriteStream(this.stagedPath ?? `${opts.path}.partial`);
    this.file.on('error', (e) => { this.failure = e; });
    if (opts.gzip && opts.format !== 'parquet') {
      // Level 1: exports compress ~5x even so, and gzip is otherwise the slowest step.
      this.gzip = createGzip({ level: 1 });
      this.gzip.on('error', (e) => { this.failure = e; });
      this.gzip.pipe(this.file);
      this.out = this.gzip;
    } else {
      this.gzip = undefined;
      this.out = this.file;
    }
    if (opts.format !== 'jsonl') this.buf = csvLine(opts.columns.map((c) => c.name));
  }

  /** The line a row would be written as in this file's format, escaping whatever needs it. */
  format1(fields: readonly string[]): string {
    return this.format === 'jsonl' ? jsonLine(this.columns, fields) : csvLine(fields);
  }

  /** Writes a row; in a trusted sink the fields are known to need no quoting. */
  row(fields: readonly string[]): void {
    if (!this.trusted) {
      this.line(this.format1(fields));
      return;
    }
    if (this.format !== 'jsonl') {
      this.line(`${fields.join(',')}\n`);
      return;
    }
    let out = '';
    for (let i = 0; i < this.jsonKeys.length; i++) {
      const v = fields[i];
      out += this.jsonKeys[i];
      out += v === undefined || v === '' ? 'null' : this.jsonBare[i] === true ? v : `"${v}"`;
    }
    this.line(`${out}}\n`);
  }

  /** A preformatted line (ending in a newline), e.g. a deliberately broken one. */
  line(text: string): void {
    this.buf += text;
    this.rows++;
    this.tail[this.tailNext] = text;
    this.tailNext = (this.tailNext + 1) % TAIL;
    if (this.buf.length >= BATCH_CHARS) this.writeBuf();
  }

  /** Raw bytes as one line (invalid UTF-8 cannot live in a JS string). */
  bytes(data: Buffer): void {
    this.writeBuf();
    this.out.write(data);
    this.rows++;
  }

  /** The last few lines written, oldest first (for files that overlap the next month's). */
  lastLines(n: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < TAIL; i++) {
      const s = this.tail[(this.tailNext + i) % TAIL];
      if (s !== undefined) out.push(s);
    }
    return out.slice(Math.max(0, out.length - n));
  }

  private writeBuf(): void {
    if (this.buf.length === 0) return;
    this.out.write(this.buf);
    this.buf = '';
  }

  /** Hands the batch to the stream and waits while the stream is over its high-water mark. */
  async flush(): Promise<void> {
    this.writeBuf();
    if (this.failure !== undefined) throw this.failure;
    const s = this.out as NodeJS.WritableStream & { writableNeedDrain?: boolean };
    if (s.writableNeedDrain === true) await new Promise<void>((resolve) => s.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    this.writeBuf();
    await new Promise<void>((resolve, reject) => {
      this.file.once('finish', () => resolve());
      this.file.once('error', reject);
      if (this.gzip !== undefined) this.gzip.end();
      else this.file.end();
    });
    if (this.failure !== undefined) throw this.failure;
    if (this.stagedPath !== undefined) {
      if (this.toParquet === undefined) throw new Error('parquet output needs a converter');
      await this.toParquet(this.stagedPath, this.path, this.columns);
      await rm(this.stagedPath, { force: true });
    } else {
      // Written under a temporary name so a half-written export never looks complete.
      await rename(`${this.path}.partial`, this.path);
    }
  }
}
