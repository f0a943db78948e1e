/**
 * Centred moving median (or mean) that ignores flagged (event) days. Around Spring Festival the flagged
 * block is about seven weeks long, so a fixed window would often hold no clean day at all: the
 * window widens a week at a time until it holds `minPoints` clean values.
 */
export interface BaselineOptions {
  /** @defaultValue 14 (a 29-day window) */
  readonly halfWidth?: number;
  /** @defaultValue 21 */
  readonly minPoints?: number;
  /** @defaultValue 70 */
  readonly maxHalfWidth?: number;
  /**
   * 'median' (robust to unflagged spikes) or 'mean'. A median of low counts is mostly 0 or 1: a
   * product selling 0.7 a day got a baseline of 0 on most days and, ad hoc on the truth bench's
   * data, effects of 20-90x. Use the mean for series that slow. @defaultValue 'median'
   */
  readonly statistic?: 'median' | 'mean';
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/** NaN where no clean value lies within `maxHalfWidth` days. */
export function robustBaseline(series: Float64Array, excluded: Uint8Array, opts: BaselineOptions = {}): Float64Array {
  const h0 = opts.halfWidth ?? 14;
  const minPoints = opts.minPoints ?? 21;
  const hMax = opts.maxHalfWidth ?? 70;
  const mean = opts.statistic === 'mean';
  const n = series.length;
  const out = new Float64Array(n);
  const buf: number[] = [];
  for (let t = 0; t < n; t++) {
    let h = h0;
    for (;;) {
      buf.length = 0;
      const lo = Math.max(0, t - h);
      const hi = Math.min(n - 1, t + h);
      for (let i = lo; i <= hi; i++) {
        const v = series[i] as number;
        if (excluded[i] === 0 && Number.isFinite(v)) buf.push(v);
      }
      if (buf.length >= minPoints || h >= hMax) break;
      h = Math.min(h + 7, hMax);
    }
    out[t] = buf.length === 0 ? Number.NaN : mean ? buf.reduce((a, b) => a + b, 0) / buf.length : median(buf);
  }
  return out;
}
