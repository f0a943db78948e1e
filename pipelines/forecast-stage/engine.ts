/**
 * Runs the forecasting core over many series with routing by demand class. Measured on this
 * machine (docs/scale.md): the full automatic forecast costs 6-16 ms a series (backtest selection
 * among four intermittent models; ETS + Theta for smooth demand), a single TSB fit 0.07 ms. Most
 * store x SKU series are intermittent, so by default ('routed') the intermittent, lumpy and short
 * ones get TSB in this thread while the smooth and erratic ones go to the worker pool running the
 * full core; 'full' sends everything to the core.
 */
import { classifyDemand } from '../forecast/classify.ts';
import { autoForecast } from '../forecast/auto.ts';
import { countQuantileMap, seriesDispersion } from '../forecast/count-distribution.ts';
import { demandEvents } from '../forecast/intermittent/events.ts';
import { optimiseTsb, tsbFitted, tsbLevelCv, tsbState } from '../forecast/intermittent/tsb.ts';
import { trailingResiduals } from '../forecast/parallel/protocol.ts';
import { demandQuantiles, isCountSeries } from '../forecast/intermittent/quantiles.ts';
import { ForecastPool } from '../forecast/parallel/pool.ts';
import { DEFAULT_QUANTILES } from '../forecast/types.ts';

export const LEVELS_STORED: readonly number[] = DEFAULT_QUANTILES;

export interface SeriesForecast {
  readonly model: string;
  readonly route: string;
  readonly mean: Float64Array;
  /** One array per level of LEVELS_STORED, in that order. */
  readonly quantiles: readonly Float64Array[];
  /**
   * Fast path: the variance-to-mean ratio of the history (at least 1), the dispersion of the negative
   * binomial its quantiles are drawn from when the history is whole units (a history with uncensored
   * days is not, and gets Gaussian quantiles). NaN from the core. The restock math needs a variance,
   * which whole-unit quantiles of a slow mover cannot give back (restock/stage-forecaster.ts).
   */
  readonly dispersion: number;
  /**
   * Fast path: relative standard error of the forecast level (tsbLevelCv), shared by every day, so
   * restock adds (levelCv x total mean)^2 to a span's variance instead of letting it average out. NaN from the core.
   */
  readonly levelCv: number;
  /**
   * The base model's last RESIDUAL_DAYS one-step errors (y - fitted), NaN where unknown; absent when
   * the model gives no fitted values. Reconciliation estimates its covariance from them.
   */
  readonly residuals?: Float64Array;
}

/** One-step errors kept per series for reconciliation: eight weeks. */
export const RESIDUAL_DAYS = 56;

export type Routing = 'routed' | 'full';

export interface EngineOptions {
  /** Worker threads for the full core; 0 runs it in this thread. @defaultValue 2 */
  readonly workers?: number;
  /** @defaultValue 'routed' */
  readonly routing?: Routing;
  /** Seasonal period. @defaultValue 7 */
  readonly period?: number;
}

export interface EngineStats {
  fast: number;
  core: number;
  zero: number;
}

export interface Engine {
  forecast(series: readonly Float64Array[], h: number): Promise<SeriesForecast[]>;
  readonly stats: EngineStats;
  close(): Promise<void>;
}

function trimLeading(y: Float64Array): Float64Array {
  let i = 0;
  while (i < y.length && Number.isNaN(y[i] as number)) i++;
  return y.subarray(i);
}

function zeroForecast(y: Float64Array, h: number): SeriesForecast {
  return { model: 'Zero', route: 'zero', mean: new Float64Array(h), quantiles: LEVELS_STORED.map(() => new Float64Array(h)), dispersion: Number.NaN, levelCv: Number.NaN,
    residuals: trailingResiduals(y, new Float64Array(y.length), RESIDUAL_DAYS) };
}

