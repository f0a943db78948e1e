/**
 * The nightly run, in-process: refresh demand -> forecast (+ reconcile) -> restock -> order-channel
 * forecast -> produce -> brand insights -> publish -> prune. Every step is safe to run twice (a commit can be durable while the caller never heard
 * back, shared/notes/verified-behaviour.md): demand refresh works from its watermark, the forecast
 * and restock stages replace their run's rows, publishing the same run id again is a no-op.
 * A BullMQ job calls this same function with a fixed run id, so a retried job redoes only what
 * did not finish.
 */
import { refreshDemand } from '../pipelines/demand/aggregate.ts';
import { finishPendingFiles } from '../pipelines/ingest/ingest-file.ts';
import type { RefreshSummary } from '../pipelines/demand/aggregate.ts';
import { runForecastStage } from '../pipelines/forecast-stage/run.ts';
import type { ForecastStageOptions, ForecastStageResult } from '../pipelines/forecast-stage/run.ts';
import { newRunId } from '../pipelines/forecast-stage/run.ts';
import { abandonDeadRuns, markStage } from '../pipelines/forecast-stage/runs.ts';
import { guardRun } from '../pipelines/forecast-stage/run-guard.ts';
import { latestDemandDay } from '../pipelines/forecast-stage/series.ts';
import { CodedError } from '../pipelines/errors.ts';
import { publishSnapshot, pruneSnapshots } from '../pipelines/publish/index.ts';
import type { DisclosureRules } from '../pipelines/disclosure/index.ts';
import { runBrandInsights, type BrandInsightsResult } from '../pipelines/insights/brand-stage.ts';
import { runProduceStage, type ProduceStageResult } from '../pipelines/produce/stage.ts';
import { runRestockStage } from '../pipelines/restock/stage.ts';
import { runOrderForecast, type OrderForecastResult } from '../pipelines/forecast-stage/order-channel.ts';
import type { RestockStageResult } from '../pipelines/restock/stage.ts';
import { faultPoint } from '../pipelines/faults.ts';
import { literal } from '../pipelines/warehouse/sql.ts';
import type { Warehouse } from './warehouse.ts';

export interface NightlyOptions extends Omit<ForecastStageOptions, 'onProgress'> {
  /** Folder for published snapshots; null skips publish and prune. @defaultValue 'data/snapshots' */
  readonly publishRoot?: string | null;
  /** Snapshots kept by prune. @defaultValue 7 */
  readonly keep?: number;
  /** Rebuild demand_daily from scratch. @defaultValue false */
  readonly fullRefresh?: boolean;
  /** Skip the forecast when this run id already finished (a retried job). @defaultValue true */
  readonly resume?: boolean;
  /** Run the produce planner and brand insights (with disclosure control). @defaultValue true */
  readonly insights?: boolean;
  /** Disclosure rules for brand insights. @defaultValue DEFAULT_RULES (pipelines/disclosure/rules.ts) */
  readonly disclosure?: DisclosureRules;
  readonly onProgress?: (message: string) => void;
  /** Only runs left `running` longer ago than this are dead (sharded runs live across jobs). @defaultValue every running run */
  readonly abandonAfterHours?: number;
}

export type NightlyStep = 'refresh-demand' | 'forecast' | 'restock' | 'order-forecast' | 'produce' | 'brand-insights' | 'publish' | 'prune';

export interface NightlyResult {
  readonly runId: string;
  readonly asOf: string;
  readonly steps: readonly { readonly step: NightlyStep; readonly seconds: number; readonly skipped?: boolean }[];
  readonly demand: RefreshSummary;
  readonly forecast: ForecastStageResult | null;
  readonly restock: RestockStageResult;
  /** Order-channel demand per village and category (kept apart from shelf demand). */
  readonly orders: OrderForecastResult;
  readonly produce: ProduceStageResult | null;
  readonly brands: BrandInsightsResult | null;
}

type Steps = { step: NightlyStep; seconds: number; skipped?: boolean }[];

function timer(log: (m: string) => void, steps: Steps) {
  return async <T>(step: NightlyStep, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    faultPoint(`nightly-${step}`);
    log(`${step}: start`);
    const out = await fn();
    const seconds = (performance.now() - t0) / 1000;
    steps.push({ step, seconds });
    log(`${step}: done in ${seconds.toFixed(1)} s`);
    return out;
  };
}

export interface PreparedNightly {
  readonly runId: string;
  readonly asOf: string;
  /** As of a day before the last day of data: published as a backfill, never made LATEST. */
  readonly backfill: boolean;
  readonly demand: RefreshSummary;
  /** The forecast of this run id already finished (a retried job): keep it. */
  readonly forecastDone: boolean;
  readonly steps: Steps;
}

