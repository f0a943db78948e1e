/**
 * A global model: one regression fitted across every series of a file (a category's or a store's
 * items), in the spirit of the pooled models that won M5, but linear and small. Each training row is a
 * (series, origin, step) triple from rolling origins h apart before the end of the history; its target
 * is the value at origin + step divided by the series' recent level, and its features are known at the
 * origin (recent window means, the same weekday's recent mean, last year's value) or known ahead (the
 * position in the week, calendar covariates, the price relative to the recent price). Dividing by the
 * level lets a store selling 0.2 a day and one selling 40 share one set of coefficients, and keeps the
 * forecast multiplicative in the level, as demand is.
 *
 * Quantiles are estimated for themselves from the model's own rolling-origin errors: for whole units a
 * negative binomial around the forecast whose dispersion is the series' error variance over mean; for
 * continuous values (kg) the empirical quantiles of the series' scaled errors. Both never go below 0.
 */
import { solveSpd } from '../reconcile/dense.ts';
import { countQuantileMap } from './count-distribution.ts';
import { sampleQuantile } from './ets/simulate.ts';
import { isCountSeries } from './intermittent/quantiles.ts';
import { DEFAULT_QUANTILES, type FitOptions, type Forecast } from './types.ts';

/** What is known about a series beyond its values, over its history and the horizon (length n + h). */
export interface SeriesCovariates {
  /** Calendar covariates, one array per named column; NaN means not known (taken as 0). */
  readonly calendar?: readonly Float64Array[];
  /** Price per step; NaN where unknown (the last known price is carried forward). */
  readonly price?: Float64Array;
}

export interface GlobalOptions extends FitOptions {
  /** Covariates per series, in the order of the series; every series has the same calendar columns. */
  readonly covariates?: readonly (SeriesCovariates | undefined)[];
  /** Rolling training origins per series, h steps apart, ending h before the history ends. @defaultValue 16 */
  readonly origins?: number;
  /** Ridge penalty on every coefficient but the intercept, per training row. @defaultValue 1e-4 */
  readonly ridge?: number;
  /** Whole units: count quantiles. @defaultValue detected per series */
  readonly count?: boolean;
  /**
   * Weight of a training row: its level squared (the loss is squared error in units, so a busy
   * series' errors count as they do in a shopkeeper's stock), its level, or 1. Chosen on the M5
   * validation split (`npx tsx bench/accuracy.bench.ts --set m5 --validation --variants
   * global-unweighted,global-by-level,global`): MAE 2.490, 2.153 and 2.068; the 28-day mean 2.359.
   * @defaultValue 'level-squared'
   */
  readonly rowWeight?: 'level-squared' | 'level' | 'none';
}

/** Pseudo-days of no effect a series' own calendar lift is shrunk with. */
const LIFT_PRIOR = 20;
/** Steps of the level that scales every series (16 weeks of days). */
const LEVEL_WINDOW = 112;
/** Fewest known values in the level window for a series to take part. */
const MIN_KNOWN = 28;
/** Same-position values averaged for the seasonal feature (8 weeks of days). */
const SEASON_CYCLES = 8;

/** Prefix sums of known values and of known counts, so any window mean is O(1). */
class Prefix {
  readonly sum: Float64Array;
  readonly known: Float64Array;
  constructor(y: Float64Array) {
    this.sum = new Float64Array(y.length + 1);
    this.known = new Float64Array(y.length + 1);
    for (let t = 0; t < y.length; t++) {
      const v = y[t]!;
      const ok = !Number.isNaN(v);
      this.sum[t + 1] = this.sum[t]! + (ok ? v : 0);
      this.known[t + 1] = this.known[t]! + (ok ? 1 : 0);
    }
  }
  /** Mean of the known values in [a, b), clipped to the series; NaN when none is known. */
  mean(a: number, b: number): number {
    const lo = Math.max(0, a);
    const hi = Math.min(this.sum.length - 1, b);
    if (hi <= lo) return Number.NaN;
    const n = this.known[hi]! - this.known[lo]!;
    return n > 0 ? (this.sum[hi]! - this.sum[lo]!) / n : Number.NaN;
  }
  count(a: number, b: number): number {
    const lo = Math.max(0, a);
    const hi = Math.min(this.known.length - 1, b);
    return hi > lo ? this.known[hi]! - this.known[lo]! : 0;
  }
}

/** Prices with the last known one carried forward (NaN before the first). */
function carryForward(price: Float64Array): Float64Array {
  const out = new Float64Array(price.length);
  let last = Number.NaN;
  for (let t = 0; t < price.length; t++) {
    if (Number.isFinite(price[t]!) && price[t]! > 0) last = price[t]!;
    out[t] = last;
  }
  return out;
}

interface Prepared {
  readonly y: Float64Array;
  readonly prefix: Prefix;
  readonly calendar: readonly Float64Array[];
  /** Per calendar column: prefix sums of the known values on days the column is set, and their count. */
  readonly onDays: readonly Prefix[];
  readonly price?: Float64Array;
  readonly pricePrefix?: Prefix;
}