/** TSB with count quantiles from the series' own dispersion: the cheap path for the bulk. */
export function fastForecast(yIn: Float64Array, h: number): SeriesForecast {
  const y = trimLeading(yIn);
  let any = false;
  for (const v of y) if (v > 0) any = true;
  if (!any) return zeroForecast(y, h);
  const dispersion = seriesDispersion(y);
  // A whole-unit history gets TSB's own count quantiles, a negative binomial with this dispersion
  // (intermittent/quantiles.ts), built here from the point fit so the history is scanned once; a history
  // with uncensored (fractional) days gets TSB's Gaussian quantiles from its fitted values.
  const whole = isCountSeries(y);
  // TSB fitted once (the same fit as the `tsb` model): its level, its one-step fitted values for
  // reconciliation and its constants for the level uncertainty all come from it.
  const ev = demandEvents(y);
  const params = optimiseTsb(ev);
  const state = tsbState(ev, params);
  const level = state.probability * state.size;
  const fitted = tsbFitted(y, ev, params);
  const mean = new Float64Array(h).fill(Number.isFinite(level) && level > 0 ? level : 0);
  const q = whole ? countQuantileMap(mean, dispersion, LEVELS_STORED) : demandQuantiles(y, mean, fitted, LEVELS_STORED);
  return {
    model: 'TSB', route: 'intermittent', mean, quantiles: LEVELS_STORED.map((p) => nonNegative(q?.get(p), h)), dispersion,
    levelCv: tsbLevelCv(ev, params), residuals: trailingResiduals(y, fitted, RESIDUAL_DAYS),
  };
}

/** One series as the 'routed' engine forecasts it, in this thread: the core for smooth and erratic demand, else fastForecast. */
export function routedForecast(y: Float64Array, h: number, period: number): SeriesForecast {
  return needsCore(y) ? coreForecast(y, h, period) : fastForecast(y, h);
}

function coreForecast(y: Float64Array, h: number, period: number): SeriesForecast {
  const f = autoForecast(y, h, { period, quantiles: LEVELS_STORED });
  return { model: f.model, route: f.route, mean: nonNegative(f.mean, h), quantiles: LEVELS_STORED.map((p) => nonNegative(f.quantiles?.get(p), h)), dispersion: Number.NaN, levelCv: Number.NaN,
    ...(f.fitted ? { residuals: trailingResiduals(y, f.fitted, RESIDUAL_DAYS) } : {}) };
}

function nonNegative(q: Float64Array | undefined, h: number): Float64Array {
  const out = new Float64Array(h);
  if (!q) return out;
  for (let i = 0; i < h; i++) {
    const v = q[i] as number;
    out[i] = Number.isFinite(v) && v > 0 ? v : 0;
  }
  return out;
}

function needsCore(y: Float64Array): boolean {
  const cls = classifyDemand(trimLeading(y)).demandClass;
  return cls === 'smooth' || cls === 'erratic';
}

export function createEngine(options: EngineOptions = {}): Engine {
  const workers = options.workers ?? 2;
  const routing = options.routing ?? 'routed';
  const period = options.period ?? 7;
  let pool: ForecastPool | null = null;
  const stats: EngineStats = { fast: 0, core: 0, zero: 0 };
  const core = async (series: Float64Array[], h: number): Promise<SeriesForecast[]> => {
    const opts = { period, quantiles: LEVELS_STORED };
    if (workers > 0) {
      pool ??= ForecastPool.create({ workers, batchSize: 32 });
      const res = await pool.forecastMany(series, h, opts, RESIDUAL_DAYS);
      return res.map((f) => ({ model: f.model, route: f.route, mean: nonNegative(f.mean, h), quantiles: LEVELS_STORED.map((p) => nonNegative(f.quantiles?.get(p), h)), dispersion: Number.NaN, levelCv: Number.NaN,
        ...(f.residuals && f.residuals.some(Number.isFinite) ? { residuals: f.residuals } : {}) }));
    }
    return series.map((y) => coreForecast(y, h, period));
  };
  return {
    stats,
    async forecast(series, h) {
      const out: SeriesForecast[] = new Array(series.length);
      const coreIdx: number[] = [];
      series.forEach((y, i) => {
        if (routing === 'full' || needsCore(y)) coreIdx.push(i);
      });
      // The pool works while this thread fits the cheap series.
      const pending = core(coreIdx.map((i) => series[i] as Float64Array), h);
      const isCore = new Uint8Array(series.length);
      for (const i of coreIdx) isCore[i] = 1;
      for (let i = 0; i < series.length; i++) {
        if (isCore[i]) continue;
        const f = fastForecast(series[i] as Float64Array, h);
        out[i] = f;
        if (f.route === 'zero') stats.zero += 1;
        else stats.fast += 1;
      }
      const done = await pending;
      coreIdx.forEach((i, j) => {
        out[i] = done[j] as SeriesForecast;
      });
      stats.core += coreIdx.length;
      return out;
    },
    async close() {
      if (pool) await (pool as ForecastPool).close();
      pool = null;
    },
  };
}
