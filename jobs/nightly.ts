/**
 * The nightly run, in-process: refresh demand -> forecast (+ reconcile) -> restock -> publish ->
 * prune. Every step is safe to run twice (a commit can be durable while the caller never heard
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
import { latestDemandDay } from '../pipelines/forecast-stage/series.ts';
import { CodedError } from '../pipelines/errors.ts';
import { publishSnapshot, pruneSnapshots } from '../pipelines/publish/index.ts';
import type { DisclosureRules } from '../pipelines/disclosure/index.ts';
import { runBrandInsights, type BrandInsightsResult } from '../pipelines/insights/brand-stage.ts';
import { runProduceStage, type ProduceStageResult } from '../pipelines/produce/stage.ts';
import { runRestockStage } from '../pipelines/restock/stage.ts';
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
}

export type NightlyStep = 'refresh-demand' | 'forecast' | 'restock' | 'produce' | 'brand-insights' | 'publish' | 'prune';

export interface NightlyResult {
  readonly runId: string;
  readonly asOf: string;
  readonly steps: readonly { readonly step: NightlyStep; readonly seconds: number; readonly skipped?: boolean }[];
  readonly demand: RefreshSummary;
  readonly forecast: ForecastStageResult | null;
  readonly restock: RestockStageResult;
  readonly produce: ProduceStageResult | null;
  readonly brands: BrandInsightsResult | null;
}

export async function runNightly(warehouse: Warehouse, options: NightlyOptions = {}): Promise<NightlyResult> {
  const conn = warehouse.connection;
  const log = options.onProgress ?? (() => {});
  const steps: { step: NightlyStep; seconds: number; skipped?: boolean }[] = [];
  const timed = async <T>(step: NightlyStep, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    faultPoint(`nightly-${step}`);
    log(`${step}: start`);
    const out = await fn();
    const seconds = (performance.now() - t0) / 1000;
    steps.push({ step, seconds });
    log(`${step}: done in ${seconds.toFixed(1)} s`);
    return out;
  };

  // A run a killed process left `running` has orphan rows: remove them before anything else.
  const abandoned = await abandonDeadRuns(conn);
  if (abandoned.length > 0) log(`cleaned up ${abandoned.length} run(s) a stopped process left unfinished: ${abandoned.join(', ')}`);
  const demand = await timed('refresh-demand', async () => {
    // Finish any file a crash left between its commit and its dedupe, so its rows count once.
    await finishPendingFiles(conn);
    return refreshDemand(conn, { full: options.fullRefresh ?? false });
  });
  const asOf = options.asOf ?? (await latestDemandDay(conn));
  if (asOf === null) throw new CodedError('NO_DATA', 'no demand after refresh: ingest files first');
  const runId = options.runId ?? newRunId(asOf);

  let forecast: ForecastStageResult | null = null;
  const status = (await conn.runAndReadAll(`SELECT status FROM forecast_runs WHERE run_id = ${literal(runId)}`)).getRows()[0]?.[0];
  if ((options.resume ?? true) && status === 'done') {
    steps.push({ step: 'forecast', seconds: 0, skipped: true });
    log(`forecast: run ${runId} already done, kept`);
  } else {
    forecast = await timed('forecast', () => runForecastStage(conn, { ...options, runId, asOf, onProgress: log }));
  }
  await markStage(conn, runId, 'forecast');
  const restock = await timed('restock', () => runRestockStage(conn, { runId, ...(options.calendar ? { calendar: options.calendar } : {}) }));
  await markStage(conn, runId, 'restock');
  const insights = options.insights ?? true;
  const produce = insights ? await timed('produce', () => runProduceStage(conn, { runId, asOf })) : null;
  if (insights) await markStage(conn, runId, 'produce');
  const brands = insights ? await timed('brand-insights', () => runBrandInsights(conn, { runId, asOf, onProgress: log, ...(options.disclosure ? { rules: options.disclosure } : {}) })) : null;
  if (insights) await markStage(conn, runId, 'brand-insights');
  // Only now does the run become the one `restock`, `forecast` and the other readers show.
  await markStage(conn, runId, 'complete');
  const root = options.publishRoot === undefined ? 'data/snapshots' : options.publishRoot;
  if (root !== null) {
    await timed('publish', () => publishSnapshot(conn, { root, runId }));
    await timed('prune', () => pruneSnapshots(root, { keep: options.keep ?? 7 }));
  }
  return { runId, asOf, steps, demand, forecast, restock, produce, brands };
}
