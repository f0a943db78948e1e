/**
 * The generator's output files: naming (`orders-2025-01.csv.gz`), opening a sink with its dirt
 * injector, monthly rotation (with a few lines of month M repeated in M+1 when dirty), exact
 * duplicate files, and the manifest entries that describe all of it.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LAYOUTS, MASTER_KINDS, type ColumnSpec, type FileKind, type Layout } from '../ingest/layouts.ts';
import { DirtInjector, type FileFault, type RowFault } from './dirty.ts';
import type { FactKind, ResolvedOptions } from './options.ts';
import { ParquetConverter } from './parquet.ts';
import { Rng } from './prng.ts';
import { RowSink } from './sink.ts';

export interface FileEntry {
  name: string;
  kind: FileKind | 'truth';
  /** Data lines in the file (header excluded), dirty ones included. */
  rows: number;
  /** Lines broken on purpose, by fault; `duplicate_line` and `overlap_line` count the extra lines. */
  dirty: Partial<Record<RowFault | FileFault, number>>;
  /** Order lines that are a later status (cancelled/returned) of a line written earlier. */
  statusUpdates?: number;
  /** Set on an exact copy of another file. */
  duplicateOf?: string;
}

export const TRUTH_COLUMNS: readonly ColumnSpec[] = [
  { name: 'store_id', type: 'text' }, { name: 'sku', type: 'text' }, { name: 'date', type: 'date' }, { name: 'demand', type: 'integer' },
];


export interface OpenFile {
  readonly sink: RowSink;
  readonly dirt: DirtInjector | undefined;
  readonly entry: FileEntry;
}

export class Outputs {
  readonly entries: FileEntry[] = [];
  private readonly converter: ParquetConverter | undefined;
  private readonly ext: string;
  private readonly current = new Map<FactKind | 'truth', OpenFile>();

  constructor(private readonly opts: ResolvedOptions) {
    this.converter = opts.format === 'parquet' ? new ParquetConverter() : undefined;
    this.ext = `.${opts.format}${opts.gzip ? '.gz' : ''}`;
  }

  async init(): Promise<void> {
    await mkdir(this.opts.out, { recursive: true });
    if (this.opts.truth) await mkdir(join(this.opts.out, 'truth'), { recursive: true });
  }

  private open(kind: FileKind | 'truth', name: string, dirtRate: number): OpenFile {
    const truth = kind === 'truth';
    const columns = truth ? TRUTH_COLUMNS : writtenLayout(kind).columns;
    const format = truth ? (this.opts.format === 'parquet' ? 'parquet' : 'csv') : this.opts.format;
    const conv = this.converter ?? (format === 'parquet' ? new ParquetConverter() : undefined);
    const sink = new RowSink({
      path: join(this.opts.out, truth ? join('truth', name) : name), kind, columns, format, gzip: !truth && this.opts.gzip,
      trusted: !(kind !== 'truth' && MASTER_KINDS.includes(kind)),
      ...(conv === undefined ? {} : { toParquet: (s: string, f: string, c: readonly ColumnSpec[]) => conv.convert(s, f, c) }),
    });
    const dirt = truth || dirtRate === 0 ? undefined
      : new DirtInjector(Rng.derive(this.opts.seed, 'dirt', name), dirtRate, writtenLayout(kind), format);
    const entry: FileEntry = { name: truth ? `truth/${name}` : name, kind, rows: 0, dirty: dirt?.counts ?? {} };
    return { sink, dirt, entry };
  }

  /** Writes a whole master-data file. */
  async master(kind: FileKind, rows: readonly string[][]): Promise<void> {
    const f = this.open(kind, `${kind}${this.ext}`, 0);
    for (const r of rows) f.sink.row(r);
    await this.finish(f);
  }

  private async finish(f: OpenFile): Promise<void> {
    await f.sink.close();
    f.entry.rows = f.sink.rows;
    this.entries.push(f.entry);
  }

  /** Makes sure the month's file of each kind is open, closing last month's. */
  async rotate(kinds: readonly (FactKind | 'truth')[], monthKey: string): Promise<void> {
    for (const kind of kinds) {
      const name = this.opts.singleFile ? kind : `${kind}-${monthKey}`;
      const ext = kind === 'truth' ? (this.opts.format === 'parquet' ? '.parquet' : '.csv') : this.ext;
      const full = `${name}${ext}`;
      const prev = this.current.get(kind);
      if (prev !== undefined && prev.entry.name.endsWith(full)) continue;
      const next = this.open(kind, full, this.opts.dirtyRate);
      if (prev !== undefined) {
        // Exports often re-send the last few lines of the previous period.
        const rng = Rng.derive(this.opts.seed, 'overlap', kind, monthKey);
        if (next.dirt !== undefined && rng.float() < 0.5) {
          const lines = prev.sink.lastLines(2 + rng.int(4));
          for (const l of lines) next.sink.line(l);
          next.dirt.count('overlap_line', lines.length);
        }
        await this.finish(prev);
      }
      this.current.set(kind, next);
    }
  }

  get(kind: FactKind | 'truth'): OpenFile | undefined {
    return this.current.get(kind);
  }

  async flush(): Promise<void> {
    for (const f of this.current.values()) await f.sink.flush();
  }

  /** Closes everything, then (when dirty) re-sends one file per kind under another name. */
  async close(): Promise<void> {
    for (const f of this.current.values()) await this.finish(f);
    this.current.clear();
    this.converter?.close();
    // A single-file run is for benchmarks: one big file each, no copies of it.
    if (this.opts.dirtyRate === 0 || this.opts.singleFile) return;
    for (const kind of this.opts.kinds) {
      const files = this.entries.filter((e) => e.kind === kind && e.duplicateOf === undefined);
      const src = files[Math.min(1, files.length - 1)];
      if (src === undefined) continue;
      const stem = src.name.slice(0, src.name.length - this.ext.length);
      const name = `${stem}-resent${this.ext}`;
      await copyFile(join(this.opts.out, src.name), join(this.opts.out, name));
      this.entries.push({ ...src, name, dirty: { ...src.dirty, duplicate_file: 1 }, duplicateOf: src.name });
    }
  }
}

/**
 * The layout the generator writes: optional trailing columns left out (every generated store keeps
 * Shanghai days, no till knows its shoppers), as in files written before those columns existed.
 */
export function writtenLayout(kind: FileKind): Layout {
  const l = LAYOUTS[kind];
  return { ...l, columns: l.columns.filter((c) => !c.optional) };
}
