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
}

/**
 * A batch of forecasts, packed the same way: per series, h means and then h values per quantile level
 * in `levels[i]`'s order, one series after another.
 */
export interface PackedForecasts {
  readonly models: readonly string[];
  readonly routes: readonly string[];
  readonly levels: ReadonlyArray<readonly number[]>;
  readonly h: number;
  readonly data: Float64Array;
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
