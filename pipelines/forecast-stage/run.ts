/**
 * The forecast stage: demand_daily -> coherent forecasts at every level of the geography, per SKU,
 * written to `forecasts` under one run id. SKUs are processed in batches so memory stays flat
 * whatever the number of stores. Safe to run twice with the same run id: the run's rows are
 * replaced.
 *
 * Unit: shelf demand (till sales, censoring-corrected) at the store; a village, town, county or
 * province forecast is the sum of its stores' shelf demand. Order-channel demand (goods ordered
 * through a service centre and delivered from the platform's warehouse) never sits on the store's
 * shelf, so it is not in this hierarchy (docs/scale.md); order-channel.ts forecasts it per village
 * and category.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, applyEventEffects, dayNumber, effectMultipliers } from '../calendar/index.ts';
import type { RetailCalendar } from '../calendar/index.ts';
import { faultPoint } from '../faults.ts';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';
import { createEngine, LEVELS_STORED } from './engine.ts';
import { countQuantileMap } from '../forecast/count-distribution.ts';
import { isCountSeries } from '../forecast/intermittent/quantiles.ts';
import type { Engine, EngineStats, Routing, SeriesForecast } from './engine.ts';
import { categoryEventEffects, effectSpread, effectsOf, type CategoryEffects } from './events.ts';
import { loadGeography, nodeKey, splitKey } from './geography.ts';
import type { StorePlace } from './geography.ts';
import { prepareHistory, sumSeries } from './prepare.ts';
import type { CensorMode } from './prepare.ts';
import { reconcileSku } from './reconcile-sku.ts';
import type { NodeForecast, SkuReconcileStats, StageMethod } from './reconcile-sku.ts';
import { latestDemandDay, loadShelfSeries, SHELF_ROW, type StoreSeries } from './series.ts';
import { buildSkuTree } from './sku-tree.ts';
import { appendDispersions, appendEffectSd, appendForecasts, type StoreDispersion } from './writer.ts';

export interface ForecastStageOptions {
  readonly runId?: string;
  /** Last day of history; default the latest day in demand_daily. */
  readonly asOf?: string;
  /** Days ahead, 7..56. @defaultValue 28 */
  readonly horizon?: number;
  /** Days of history the models fit on. @defaultValue 182 */
  readonly historyDays?: number;
  /** Days of history for the category event effects (>= 365 to use them; the yearly season needs 730). @defaultValue EFFECT_HISTORY_DAYS (1826) */
  readonly eventDays?: number;
  /** @defaultValue 'mint-shrink' */
  readonly method?: StageMethod;
  /** @defaultValue 'uncensor' */
  readonly censoring?: CensorMode;
  /** @defaultValue 'routed' */
  readonly routing?: Routing;
  /** Worker threads for the full forecasting core. @defaultValue 2 */
  readonly workers?: number;
  /** SKUs per batch. @defaultValue 20 */
  readonly skuBatch?: number;
  readonly skus?: readonly string[];
  /** Divide calendar event effects out before fitting. @defaultValue true */
  readonly events?: boolean;
  /** How event effects are shrunk (see estimateEventEffects); 'normal' is the earlier fixed prior, kept for comparison. @defaultValue 'evidence' */
  readonly eventShrinkage?: 'evidence' | 'normal';
  /** Divide each category's yearly season out with its events (pipelines/calendar/yearly-season.ts). @defaultValue true */
  readonly eventSeason?: boolean;
  /**
   * Diagnostic for benches on generated data: read the events and seasons from the generator's true
   * demand in this folder (truth-*.csv) instead of from the sales, to measure what censoring of the
   * sales costs the effects. Never set in production.
   */
  readonly eventTruthDir?: string;
  readonly calendar?: RetailCalendar;
  readonly onProgress?: (message: string) => void;
}

export interface ForecastStageResult {
  readonly runId: string;
  readonly asOf: string;
  readonly horizon: number;
  readonly skus: number;
  readonly storeSeries: number;
  readonly seriesForecast: number;
  readonly rows: number;
  readonly seconds: number;
  readonly engine: EngineStats;
  readonly reconcile: SkuReconcileStats;
  /** Seconds spent reading series, preparing histories, in the models, reconciling, writing. */
  readonly timings: StageTimings;
}

