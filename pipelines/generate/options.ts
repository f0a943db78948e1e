/**
 * Options of the generator, their defaults and validation (bad input is a BAD_ARGUMENT).
 */
import { CodedError } from '../errors.ts';
import { civil, dayOf } from './days.ts';
import type { OutputFormat } from './sink.ts';

export type FactKind = 'orders' | 'till' | 'inventory' | 'produce';
export const FACT_KINDS: readonly FactKind[] = ['orders', 'till', 'inventory', 'produce'];

export interface GenerateOptions {
  /** Output directory (created if missing). */
  readonly out: string;
  /** Number of villages (one store each); default 50. */
  readonly villages?: number;
  /** Number of SKUs in the catalogue (produce included); default 300. */
  readonly skus?: number;
  /** Number of days ending on `end`; default 914 (2024-05-01 .. 2026-10-31). */
  readonly days?: number;
  /** Last day, YYYY-MM-DD; fixed by default so output never depends on the clock. */
  readonly end?: string;
  readonly seed?: number;
  readonly format?: OutputFormat;
  /** gzip CSV / JSON Lines output (ignored for parquet). */
  readonly gzip?: boolean;
  /** Probability that a fact row is broken; 0 = clean. Default 0.002. */
  readonly dirtyRate?: number;
  /** Also write latent (uncensored) shelf demand under DIR/truth/. */
  readonly truth?: boolean;
  /** Which fact files to write; default all four. */
  readonly kinds?: readonly FactKind[];
  /** One file per fact kind for the whole span instead of one per month. */
  readonly singleFile?: boolean;
}

export interface ResolvedOptions {
  readonly out: string;
  readonly villages: number;
  readonly skus: number;
  readonly days: number;
  readonly start: number;
  readonly end: number;
  readonly seed: number;
  readonly format: OutputFormat;
  readonly gzip: boolean;
  readonly dirtyRate: number;
  readonly truth: boolean;
  readonly kinds: readonly FactKind[];
  readonly singleFile: boolean;
}

export const DEFAULTS = { villages: 50, skus: 300, days: 914, end: '2026-10-31', seed: 1, dirtyRate: 0.002 } as const;

function int(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new CodedError('BAD_ARGUMENT', `${name} must be an integer from ${lo} to ${hi}, got ${v}`);
  }
  return v;
}

export function resolveOptions(o: GenerateOptions): ResolvedOptions {
  if (typeof o.out !== 'string' || o.out.length === 0) throw new CodedError('BAD_ARGUMENT', 'an output directory is required');
  const format = o.format ?? 'csv';
  if (!['csv', 'jsonl', 'parquet'].includes(format)) throw new CodedError('BAD_ARGUMENT', `format must be csv, jsonl or parquet, got ${String(format)}`);
  const dirtyRate = o.dirtyRate ?? DEFAULTS.dirtyRate;
  if (!Number.isFinite(dirtyRate) || dirtyRate < 0 || dirtyRate > 0.5) {
    throw new CodedError('BAD_ARGUMENT', `dirty rate must be between 0 and 0.5, got ${dirtyRate}`);
  }
  const days = int('days', o.days ?? DEFAULTS.days, 1, 5000);
  const end = dayOf(o.end ?? DEFAULTS.end);
  const start = end - days + 1;
  // The Spring Festival table covers 2015-2030; stay inside it with a margin for the festival window.
  if (civil(start).year < 2015 || civil(end).year > 2030) {
    throw new CodedError('BAD_ARGUMENT', 'the generated span must lie within 2015-2030');
  }
  const kinds = o.kinds ?? FACT_KINDS;
  for (const k of kinds) {
    if (!FACT_KINDS.includes(k)) throw new CodedError('BAD_ARGUMENT', `unknown fact kind ${String(k)}`);
  }
  return {
    out: o.out,
    villages: int('villages', o.villages ?? DEFAULTS.villages, 1, 100_000),
    skus: int('skus', o.skus ?? DEFAULTS.skus, 20, 20_000),
    days,
    start,
    end,
    seed: int('seed', o.seed ?? DEFAULTS.seed, 0, Number.MAX_SAFE_INTEGER),
    format,
    gzip: (o.gzip ?? false) && format !== 'parquet',
    dirtyRate,
    truth: o.truth ?? false,
    kinds: FACT_KINDS.filter((k) => kinds.includes(k)),
    singleFile: o.singleFile ?? false,
  };
}
