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

/** Scratch space for one pass: grown as needed, never shrunk; results are copied out of it. */
let scratchSizes = new Float64Array(1024);
let scratchIntervals = new Float64Array(1024);

/**
 * Decompose y in one pass; sizes <= 0 count as no demand (negative values are returns, not demand).
 * One pass over shared scratch arrays instead of a counting pass first: on sparse daily series the
 * data-dependent branches, not the arithmetic, are the cost.
 */
export function demandEvents(y: Float64Array): DemandEvents {
  if (scratchSizes.length < y.length) {
    scratchSizes = new Float64Array(y.length);
    scratchIntervals = new Float64Array(y.length);
  }
  const sizes = scratchSizes;
  const intervals = scratchIntervals;
  let k = 0;
  let since = 0;
  let observed = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    if (v !== v) continue;
    observed++;
    since++;
    if (v > 0) {
      sizes[k] = v;
      intervals[k] = since;
      k++;
      since = 0;
    }
  }
  return { count: k, sizes: sizes.slice(0, k), intervals: intervals.slice(0, k), trailing: since, observed };
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
