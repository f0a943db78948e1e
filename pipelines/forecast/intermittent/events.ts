/**
 * Intermittent series as demand events: the sizes of the non-zero demands and the number of observed
 * periods from the previous demand (or from the start) to each. Missing periods (NaN) are not
 * observed and do not count. Croston-type models and their squared errors only change at events,
 * so working on events makes fitting O(#demands) instead of O(n).
 */
export interface DemandEvents {
  /** Number of demands K. */
  readonly count: number;
  /** Demand sizes, first `count` entries used. */
  readonly sizes: Float64Array;
  /** Observed periods from the previous demand (from the start for the first), `count` entries. */
  readonly intervals: Float64Array;
  /** Observed periods after the last demand (0 when the last observation is a demand). */
  readonly trailing: number;
  /** Observed (known) periods in total. */
  readonly observed: number;
}

/** Decompose y; sizes <= 0 count as no demand (negative values are returns, not demand). */
export function demandEvents(y: Float64Array): DemandEvents {
  let count = 0;
  for (let t = 0; t < y.length; t++) if (y[t]! > 0) count++;
  const sizes = new Float64Array(count);
  const intervals = new Float64Array(count);
  let k = 0;
  let since = 0;
  let observed = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    if (Number.isNaN(v)) continue;
    observed++;
    since++;
    if (v > 0) {
      sizes[k] = v;
      intervals[k] = since;
      k++;
      since = 0;
    }
  }
  return { count, sizes, intervals, trailing: since, observed };
}

/** The known values only, in order (the same array when nothing is missing). */
export function knownValues(y: Float64Array): Float64Array {
  let missing = 0;
  for (let t = 0; t < y.length; t++) if (Number.isNaN(y[t]!)) missing++;
  if (missing === 0) return y;
  const out = new Float64Array(y.length - missing);
  let j = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) out[j++] = y[t]!;
  return out;
}
