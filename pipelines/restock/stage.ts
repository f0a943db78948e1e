/**
 * The restock stage: one suggestion per store and SKU with a store-level forecast in a run,
 * written to `restock_suggestions` under the same run id. Reads the forecast rows in store order
 * and finishes a store (budget ranking included) before reading the next, so memory holds one
 * store's suggestions at a time. Safe to run twice: the run's suggestions are replaced.
 *
 * Demand over a day comes from the stored mean and, for a series the forecast stage modelled on its
 * fast path, its stored dispersion (variance = mean x dispersion); otherwise the quantiles are read as
 * a normal spread, ((q90 - q50) / z0.9)^2. Never below the mean (Poisson). stage-forecaster.ts.
 * With `levelUncertainty`, the fast path's level uncertainty (level_cv), shared by every day, adds
 * (level_cv x span mean)^2 to a span's variance (daily-forecast.ts); off by default, see the option.
 * The spread of the calendar multipliers the forecasts carry (forecast_effect_sd) adds the same way,
 * as (sum over the span of mean x relative sd)^2; on by default.
 *
 * Stores with a cash budget: budget_rank is the order in which rankUnderBudget funds the line (null:
 * not funded at all), within_budget is true only when the whole suggested quantity is funded, and
 * margin_protected is the margin of the funded part. Without a budget both are null and
 * margin_protected is that of the whole suggestion. On-order stock of unknown arrival is taken as
 * arriving before this order would.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBDateValue } from '@duckdb/node-api';
import { addDays, dayNumber, loadCalendar } from '../calendar/index.ts';
import type { RetailCalendar } from '../calendar/index.ts';
import { CodedError } from '../errors.ts';
import { categoryEventEffects } from '../forecast-stage/events.ts';
import { literal } from '../warehouse/sql.ts';
import { rankUnderBudget } from './budget.ts';
import type { DailyDemandForecast } from './daily-forecast.ts';
import { eventNote, loadPolicies, loadProducts, loadRecentMeans, loadStock } from './stage-inputs.ts';
import { dayVariance } from './stage-forecaster.ts';
import { supplyTerms } from './supply.ts';
import { suggestRestock } from './suggest.ts';
import type { Suggestion } from './suggest.ts';

export interface RestockStageOptions {
  /** The forecast run to read; suggestions are stored under the same id. */
  readonly runId: string;
  readonly storeIds?: readonly string[];
  /** Name the calendar event behind a suggestion (needs >= a year of demand). @defaultValue true */
  readonly events?: boolean;
  readonly calendar?: RetailCalendar;
  /**
   * Add the fast path's stored level uncertainty (level_cv) to each protection interval. Off: measured
   * (bench:restock-truth, its level-cv arm), it moved most autumn fill-rate cells further from their
   * targets, and it overshot the stationary replay by 3 points (stage-forecaster.test.ts), because
   * stock an over-forecast leaves is carried into the next cycle and absorbs most of the level error.
   * Before Spring Festival, where the forecast is low, it raised the fill by 1.5-2.7 points. @defaultValue false
   */
  readonly levelUncertainty?: boolean;
  /**
   * Add the spread of the calendar multipliers the forecasts carry (forecast_effect_sd) to each
   * protection interval, shared by the days of the span. @defaultValue true
   */
  readonly effectUncertainty?: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface RestockStageResult {
  readonly runId: string;
  readonly asOf: string;
  readonly stores: number;
  readonly suggestions: number;
  readonly ordering: number;
  readonly cashNeeded: number;
  readonly seconds: number;
  /** Why reasons name no calendar event, when the calendar could not be used. */
  readonly eventsOff?: string | null;
}

interface Pending {
  readonly sku: string;
  readonly s: Suggestion;
}