export interface StageTimings {
  load: number;
  prepare: number;
  models: number;
  reconcile: number;
  write: number;
}

export function newRunId(asOf: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${asOf.replaceAll('-', '')}-${stamp}-${Math.random().toString(16).slice(2, 6)}`;
}

/** Everything a shard needs besides its series: the run's options, geography and event effects. */
export interface RunContext {
  readonly runId: string;
  readonly asOf: string;
  readonly horizon: number;
  readonly historyDays: number;
  readonly method: StageMethod;
  readonly censoring: CensorMode;
  readonly routing: Routing;
  readonly window: { readonly start: string; readonly days: number };
  readonly geography: ReadonlyMap<string, StorePlace>;
  readonly events: CategoryEffects;
}

/**
 * Validates the options, replaces any earlier rows of the run, records it as running and loads what
 * every shard shares. Returns the SKUs to forecast, in order.
 */
export async function beginForecastRun(conn: DuckDBConnection, o: ForecastStageOptions = {}): Promise<{ ctx: RunContext; skus: string[] }> {
  const horizon = o.horizon ?? 28;
  if (!Number.isInteger(horizon) || horizon < 7 || horizon > 56) throw new CodedError('BAD_ARGUMENT', `horizon must be an integer in 7..56, got ${horizon}`);
  const historyDays = o.historyDays ?? 182;
  if (!Number.isInteger(historyDays) || historyDays < 14) throw new CodedError('BAD_ARGUMENT', `historyDays must be an integer >= 14, got ${historyDays}`);
  const asOf = o.asOf ?? (await latestDemandDay(conn));
  if (asOf === null) throw new CodedError('NO_DATA', 'demand_daily is empty: ingest data and refresh demand first');
  dayNumber(asOf);
  const runId = o.runId ?? newRunId(asOf);
  const method = o.method ?? 'mint-shrink';
  const censoring = o.censoring ?? 'uncensor';
  const routing = o.routing ?? 'routed';
  const params = { horizon, historyDays, method, censoring, routing, events: o.events ?? true, ...(o.eventShrinkage ? { eventShrinkage: o.eventShrinkage } : {}), ...(o.eventSeason === false ? { eventSeason: false } : {}) };

  await conn.run(`DELETE FROM forecasts WHERE run_id = ${literal(runId)}`);
  await conn.run(`DELETE FROM forecast_dispersion WHERE run_id = ${literal(runId)}`);
  await conn.run(`DELETE FROM forecast_effect_sd WHERE run_id = ${literal(runId)}`);
  await conn.run(`DELETE FROM forecast_runs WHERE run_id = ${literal(runId)}`);
  await conn.run(`INSERT INTO forecast_runs VALUES (${literal(runId)}, DATE ${literal(asOf)}, ${horizon}, now(), NULL, 'running', ${literal(JSON.stringify(params))})`);
  try {
    const geography = await loadGeography(conn);
    const events: CategoryEffects = params.events
      ? await categoryEventEffects(conn, { asOf, ...(o.eventDays ? { days: o.eventDays } : {}), ...(o.calendar ? { calendar: o.calendar } : {}), ...(o.eventShrinkage ? { shrinkage: o.eventShrinkage } : {}), ...(o.eventSeason === false ? { season: false } : {}), ...(o.eventTruthDir ? { truthDir: o.eventTruthDir } : {}), censoring: censoring === 'uncensor' })
      : { categoryOf: new Map<string, string>(), effects: new Map() };
    for (const k of events.skipped ?? []) o.onProgress?.(`events: ${k.category === '*' ? 'every category' : k.category}: ${k.reason}`);
    const window = { start: addDays(asOf, -(historyDays - 1)), days: historyDays };
    const skus = [...(o.skus ?? (await activeSkus(conn, window.start, asOf)))];
    return { ctx: { runId, asOf, horizon, historyDays, method, censoring, routing, window, geography, events }, skus };
  } catch (err) {
    await finishForecastRun(conn, runId, false);
    throw err;
  }
}

export async function finishForecastRun(conn: DuckDBConnection, runId: string, ok: boolean): Promise<void> {
  await conn.run(`UPDATE forecast_runs SET status = '${ok ? 'done' : 'failed'}', finished_at = now() WHERE run_id = ${literal(runId)}`);
}

/** The shard function: one batch of SKUs' store series to reconciled forecasts; pure but for the engine. */
export function forecastShard(
  series: readonly StoreSeries[], ctx: RunContext, engine: Engine, recStats: SkuReconcileStats, timings: StageTimings,
): Promise<{ bySku: Map<string, Map<string, NodeForecast>>; dispersions: StoreDispersion[]; forecast: number }> {
  return forecastSkus(series, ctx.geography, ctx.events, ctx.window, ctx.asOf, ctx.horizon, engine, ctx.censoring, ctx.method, recStats, timings);
}

export async function runForecastStage(conn: DuckDBConnection, o: ForecastStageOptions = {}): Promise<ForecastStageResult> {
  const t0 = performance.now();
  const { ctx, skus } = await beginForecastRun(conn, o);
  const { runId, asOf, horizon, historyDays } = ctx;
  const log = o.onProgress ?? (() => {});
  const engine = createEngine({ workers: o.workers ?? 2, routing: ctx.routing });
  const recStats: SkuReconcileStats = { blocks: 0, fallbacks: 0 };
  let storeSeries = 0;
  let forecastCount = 0;
  let rows = 0;
  const timings: StageTimings = { load: 0, prepare: 0, models: 0, reconcile: 0, write: 0 };
  const lap = (key: keyof StageTimings, since: number): number => {
    const now = performance.now();
    timings[key] += (now - since) / 1000;
    return now;
  };
  try {
    const batch = Math.max(1, o.skuBatch ?? 20);
    for (let b = 0; b < skus.length; b += batch) {
      const part = skus.slice(b, b + batch);
      let t = performance.now();
      const series = await loadShelfSeries(conn, { asOf, days: historyDays, skus: part });
      t = lap('load', t);
      storeSeries += series.length;
      const res = await forecastShard(series, ctx, engine, recStats, timings);
      t = performance.now();
      forecastCount += res.forecast;
      rows += await appendForecasts(conn, runId, asOf, res.bySku);
      await appendDispersions(conn, runId, res.dispersions);
      faultPoint('forecast-after-batch');
      lap('write', t);
      log(`forecast: ${Math.min(skus.length, b + batch)}/${skus.length} SKUs, ${storeSeries} store series, ${rows} rows`);
    }
    await appendEffectSd(conn, runId, effectSpread(ctx.events, skus, addDays(asOf, 1), horizon));
    await finishForecastRun(conn, runId, true);
  } catch (err) {
    await finishForecastRun(conn, runId, false);
    throw err;
  } finally {
    await engine.close();
  }
  return {
    runId,
    asOf,
    horizon,
    skus: skus.length,
    storeSeries,
    seriesForecast: forecastCount,
    rows,
    seconds: (performance.now() - t0) / 1000,
    engine: { ...engine.stats },
    reconcile: recStats,
    timings,
  };
}

async function activeSkus(conn: DuckDBConnection, from: string, to: string): Promise<string[]> {
  const r = await conn.runAndReadAll(`SELECT DISTINCT sku FROM demand_daily WHERE day BETWEEN DATE ${literal(from)} AND DATE ${literal(to)} AND ${SHELF_ROW} ORDER BY sku`);
  return r.getRows().map((row) => String(row[0]));
}

async function forecastSkus(
  series: readonly StoreSeries[],
  geography: ReadonlyMap<string, StorePlace>,
  events: CategoryEffects,
  window: { start: string; days: number },
  asOf: string,
  h: number,
  engine: Engine,
  censoring: CensorMode,
  method: StageMethod,
  recStats: SkuReconcileStats,
  timings: StageTimings,
): Promise<{ bySku: Map<string, Map<string, NodeForecast>>; dispersions: StoreDispersion[]; forecast: number }> {
  const t0 = performance.now();
  const bySkuSeries = new Map<string, StoreSeries[]>();
  for (const s of series) {
    if (!geography.has(s.storeId)) continue;
    const list = bySkuSeries.get(s.sku);
    if (list) list.push(s);
    else bySkuSeries.set(s.sku, [s]);
  }
  const plans: { sku: string; tree: ReturnType<typeof buildSkuTree>; history: Map<string, Float64Array>; whole: Set<string> }[] = [];
  const allKeys: { plan: number; key: string }[] = [];
  const inputs: Float64Array[] = [];
  for (const [sku, list] of bySkuSeries) {
    const effects = effectsOf(events, sku);
    const tree = buildSkuTree(list.map((s) => geography.get(s.storeId) as StorePlace));
    const history = new Map<string, Float64Array>();
    // Whole units by what was sold, not by the prepared history (censoring and calendar effects make it fractional).
    const whole = new Set<string>();
    for (const s of list) {
      const key = nodeKey('store', s.storeId);
      history.set(key, prepareHistory(s, window, censoring, effects));
      if (isCountSeries(s.values)) whole.add(key);
    }
    for (const key of tree.nodes) {
      if (!history.has(key)) history.set(key, sumSeries((tree.leavesOf.get(key) ?? []).map((l) => history.get(l) as Float64Array), window.days));
      allKeys.push({ plan: plans.length, key });
      inputs.push(history.get(key) as Float64Array);
    }
    plans.push({ sku, tree, history, whole });
  }
  let t = performance.now();
  timings.prepare += (t - t0) / 1000;
  const forecasts = await engine.forecast(inputs, h);
  timings.models += (performance.now() - t) / 1000;
  t = performance.now();
  const basePerPlan = plans.map(() => new Map<string, SeriesForecast>());
  allKeys.forEach(({ plan, key }, i) => (basePerPlan[plan] as Map<string, SeriesForecast>).set(key, forecasts[i] as SeriesForecast));
  const bySku = new Map<string, Map<string, NodeForecast>>();
  const dispersions: StoreDispersion[] = [];
  const start = addDays(asOf, 1);
  plans.forEach((p, i) => {
    const base = basePerPlan[i] as Map<string, SeriesForecast>;
    for (const [key, f] of base) {
      if (!Number.isFinite(f.dispersion)) continue;
      const { level, id } = splitKey(key);
      if (level === 'store') dispersions.push({ storeId: id, sku: p.sku, dispersion: f.dispersion, levelCv: f.levelCv });
    }
    const effects = effectsOf(events, p.sku);
    if (effects && effects.effects.length > 0) {
      // Same multiplier for every node of the SKU on a day, so the hierarchy stays coherent.
      const m = effectMultipliers(h, start, effects);
      for (const [key, f] of base) {
        base.set(key, { ...f, mean: applyEventEffects(f.mean, start, effects), quantiles: f.quantiles.map((q) => q.map((v, k) => v * (m[k] as number))) });
      }
    }
    const nodes = reconcileSku(p.tree, base, p.history, h, method, recStats);
    // A store's whole-unit demand gets count quantiles of its final mean (events applied, reconciled)
    // with the fast path's dispersion: integers, never below 0, consistent with the mean. Scaling
    // and shifting the base quantiles left fractional ones (a slow mover's median of 0.3 sits above
    // the zero-demand days that are most of its days).
    for (const key of p.whole) {
      const f = base.get(key);
      const n = nodes.get(key);
      if (!f || !n || !Number.isFinite(f.dispersion)) continue;
      const q = countQuantileMap(n.mean, f.dispersion, LEVELS_STORED);
      nodes.set(key, { ...n, quantiles: LEVELS_STORED.map((lv) => q.get(lv) as Float64Array) });
    }
    for (const [village, store] of p.tree.aliases) if (p.whole.has(store)) nodes.set(village, nodes.get(store) as NodeForecast);
    bySku.set(p.sku, nodes);
  });
  timings.reconcile += (performance.now() - t) / 1000;
  return { bySku, dispersions, forecast: inputs.length };
}