/** The layout of a feature row, fixed for a file: which blocks are present and how wide. */
interface Layout {
  readonly period: number;
  readonly yearLag: number;
  readonly calendarColumns: number;
  readonly prices: boolean;
  readonly width: number;
}

function layout(period: number, calendarColumns: number, prices: boolean): Layout {
  const yearLag = period === 7 ? 364 : period === 12 || period === 52 || period === 4 ? period : 0;
  // intercept, mean 7, mean 28, mean 364, same-position mean, last year, positions 1..p-1, calendar, 2 price terms
  const width = 4 + (period > 1 ? 1 : 0) + (yearLag > 0 ? 1 : 0) + Math.max(0, period - 1) + 2 * calendarColumns + (prices ? 2 : 0);
  return { period, yearLag, calendarColumns, prices, width };
}

/** The level a series is scaled by at an origin, or NaN when too little of the window is known. */
function levelAt(s: Prepared, origin: number): number {
  if (s.prefix.count(origin - LEVEL_WINDOW, origin) < MIN_KNOWN) return Number.NaN;
  const level = s.prefix.mean(origin - LEVEL_WINDOW, origin);
  return level > 0 ? level : Number.NaN;
}

/** Writes the features of target index t seen from origin (values known before origin), scaled by level. */
function features(s: Prepared, lay: Layout, origin: number, t: number, level: number, out: Float64Array): void {
  const p = s.prefix;
  const m28 = p.mean(origin - 28, origin);
  const rel = (v: number, fallback: number): number => (Number.isNaN(v) ? fallback : v / level);
  const f28 = rel(m28, 1);
  let j = 0;
  out[j++] = 1;
  out[j++] = rel(p.mean(origin - 7, origin), f28);
  out[j++] = f28;
  out[j++] = rel(p.mean(origin - 364, origin), 1);
  if (lay.period > 1) {
    // The target's position in the cycle, averaged over the last SEASON_CYCLES cycles before the origin.
    let sum = 0;
    let n = 0;
    const steps = Math.ceil((t - origin + 1) / lay.period);
    for (let c = steps; c < steps + SEASON_CYCLES; c++) {
      const v = s.y[t - c * lay.period];
      if (v !== undefined && !Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    out[j++] = n > 0 ? sum / n / level : f28;
  }
  if (lay.yearLag > 0) {
    const a = t - lay.yearLag - (lay.period === 7 ? 3 : 0);
    const b = t - lay.yearLag + (lay.period === 7 ? 4 : 1);
    out[j++] = b <= origin && p.count(a, b) > 0 ? p.mean(a, b) / level : f28;
  }
  for (let k = 1; k < lay.period; k++) out[j++] = t % lay.period === k ? 1 : 0;
  for (let c = 0; c < lay.calendarColumns; c++) {
    const raw = s.calendar[c]?.[t];
    const v = raw !== undefined && Number.isFinite(raw) ? raw : 0;
    out[j++] = v;
    // The series' own lift on the column's days before the origin, shrunk toward none by LIFT_PRIOR
    // pseudo-days: the pooled coefficient above is one effect for all, this one scales with each
    // series' own response (SNAP days move food, not hardware).
    const on = s.onDays[c];
    if (on === undefined || v === 0) {
      out[j++] = 0;
      continue;
    }
    // Against the other days, not all days: all days include the lifted ones.
    const nOn = on.count(0, origin);
    const nOff = p.count(0, origin) - nOn;
    const sumOn = nOn > 0 ? nOn * on.mean(0, origin) : 0;
    const off = nOff > 0 ? (p.count(0, origin) * p.mean(0, origin) - sumOn) / nOff : Number.NaN;
    out[j++] = off > 0 ? v * ((sumOn + LIFT_PRIOR * off) / (nOn + LIFT_PRIOR) / off - 1) : 0;
  }
  if (lay.prices) {
    const price = s.price?.[t];
    const recent = s.pricePrefix?.mean(origin - 28, origin);
    const year = s.pricePrefix?.mean(origin - 364, origin);
    const ok = price !== undefined && price > 0;
    out[j++] = ok && recent !== undefined && recent > 0 ? Math.log(price / recent) : 0;
    out[j++] = ok && year !== undefined && year > 0 ? Math.log(price / year) : 0;
  }
}

/** Coefficients of the pooled regression, in feature order (see `layout`). */
export interface GlobalFit {
  readonly coefficients: Float64Array;
  readonly rows: number;
}

/**
 * Forecasts every series h steps past its end with one pooled regression. A series without MIN_KNOWN
 * known values in its last LEVEL_WINDOW steps, or with a zero level there, gets undefined: the caller
 * forecasts it per series. Covariate arrays must cover n + h steps for a series of length n.
 */
export function globalForecast(
  ys: readonly Float64Array[],
  h: number,
  options: GlobalOptions = {},
): { forecasts: (Forecast | undefined)[]; fit: GlobalFit } {
  const period = options.period ?? 1;
  const levels = options.quantiles ?? DEFAULT_QUANTILES;
  const origins = options.origins ?? 16;
  const ridge = options.ridge ?? 1e-4;
  const rowWeight = options.rowWeight ?? 'level-squared';
  const weightOf = (level: number): number => (rowWeight === 'level-squared' ? level * level : rowWeight === 'level' ? level : 1);
  const cov = options.covariates ?? [];
  const calendarColumns = cov.reduce((m, c) => Math.max(m, c?.calendar?.length ?? 0), 0);
  const prices = cov.some((c) => c?.price !== undefined);
  const lay = layout(period, calendarColumns, prices);
  const prepared: Prepared[] = ys.map((y, i) => {
    const c = cov[i];
    const price = c?.price ? carryForward(c.price) : undefined;
    return {
      y,
      prefix: new Prefix(y),
      calendar: c?.calendar ?? [],
      onDays: (c?.calendar ?? []).map((col) => new Prefix(Float64Array.from(y, (v, t) => (col[t] ? v : Number.NaN)))),
      ...(price ? { price, pricePrefix: new Prefix(price) } : {}),
    };
  });

  // Normal equations over every training row, plus each row's series and scaled error for the quantiles.
  const w = lay.width;
  const xtx = new Float64Array(w * w);
  const xty = new Float64Array(w);
  const x = new Float64Array(w);
  type Row = { series: number; origin: number; t: number; level: number; target: number };
  const rows: Row[] = [];
  prepared.forEach((s, i) => {
    for (let o = 1; o <= origins; o++) {
      const origin = s.y.length - o * h;
      const level = levelAt(s, origin);
      if (Number.isNaN(level)) continue;
      for (let t = origin; t < origin + h; t++) {
        const v = s.y[t]!;
        if (Number.isNaN(v)) continue;
        const target = v / level;
        features(s, lay, origin, t, level, x);
        const wt = weightOf(level);
        for (let a = 0; a < w; a++) {
          const xa = x[a]! * wt;
          if (xa === 0) continue;
          xty[a] += xa * target;
          for (let b = 0; b <= a; b++) xtx[a * w + b] += xa * x[b]!;
        }
        rows.push({ series: i, origin, t, level, target });
      }
    }
  });
  for (let a = 0; a < w; a++) for (let b = 0; b < a; b++) xtx[b * w + a] = xtx[a * w + b]!;
  for (let a = 1; a < w; a++) xtx[a * w + a] += ridge * Math.max(1, rows.length);
  // With no usable rows (or a singular system) the fit is the recent 28-day mean: f28's coefficient 1.
  const solved = rows.length > w ? solveSpd(xtx, w, xty) : null;
  const beta = solved ?? Float64Array.from({ length: w }, (_, a) => (a === 2 ? 1 : 0));
  const predict = (s: Prepared, origin: number, t: number, level: number): number => {
    features(s, lay, origin, t, level, x);
    let f = 0;
    for (let a = 0; a < w; a++) f += beta[a]! * x[a]!;
    return Math.max(0, f) * level;
  };

  // Each series' own rolling-origin errors: dispersion for counts, scaled errors for continuous values.
  const errs = prepared.map(() => ({ ss: 0, sf: 0, scaled: [] as number[] }));
  for (const r of rows) {
    const s = prepared[r.series]!;
    const f = predict(s, r.origin, r.t, r.level);
    const e = s.y[r.t]! - f;
    const acc = errs[r.series]!;
    acc.ss += e * e;
    acc.sf += f;
    acc.scaled.push(e / r.level);
  }

  const forecasts = prepared.map((s, i): Forecast | undefined => {
    const n = s.y.length;
    const level = levelAt(s, n);
    if (Number.isNaN(level)) return undefined;
    const mean = new Float64Array(h);
    for (let k = 0; k < h; k++) mean[k] = predict(s, n, n + k, level);
    const acc = errs[i]!;
    const count = options.count ?? isCountSeries(s.y);
    let quantiles: ReadonlyMap<number, Float64Array>;
    if (count) {
      const phi = acc.sf > 0 ? Math.max(1, acc.ss / acc.sf) : 1;
      quantiles = countQuantileMap(mean, phi, levels);
    } else {
      const errors = Float64Array.from(acc.scaled);
      const q = new Map<number, Float64Array>();
      for (const p of [...levels].sort((a, b) => a - b)) {
        const shift = errors.length > 0 ? sampleQuantile(errors, p) * level : 0;
        q.set(p, Float64Array.from(mean, (m) => Math.max(0, m + shift)));
      }
      quantiles = q;
    }
    return { model: 'Global', mean, quantiles };
  });
  return { forecasts, fit: { coefficients: beta, rows: rows.length } };
}