export async function runRestockStage(conn: DuckDBConnection, o: RestockStageOptions): Promise<RestockStageResult> {
  const t0 = performance.now();
  const run = (await conn.runAndReadAll(`SELECT strftime(as_of, '%Y-%m-%d'), status FROM forecast_runs WHERE run_id = ${literal(o.runId)}`)).getRows()[0];
  if (!run) throw new CodedError('NOT_FOUND', `forecast run ${o.runId} not found`);
  if (run[1] !== 'done') throw new CodedError('NO_DATA', `forecast run ${o.runId} is ${String(run[1])}, not done`);
  const asOf = String(run[0]);
  const policies = await loadPolicies(conn);
  const products = await loadProducts(conn);
  const stock = await loadStock(conn, asOf);
  const recent = await loadRecentMeans(conn, asOf);
  let calendar: RetailCalendar | null = null;
  let eventsOff: string | null = null;
  let effects: Awaited<ReturnType<typeof categoryEventEffects>>['effects'] = new Map();
  if (o.events ?? true) {
    try {
      calendar = o.calendar ?? loadCalendar();
    } catch (err) {
      // Reasons then name no event; the suggestions themselves do not depend on it. Recorded.
      calendar = null;
      eventsOff = `the retail calendar cannot be loaded (${err instanceof Error ? err.message : String(err)})`;
    }
    if (calendar !== null) effects = (await categoryEventEffects(conn, { asOf, calendar, season: false })).effects;
  }
  const firstDay = addDays(asOf, 1);
  const asOfDate = new DuckDBDateValue(dayNumber(asOf));

  await conn.run(`DELETE FROM restock_suggestions WHERE run_id = ${literal(o.runId)}`);
  const storeFilter = o.storeIds ? ` AND f.node_id IN (${o.storeIds.length ? o.storeIds.map(literal).join(',') : "''"})` : '';
  const effectSd = o.effectUncertainty === false ? 'NULL::DOUBLE' : 'e.log_sd';
  const result = await conn.run(`SELECT f.node_id, f.sku, f.h, f.mean, f.q50, f.q90, d.dispersion, d.level_cv, ${effectSd} FROM forecasts f
    LEFT JOIN forecast_dispersion d ON d.run_id = f.run_id AND d.node_id = f.node_id AND d.sku = f.sku
    LEFT JOIN forecast_effect_sd e ON e.run_id = f.run_id AND e.sku = f.sku AND e.h = f.h
    WHERE f.run_id = ${literal(o.runId)} AND f.level = 'store'${storeFilter} ORDER BY f.node_id, f.sku, f.h`);
  const app = await conn.createAppender('restock_suggestions');
  let stores = 0;
  let count = 0;
  let ordering = 0;
  let cash = 0;
  let store = '';
  let sku = '';
  let mean: number[] = [];
  let variance: number[] = [];
  let effect: number[] = [];
  let levelCv = 0;
  let pending: Pending[] = [];

  const finishPair = (): void => {
    if (mean.length === 0) return;
    const policy = policies.get(store);
    const terms = products.get(sku);
    if (!policy || !terms) return;
    const key = `${store}\u0000${sku}`;
    const st = stock.get(key) ?? { onHand: 0, onOrder: 0 };
    const fc: DailyDemandForecast = { mean: Float64Array.from(mean), variance: Float64Array.from(variance), levelCv, effectSd: Float64Array.from(effect) };
    const supply = supplyTerms(policy, terms.shelfLifeDays);
    const span = supply.leadTimeDays + supply.reviewPeriodDays;
    const s = suggestRestock({
      forecast: fc,
      onHand: st.onHand,
      onOrder: st.onOrder > 0 ? [{ qty: st.onOrder }] : [],
      leadTimeDays: supply.leadTimeDays,
      reviewPeriodDays: supply.reviewPeriodDays,
      fillRateTarget: policy.serviceLevel,
      packSize: terms.packSize,
      minOrderUnits: policy.minOrderUnits,
      unitCost: terms.unitCost,
      unitPrice: terms.unitPrice,
      shelfLifeDays: terms.shelfLifeDays,
      event: eventNote(effects.get(terms.category), calendar, firstDay, span),
      recentDailyMean: recent.get(key) ?? 0,
    });
    pending.push({ sku, s });
  };

  const finishStore = (): void => {
    if (pending.length === 0) return;
    const budget = policies.get(store)?.cashBudget ?? null;
    const plan = budget === null ? null : rankUnderBudget(pending.map((p) => p.s), budget);
    const byIndex = new Map(plan?.lines.map((l) => [l.index, l]) ?? []);
    pending.forEach((p, i) => {
      const s = p.s;
      const line = byIndex.get(i);
      app.appendVarchar(o.runId);
      app.appendVarchar(store);
      app.appendVarchar(p.sku);
      app.appendDate(asOfDate);
      app.appendDouble(s.onHand);
      app.appendDouble(s.onOrder);
      app.appendDouble(s.orderUpTo);
      app.appendDouble(s.quantity);
      nullableDouble(app, s.daysOfCover);
      app.appendDouble(s.stockoutProbNextCycle);
      app.appendDouble(s.expectedFillRate);
      app.appendDouble(s.cashNeeded);
      app.appendDouble(line ? line.marginProtected : (s.marginByPacks[s.marginByPacks.length - 1] ?? 0));
      if (line && line.rank !== null) app.appendInteger(line.rank);
      else app.appendNull();
      if (plan) app.appendBoolean(line !== undefined && line.approvedQuantity >= s.quantity && s.quantity > 0);
      else app.appendNull();
      app.appendVarchar(s.driver);
      app.appendVarchar(s.reason_zh);
      app.appendVarchar(s.reason_en);
      app.endRow();
      count += 1;
      if (s.quantity > 0) {
        ordering += 1;
        cash += s.cashNeeded;
      }
    });
    stores += 1;
    pending = [];
    o.onProgress?.(`restock: ${stores} stores, ${count} suggestions`);
  };

  try {
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const [nCol, kCol, , mCol, q50Col, q90Col, dCol, cvCol, eCol] = chunk.getColumns() as unknown[][];
      for (let i = 0; i < chunk.rowCount; i++) {
        const n = String(nCol?.[i]);
        const k = String(kCol?.[i]);
        if (n !== store || k !== sku) {
          finishPair();
          if (n !== store) finishStore();
          store = n;
          sku = k;
          mean = [];
          variance = [];
          effect = [];
          const cv = cvCol?.[i];
          levelCv = o.levelUncertainty !== true || cv === null || cv === undefined || !Number.isFinite(Number(cv)) ? 0 : Number(cv);
        }
        const m = Math.max(0, Number(mCol?.[i]));
        const d = dCol?.[i];
        mean.push(m);
        const e = eCol?.[i];
        effect.push(e === null || e === undefined || !Number.isFinite(Number(e)) ? 0 : Number(e));
        variance.push(dayVariance(m, Number(q50Col?.[i] ?? m), Number(q90Col?.[i] ?? m), d === null || d === undefined ? Number.NaN : Number(d)));
      }
    }
    finishPair();
    finishStore();
    app.flushSync();
  } finally {
    app.closeSync();
  }
  return { runId: o.runId, asOf, stores, suggestions: count, ordering, cashNeeded: cash, seconds: (performance.now() - t0) / 1000, eventsOff };
}

function nullableDouble(app: { appendDouble(v: number): void; appendNull(): void }, v: number | null): void {
  if (v === null || !Number.isFinite(v)) app.appendNull();
  else app.appendDouble(v);
}