/** The nightly run up to the forecast: dead runs cleaned up, pending files finished, demand refreshed. */
export async function prepareNightly(warehouse: Warehouse, options: NightlyOptions = {}): Promise<PreparedNightly> {
  const conn = warehouse.connection;
  const log = options.onProgress ?? (() => {});
  const steps: Steps = [];
  const timed = timer(log, steps);
  // Arguments and the as-of day against the data first: a bad one costs no work.
  const guard = await guardRun(conn, options);
  // A run a killed process left `running` has orphan rows: remove them before anything else.
  const abandoned = await abandonDeadRuns(conn, options.runId, options.abandonAfterHours);
  if (abandoned.length > 0) log(`cleaned up ${abandoned.length} run(s) a stopped process left unfinished: ${abandoned.join(', ')}`);
  const demand = await timed('refresh-demand', async () => {
    // Finish any file a crash left between its commit and its dedupe, so its rows count once.
    await finishPendingFiles(conn);
    return refreshDemand(conn, { full: options.fullRefresh ?? false });
  });
  const asOf = options.asOf ?? (await latestDemandDay(conn));
  if (asOf === null) throw new CodedError('NO_DATA', 'no demand after refresh: ingest files first');
  const runId = options.runId ?? newRunId(asOf);
  const status = (await conn.runAndReadAll(`SELECT status FROM forecast_runs WHERE run_id = ${literal(runId)}`)).getRows()[0]?.[0];
  return { runId, asOf, backfill: options.asOf !== undefined && guard.backfill, demand, forecastDone: (options.resume ?? true) && status === 'done', steps };
}

/** The nightly run after the forecast: restock, produce, brand insights, the run made complete, publish, prune. */
export async function finishNightly(
  warehouse: Warehouse, prepared: PreparedNightly, forecast: ForecastStageResult | null, options: NightlyOptions = {},
): Promise<NightlyResult> {
  const conn = warehouse.connection;
  const { runId, asOf } = prepared;
  const log = options.onProgress ?? (() => {});
  const steps: Steps = [...prepared.steps];
  const timed = timer(log, steps);
  await markStage(conn, runId, 'forecast');
  const restock = await timed('restock', () => runRestockStage(conn, { runId, ...(options.calendar ? { calendar: options.calendar } : {}) }));
  await markStage(conn, runId, 'restock');
  const orders = await timed('order-forecast', () => runOrderForecast(conn, { runId, ...(options.workers !== undefined ? { workers: options.workers } : {}), ...(options.calendar ? { calendar: options.calendar } : {}) }));
  for (const k of orders.skipped) log(`order-forecast: ${k.category === '*' ? 'every category' : k.category}: ${k.reason}`);
  await markStage(conn, runId, 'order-forecast');
  const insights = options.insights ?? true;
  const produce = insights ? await timed('produce', () => runProduceStage(conn, { runId, asOf })) : null;
  if (insights) await markStage(conn, runId, 'produce');
  // The stage's wide tables go to a compressed file beside the warehouse rather than TEMP tables,
  // which spill uncompressed past the memory limit (pipelines/insights/scratch.ts).
  const scratchFile = warehouse.path.startsWith(':memory:') ? {} : { scratchFile: `${warehouse.path}.insights-scratch` };
  const brands = insights ? await timed('brand-insights', () => runBrandInsights(conn, {
    runId, asOf, onProgress: log, ...scratchFile, ...(options.disclosure ? { rules: options.disclosure } : {}) })) : null;
  if (insights) await markStage(conn, runId, 'brand-insights');
  // Only now does the run become the one `restock`, `forecast` and the other readers show.
  await markStage(conn, runId, 'complete');
  const root = options.publishRoot === undefined ? 'data/snapshots' : options.publishRoot;
  if (root !== null) {
    await timed('publish', () => publishSnapshot(conn, { root, runId, backfill: prepared.backfill }));
    if (prepared.backfill) log(`publish: ${runId} is a backfill (as of ${asOf}): published beside LATEST, which still names the newest run`);
    await timed('prune', () => pruneSnapshots(root, { keep: options.keep ?? 7 }));
  }
  return { runId, asOf, steps, demand: prepared.demand, forecast, restock, orders, produce, brands };
}

/** The whole nightly run in this process (the embedded default). */
export async function runNightly(warehouse: Warehouse, options: NightlyOptions = {}): Promise<NightlyResult> {
  const log = options.onProgress ?? (() => {});
  const prepared = await prepareNightly(warehouse, options);
  const steps: Steps = [...prepared.steps];
  let forecast: ForecastStageResult | null = null;
  if (prepared.forecastDone) {
    steps.push({ step: 'forecast', seconds: 0, skipped: true });
    log(`forecast: run ${prepared.runId} already done, kept`);
  } else {
    forecast = await timer(log, steps)('forecast', () =>
      runForecastStage(warehouse.connection, { ...options, runId: prepared.runId, asOf: prepared.asOf, onProgress: log }));
  }
  return finishNightly(warehouse, { ...prepared, steps }, forecast, options);
}
