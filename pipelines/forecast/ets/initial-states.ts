/**
 * Heuristic initial states, after the scheme R's forecast::ets uses: a classical decomposition of
 * the first (up to) three seasons gives the seasonal indices, then a straight line through the
 * first max(10, 2m) seasonally adjusted points gives level and slope at time 0.
 */

export interface InitialStates {
  level: number;
  /** Additive slope, or growth ratio for multiplicative trend; 0 when there is no trend. */
  trend: number;
  /** Seasonal index used at time t (0-based) for t = 0..m-1; empty without a season. */
  seasonal: Float64Array;
}

/** Copy with interior gaps linearly interpolated and end gaps filled flat, for the heuristics only. */
export function fillGaps(y: Float64Array): Float64Array {
  const n = y.length;
  const out = new Float64Array(y);
  let prev = -1;
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(y[t]!)) continue;
    if (prev === -1) for (let k = 0; k < t; k++) out[k] = y[t]!;
    else if (t - prev > 1) {
      const a = y[prev]!;
      const slope = (y[t]! - a) / (t - prev);
      for (let k = prev + 1; k < t; k++) out[k] = a + slope * (k - prev);
    }
    prev = t;
  }
  if (prev === -1) out.fill(0);
  else for (let k = prev + 1; k < n; k++) out[k] = y[prev]!;
  return out;
}

/** Least-squares line through (1, v[0]) .. (len, v[len-1]): intercept is the value at x = 0. */
function line(v: Float64Array, len: number): { intercept: number; slope: number } {
  if (len < 2) return { intercept: v[0] ?? 0, slope: 0 };
  const mx = (len + 1) / 2;
  let my = 0;
  for (let i = 0; i < len; i++) my += v[i]!;
  my /= len;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < len; i++) {
    const dx = i + 1 - mx;
    sxy += dx * (v[i]! - my);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Seasonal indices from a classical decomposition of the first min(n, 3m) points. */
function seasonalIndices(y: Float64Array, m: number, multiplicative: boolean): Float64Array {
  const len = Math.min(y.length, 3 * m);
  const trend = new Float64Array(len).fill(NaN);
  if (len >= 2 * m) {
    // Centred moving average: 2xm for even m, plain m-term for odd m.
    const half = Math.floor(m / 2);
    for (let t = half; t + half < len; t++) {
      let s = 0;
      if (m % 2 === 0) {
        s = 0.5 * (y[t - half]! + y[t + half]!);
        for (let k = t - half + 1; k < t + half; k++) s += y[k]!;
      } else for (let k = t - half; k <= t + half; k++) s += y[k]!;
      trend[t] = s / m;
    }
  } else {
    const { intercept, slope } = line(y, len);
    for (let t = 0; t < len; t++) trend[t] = intercept + slope * (t + 1);
  }
  const sum = new Float64Array(m);
  const count = new Float64Array(m);
  for (let t = 0; t < len; t++) {
    const tr = trend[t]!;
    if (Number.isNaN(tr)) continue;
    const d = multiplicative ? (tr !== 0 ? y[t]! / tr : NaN) : y[t]! - tr;
    if (!Number.isFinite(d)) continue;
    sum[t % m] = sum[t % m]! + d;
    count[t % m] = count[t % m]! + 1;
  }
  const s = new Float64Array(m);
  let mean = 0;
  for (let i = 0; i < m; i++) {
    s[i] = count[i]! > 0 ? sum[i]! / count[i]! : multiplicative ? 1 : 0;
    mean += s[i]!;
  }
  mean /= m;
  for (let i = 0; i < m; i++) {
    if (multiplicative) s[i] = Math.max(mean > 0 ? s[i]! / mean : 1, 1e-2);
    else s[i] = s[i]! - mean;
  }
  return s;
}

export function initialStates(
  yRaw: Float64Array,
  trendType: 0 | 1 | 2,
  seasonType: 0 | 1 | 2,
  period: number,
): InitialStates {
  const y = fillGaps(yRaw);
  const n = y.length;
  const m = seasonType > 0 ? period : 1;
  const seasonal = seasonType > 0 ? seasonalIndices(y, m, seasonType === 2) : new Float64Array(0);
  const maxn = Math.min(Math.max(10, 2 * m), n);
  const sa = new Float64Array(maxn);
  for (let t = 0; t < maxn; t++) {
    const s = seasonType === 0 ? 0 : seasonal[t % m]!;
    sa[t] = seasonType === 2 ? y[t]! / s : y[t]! - s;
  }
  if (trendType === 0) {
    let mean = 0;
    for (let t = 0; t < maxn; t++) mean += sa[t]!;
    return { level: maxn > 0 ? mean / maxn : 0, trend: 0, seasonal };
  }
  const { intercept, slope } = line(sa, maxn);
  if (trendType === 1) return { level: intercept, trend: slope, seasonal };
  // Multiplicative trend: level and growth ratio from the first two fitted values of the line.
  const f1 = intercept + slope;
  const f2 = intercept + 2 * slope;
  let b = Math.abs(f1) > 1e-8 ? f2 / f1 : 1;
  let l = b !== 0 ? f1 / b : f1;
  if (!(l > 1e-8) || !(b > 1e-8) || !Number.isFinite(b)) {
    l = Math.max(sa[0] ?? 1, 1e-3);
    b = Math.max((sa[1] ?? l) / l, 1e-3);
  }
  return { level: l, trend: Math.min(b, 1e10), seasonal };
}
