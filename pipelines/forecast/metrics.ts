/**
 * Accuracy metrics in the forms the M3 and M5 literature uses, so our figures compare with published ones.
 * Every function scores ONE series; average over series yourself. NaN actuals (missing) are skipped; a
 * metric with no usable step, or a zero scale, is NaN so that callers can see and count it rather than
 * averaging in an infinity.
 */

/** sMAPE (M3 form): mean over steps of 200*|y-f|/(|y|+|f|). A step with y = f = 0 counts as 0 error. */
export function smape(actual: Float64Array, forecast: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!;
    const f = forecast[i]!;
    if (Number.isNaN(y) || Number.isNaN(f)) continue;
    const den = Math.abs(y) + Math.abs(f);
    sum += den === 0 ? 0 : (200 * Math.abs(y - f)) / den;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** Mean absolute error over the steps where both values are known. */
export function mae(actual: Float64Array, forecast: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i]! - forecast[i]!;
    if (Number.isNaN(e)) continue;
    sum += Math.abs(e);
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** Mean squared error over the steps where both values are known. */
export function mse(actual: Float64Array, forecast: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i]! - forecast[i]!;
    if (Number.isNaN(e)) continue;
    sum += e * e;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * In-sample mean of |y[t] - y[t-lag]|^power over pairs where both are known: the naive scale of MASE
 * (power 1) and RMSSE (power 2).
 */
export function naiveScale(train: Float64Array, lag: number, power: 1 | 2): number {
  let sum = 0;
  let n = 0;
  for (let t = lag; t < train.length; t++) {
    const d = train[t]! - train[t - lag]!;
    if (Number.isNaN(d)) continue;
    sum += power === 1 ? Math.abs(d) : d * d;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

function scaled(value: number, scale: number): number {
  return scale > 0 && Number.isFinite(scale) ? value / scale : Number.NaN;
}

/** MASE: forecast MAE over the in-sample MAE of the seasonal naive (lag = period; lag 1 if period <= 1). */
export function mase(actual: Float64Array, forecast: Float64Array, train: Float64Array, period = 1): number {
  const lag = period > 1 && train.length > period ? period : 1;
  return scaled(mae(actual, forecast), naiveScale(train, lag, 1));
}

/** RMSSE (M5 form): sqrt(forecast MSE / in-sample mean squared one-step naive error). */
export function rmsse(actual: Float64Array, forecast: Float64Array, train: Float64Array): number {
  return Math.sqrt(scaled(mse(actual, forecast), naiveScale(train, 1, 2)));
}

/** Pinball (quantile) loss at level q, mean over known steps, unscaled. */
export function pinball(actual: Float64Array, quantile: Float64Array, q: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i]! - quantile[i]!;
    if (Number.isNaN(e)) continue;
    sum += Math.max(q * e, (q - 1) * e);
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** Scaled pinball loss: pinball at q divided by the in-sample mean absolute one-step naive error. */
export function scaledPinball(actual: Float64Array, quantile: Float64Array, q: number, train: Float64Array): number {
  return scaled(pinball(actual, quantile, q), naiveScale(train, 1, 1));
}

/** Counts of known actuals inside [lower, upper] (inclusive) and of known actuals, to pool over series. */
export function intervalHits(
  actual: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): { inside: number; total: number } {
  let inside = 0;
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) continue;
    total++;
    if (y >= lower[i]! && y <= upper[i]!) inside++;
  }
  return { inside, total };
}

/** Share of known actuals inside [lower, upper]; NaN when no actual is known. */
export function coverage(actual: Float64Array, lower: Float64Array, upper: Float64Array): number {
  const { inside, total } = intervalHits(actual, lower, upper);
  return total === 0 ? Number.NaN : inside / total;
}

/** Mean of the finite values (series whose metric is undefined are left out, not zeroed). */
export function meanFinite(values: readonly number[]): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    count++;
  }
  return { mean: count === 0 ? Number.NaN : sum / count, count };
}
