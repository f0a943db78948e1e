import type { AutoOptions } from '../auto-engine.ts';

/**
 * A batch of series sent to one worker. The series travel packed in ONE buffer (series i is
 * values[offsets[i] .. offsets[i+1])): transferring a few large buffers costs far less than one per
 * series, which measured as a large share of the pool's overhead on short intermittent series.
 */
export interface BatchRequest {
  readonly id: number;
  readonly h: number;
  readonly options: AutoOptions;
  readonly values: Float64Array;
  readonly offsets: Float64Array;
  /** Trailing one-step residuals (y - fitted) wanted per series; 0 or absent: none. */
  readonly residualDays?: number;
}

/**
 * A batch of forecasts, packed the same way: per series, h means, then h values per quantile level
 * in `levels[i]`'s order, then `residualDays` residuals (NaN where the model has no fitted value),
 * one series after another.
 */
export interface PackedForecasts {
  readonly models: readonly string[];
  readonly routes: readonly string[];
  readonly levels: ReadonlyArray<readonly number[]>;
  readonly h: number;
  readonly residualDays: number;
  readonly data: Float64Array;
}

/**
 * The last `days` one-step residuals y - fitted, aligned at the end of y (a model fitted on a recent
 * part of the history has its fitted values at the end); NaN where either is unknown.
 */
export function trailingResiduals(y: Float64Array, fitted: Float64Array | undefined, days: number, out: Float64Array = new Float64Array(days)): Float64Array {
  out.fill(Number.NaN);
  if (!fitted) return out;
  for (let i = 0; i < days; i++) {
    const a = y.length - days + i;
    const b = fitted.length - days + i;
    if (a < 0 || b < 0) continue;
    const r = y[a]! - fitted[b]!;
    if (Number.isFinite(r)) out[i] = r;
  }
  return out;
}

export type BatchResponse =
  | ({ readonly id: number; readonly ok: true } & PackedForecasts)
  | { readonly id: number; readonly ok: false; readonly message: string };

/** Packs series into one buffer with offsets. */
export function packSeries(series: readonly Float64Array[]): { values: Float64Array; offsets: Float64Array } {
  const offsets = new Float64Array(series.length + 1);
  for (let i = 0; i < series.length; i++) offsets[i + 1] = offsets[i]! + series[i]!.length;
  const values = new Float64Array(offsets[series.length]!);
  series.forEach((y, i) => values.set(y, offsets[i]!));
  return { values, offsets };
}

/** Views (not copies) of the packed series. */
export function unpackSeries(values: Float64Array, offsets: Float64Array): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) out.push(values.subarray(offsets[i]!, offsets[i + 1]!));
  return out;
}
