import type { AutoOptions } from '../auto-engine.ts';

/** A batch of series sent to one worker; the values' buffers are transferred, not copied. */
export interface BatchRequest {
  readonly id: number;
  readonly h: number;
  readonly options: AutoOptions;
  readonly series: readonly Float64Array[];
}

/** One forecast as it crosses the thread boundary (Maps become entry arrays). */
export interface WireForecast {
  readonly model: string;
  readonly route: string;
  readonly mean: Float64Array;
  readonly quantiles: ReadonlyArray<readonly [number, Float64Array]>;
}

export type BatchResponse =
  | { readonly id: number; readonly ok: true; readonly results: readonly WireForecast[] }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** Buffers to transfer with a list of typed arrays (each array here owns its whole buffer). */
export function buffersOf(arrays: Iterable<Float64Array>): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays) out.push(a.buffer as ArrayBuffer);
  return out;
}
