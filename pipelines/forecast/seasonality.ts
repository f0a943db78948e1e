/**
 * The seasonality handling of M3 practice for Theta-type models: a 90 % autocorrelation test at the
 * seasonal lag, then classical decomposition to take the season out before fitting and put it back
 * on the forecast. Exported for every model that wants the same pre-treatment.
 */

export type SeasonalType = 'multiplicative' | 'additive';

/** Seasonal indices by position in the cycle: indices[t % period] applies to observation t (0-based). */
export interface SeasonalIndices {
  readonly type: SeasonalType;
  readonly period: number;
  readonly indices: Float64Array;
}

/**
 * Sample autocorrelations r_0..r_maxLag with the usual biased (divide-by-n) estimator, which keeps
 * the sequence positive definite. Pairs with a missing value are skipped.
 */
export function acf(y: Float64Array, maxLag: number): Float64Array {
  let sum = 0;
  let n = 0;
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(y[t]!)) continue;
    sum += y[t]!;
    n++;
  }
  const r = new Float64Array(maxLag + 1);
  if (n === 0) return r.fill(Number.NaN);
  const mu = sum / n;
  let c0 = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) c0 += (y[t]! - mu) ** 2;
  for (let k = 0; k <= maxLag; k++) {
    let ck = 0;
    for (let t = k; t < y.length; t++) {
      const p = (y[t]! - mu) * (y[t - k]! - mu);
      if (!Number.isNaN(p)) ck += p;
    }
    r[k] = c0 > 0 ? ck / c0 : Number.NaN;
  }
  return r;
}

/**
 * True when |r_m| exceeds z * sqrt((1 + 2 * sum_{k<m} r_k^2) / n), Bartlett's standard error of
 * r_m under the hypothesis that autocorrelations vanish beyond lag m-1. z = 1.645 is the 90 % test
 * used with Theta in the M3 competition. Needs at least two full cycles to say anything.
 */
export function seasonalityTest(y: Float64Array, period: number, z = 1.645): boolean {
  const m = Math.round(period);
  if (m <= 1) return false;
  let n = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) n++;
  if (n < 2 * m + 1) return false;
  const r = acf(y, m);
  let s = 0;
  for (let k = 1; k < m; k++) s += r[k]! ** 2;
  const limit = z * Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[m]!) > limit;
}

/**
 * Classical decomposition (centred 2xm moving average for the trend, seasonal figure = mean ratio or
 * difference per cycle position, normalised to mean 1 or 0). Multiplicative needs positive data;
 * with a non-positive value it silently falls back to additive, which is what a caller would do anyway.
 */
export function classicalDecomposition(y: Float64Array, period: number, type: SeasonalType = 'multiplicative'): SeasonalIndices {
  const m = Math.round(period);
  const n = y.length;
  let kind: SeasonalType = type;
  if (kind === 'multiplicative') {
    for (let t = 0; t < n; t++) if (y[t]! <= 0) kind = 'additive';
  }
  const neutral = kind === 'multiplicative' ? 1 : 0;
  const indices = new Float64Array(Math.max(1, m)).fill(neutral);
  if (m <= 1 || n < 2 * m) return { type: kind, period: Math.max(1, m), indices };
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    for (let j = -half; j <= half; j++) {
      const w = even && (j === -half || j === half) ? 0.5 : 1;
      trend += w * y[t + j]!;
    }
    trend /= m;
    const detrended = kind === 'multiplicative' ? y[t]! / trend : y[t]! - trend;
    if (!Number.isFinite(detrended)) continue;
    const pos = t % m;
    sums[pos] = sums[pos]! + detrended;
    counts[pos] = counts[pos]! + 1;
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    indices[i] = counts[i]! > 0 ? sums[i]! / counts[i]! : neutral;
    total += indices[i]!;
  }
  const centre = total / m;
  for (let i = 0; i < m; i++) indices[i] = kind === 'multiplicative' ? indices[i]! / centre : indices[i]! - centre;
  return { type: kind, period: m, indices };
}

/** y with the season taken out (divided or subtracted); NaN stays NaN. */
export function deseasonalize(y: Float64Array, s: SeasonalIndices): Float64Array {
  const out = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) {
    const idx = s.indices[t % s.period]!;
    out[t] = s.type === 'multiplicative' ? y[t]! / idx : y[t]! - idx;
  }
  return out;
}

/** Put the season back on values that start at observation index `start` (n for a forecast). */
export function reseasonalize(values: Float64Array, s: SeasonalIndices, start: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const idx = s.indices[(start + k) % s.period]!;
    out[k] = s.type === 'multiplicative' ? values[k]! * idx : values[k]! + idx;
  }
  return out;
}

/** Test, and when seasonal, decompose (multiplicative if the data allow). undefined = not seasonal. */
export function detectSeason(y: Float64Array, period: number | undefined): SeasonalIndices | undefined {
  const m = Math.round(period ?? 1);
  if (m <= 1 || !seasonalityTest(y, m)) return undefined;
  return classicalDecomposition(y, m, 'multiplicative');
}
