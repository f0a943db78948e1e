import type { Forecast, Model } from './types.ts';

/** How member forecasts are pooled. */
export type CombineRule = 'mean' | 'median';

function pool(values: number[], rule: CombineRule): number {
  if (rule === 'mean') {
    let s = 0;
    for (const v of values) s += v;
    return s / values.length;
  }
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 === 1 ? values[m]! : (values[m - 1]! + values[m]!) / 2;
}

/**
 * Pools point forecasts step by step. Quantiles are pooled the same way level by level (quantile
 * averaging), but only at levels every member has: a level some member lacks is left for the caller to
 * fill (e.g. conformally from the combination's own backtest errors).
 */
export function combineForecasts(members: readonly Forecast[], rule: CombineRule = 'mean', name?: string): Forecast {
  const first = members[0];
  if (first === undefined) throw new RangeError('combineForecasts needs at least one member');
  const h = first.mean.length;
  const mean = new Float64Array(h);
  const buf: number[] = [];
  for (let k = 0; k < h; k++) {
    buf.length = 0;
    for (const m of members) buf.push(m.mean[k]!);
    mean[k] = pool(buf, rule);
  }
  let quantiles: Map<number, Float64Array> | undefined;
  const levels = first.quantiles ? [...first.quantiles.keys()] : [];
  for (const p of levels) {
    if (!members.every((m) => m.quantiles?.has(p))) continue;
    const q = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      buf.length = 0;
      for (const m of members) buf.push(m.quantiles!.get(p)![k]!);
      q[k] = pool(buf, rule);
    }
    quantiles ??= new Map();
    quantiles.set(p, q);
  }
  // One-step fitted values pool the same way, when every member has them over the same history
  // (reconciliation reads the base models' own errors from them).
  let fitted: Float64Array | undefined;
  const n = first.fitted?.length ?? 0;
  if (n > 0 && members.every((m) => m.fitted?.length === n)) {
    fitted = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      buf.length = 0;
      for (const m of members) buf.push(m.fitted![t]!);
      fitted[t] = pool(buf, rule);
    }
  }
  const label = name ?? `${rule === 'mean' ? 'Mean' : 'Median'}(${members.map((m) => m.model).join(', ')})`;
  return { model: label, mean, ...(quantiles ? { quantiles } : {}), ...(fitted ? { fitted } : {}) };
}

/** A Model that fits every member and pools them: lets a combination be backtested like any model. */
export function combinationModel(members: readonly Model[], rule: CombineRule = 'mean'): Model {
  return (y, h, options) => combineForecasts(members.map((m) => m(y, h, options)), rule);
}
