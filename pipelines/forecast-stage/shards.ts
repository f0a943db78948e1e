/**
 * The forecast stage split into shards for workers on other processes or machines. The writer
 * (the one process that owns the warehouse) writes each shard's input as a Parquet partition of
 * demand_daily plus one `context.json` for the run; a worker reads a partition, runs the same
 * shard function the in-process stage runs (`forecastShard`), and writes its output partition;
 * the writer merges the outputs into the warehouse. Shards are SKU ranges: a SKU's forecasts are
 * reconciled across the whole geography, so a SKU never spans two shards.
 *
 * Every file is written under a temporary name and renamed, so a killed worker leaves either no
 * output or a whole one, and a shard run twice (a retried job) writes the same bytes again.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays } from '../calendar/index.ts';
import type { EventColumn, EventEffect, EventEffects } from '../calendar/index.ts';
import { CodedError } from '../errors.ts';
import { faultPoint } from '../faults.ts';
import { renameDurable, writeFileDurable } from '../publish/durable-fs.ts';
import { literal } from '../warehouse/sql.ts';
import { createEngine } from './engine.ts';
import type { StorePlace } from './geography.ts';
import type { SkuReconcileStats } from './reconcile-sku.ts';
import { effectSpread, type CategoryEffects } from './events.ts';
import { beginForecastRun, finishForecastRun, forecastShard, type ForecastStageOptions, type RunContext, type StageTimings } from './run.ts';
import { loadShelfSeries, SHELF_ROW } from './series.ts';
import { appendDispersions, appendEffectSd, appendForecasts } from './writer.ts';

export interface ShardPlan {
  readonly runId: string;
  readonly dir: string;
  readonly shards: number;
  readonly skus: number;
}

export interface ShardResult {
  readonly shard: number;
  readonly series: number;
  readonly rows: number;
  readonly seconds: number;
}

const contextFile = (dir: string): string => join(dir, 'context.json');
const inputDir = (dir: string): string => join(dir, 'input');
const inputGlob = (dir: string, k: number): string => join(inputDir(dir), `shard=${k}`, '*.parquet');
const outputFile = (dir: string, k: number, what: 'forecasts' | 'dispersion'): string => join(dir, `output-${String(k).padStart(4, '0')}-${what}.parquet`);

interface ContextJson {
  readonly runId: string; readonly asOf: string; readonly horizon: number; readonly historyDays: number;
  readonly method: RunContext['method']; readonly censoring: RunContext['censoring']; readonly routing: RunContext['routing'];
  readonly window: RunContext['window']; readonly geography: StorePlace[]; readonly categoryOf: [string, string][];
  readonly effects: [string, EventEffects][];
  /** The season's fortnight columns once, and each SKU's log effects on them: the full effects cost 2.2 MB and 48 ms a shard to parse. */
  readonly seasonColumns?: EventColumn[]; readonly seasons?: [string, number[]][];
  /** Products' own event effects, packed the same way. */
  readonly eventColumns?: EventColumn[]; readonly skuEvents?: [string, number[]][];
  readonly shards: string[][];
  /** Each SKU's per-day effect log-sd, computed here where the effects' spread is known (the shards carry only multipliers). */
  readonly effectSd?: [string, number[]][];
}

// JSON has no NaN; effects carry NaN for "never observed". Encoded as a string and restored.
const replacer = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? `__num:${v}` : v);
const reviver = (_k: string, v: unknown): unknown => (typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v);

/** Per-SKU effects on one shared list of columns: the columns once, then each SKU's log effects. */
function packColumns(bySku: ReadonlyMap<string, readonly EventEffect[]> | undefined, what: string): { columns?: EventColumn[]; logs?: [string, number[]][] } {
  const first: readonly EventEffect[] | undefined = bySku?.values().next().value;
  if (!bySku || !first) return {};
  const columns = first.map((e) => e.column);
  for (const list of bySku.values()) {
    if (list.length !== columns.length || list.some((e, i) => e.column.name !== columns[i]?.name)) throw new CodedError('INTERNAL', `product ${what} differ in their columns`);
  }
  return { columns, logs: [...bySku].map(([sku, list]) => [sku, list.map((e) => e.logEffect)]) };
}

/** A shard forecasts with the multipliers only: the estimates' raw values and spread stay in the writer. */
function unpackColumns(columns: EventColumn[] | undefined, logs: [string, number[]][] | undefined): Map<string, EventEffect[]> {
  const out = new Map<string, EventEffect[]>();
  if (!columns || !logs) return out;
  for (const [sku, values] of logs) {
    out.set(sku, columns.map((column, i) => {
      const logEffect = values[i] ?? 0;
      return { column, logEffect, multiplier: Math.exp(logEffect), rawLogEffect: Number.NaN, logSd: Number.NaN, occurrences: 0 };
    }));
  }
  return out;
}

function packEvents(events: CategoryEffects): Pick<ContextJson, 'seasonColumns' | 'seasons' | 'eventColumns' | 'skuEvents'> {
  const seasons = packColumns(events.seasons, 'seasons');
  const own = packColumns(events.skuEvents && new Map([...events.skuEvents].map(([sku, e]) => [sku, e.effects])), 'event effects');
  return {
    ...(seasons.columns ? { seasonColumns: seasons.columns, seasons: seasons.logs! } : {}),
    ...(own.columns ? { eventColumns: own.columns, skuEvents: own.logs! } : {}),
  };
}

async function copyTo(conn: DuckDBConnection, select: string, path: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  // Transient files between processes: snappy costs a fraction of zstd's CPU on one thread.
  await conn.run(`COPY (${select}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION snappy)`);
  await renameDurable(tmp, path);
}

/**
 * SKUs dealt into `n` shards of about equal work (longest first, each to the lightest shard; work
 * measured as the SKU's demand rows in the window), so workers finish together instead of one
 * waiting on a shard of the busiest SKUs. Within a shard SKUs stay sorted, so a shard is the same
 * whatever order the rows came in.
 */
export async function balancedShards(conn: DuckDBConnection, skus: readonly string[], n: number, start: string, end: string): Promise<string[][]> {
  if (n <= 0) return [];
  const reader = await conn.runAndReadAll(`SELECT sku, count(*)::DOUBLE FROM demand_daily
    WHERE day BETWEEN DATE ${literal(start)} AND DATE ${literal(end)} GROUP BY sku`);
  const rows = new Map(reader.getRows().map((r) => [String(r[0]), Number(r[1])]));
  const order = [...skus].sort((a, b) => (rows.get(b) ?? 0) - (rows.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const load = new Float64Array(n);
  const out: string[][] = Array.from({ length: n }, () => []);
  const cap = Math.ceil(skus.length / n);
  for (const sku of order) {
    let best = -1;
    for (let k = 0; k < n; k++) if (out[k]!.length < cap && (best < 0 || load[k]! < load[best]!)) best = k;
    out[best]!.push(sku);
    load[best] = load[best]! + (rows.get(sku) ?? 0);
  }
  for (const list of out) list.sort();
  return out.filter((list) => list.length > 0);
}

/**
 * On the writer: begins the run, splits its SKUs into shards of `perShard` and writes every
 * shard's input partition and the run's context under `root/<runId>/`.
 */
export async function writeShardInputs(conn: DuckDBConnection, root: string, o: ForecastStageOptions & { perShard?: number }): Promise<ShardPlan> {
  const { ctx, skus } = await beginForecastRun(conn, o);
  const per = Math.max(1, o.perShard ?? 40);
  const shards = await balancedShards(conn, skus, Math.ceil(skus.length / per), ctx.window.start, ctx.asOf);
  const dir = join(root, ctx.runId);
  await mkdir(dir, { recursive: true });
  // One pass over demand_daily, partitioned by shard (a scan per shard cost the writer a second
  // at 30 shards), into a temporary folder renamed whole.
  const tmpDir = `${inputDir(dir)}.${process.pid}.tmp`;
  await rm(tmpDir, { recursive: true, force: true });
  await rm(inputDir(dir), { recursive: true, force: true });
  const assign = shards.flatMap((list, k) => list.map((sku) => `(${literal(sku)}, ${k})`)).join(', ');
  if (assign.length > 0) {
    await conn.run(`COPY (SELECT d.store_id, d.sku, d.day, d.shelf_units, d.censored, a.shard FROM demand_daily d
      JOIN (VALUES ${assign}) a(sku, shard) ON a.sku = d.sku
      WHERE d.day BETWEEN DATE ${literal(ctx.window.start)} AND DATE ${literal(ctx.asOf)} AND ${SHELF_ROW} ORDER BY a.shard, d.store_id, d.sku, d.day)
      TO ${literal(tmpDir)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (shard))`);
  } else {
    await mkdir(tmpDir, { recursive: true });
  }
  await renameDurable(tmpDir, inputDir(dir));
  const json: ContextJson = {
    runId: ctx.runId, asOf: ctx.asOf, horizon: ctx.horizon, historyDays: ctx.historyDays, method: ctx.method, censoring: ctx.censoring,
    routing: ctx.routing, window: ctx.window, geography: [...ctx.geography.values()], categoryOf: [...ctx.events.categoryOf],
    effects: [...ctx.events.effects], ...packEvents(ctx.events), shards,
    effectSd: effectSpread(ctx.events, shards.flat(), addDays(ctx.asOf, 1), ctx.horizon).map(([sku, sd]) => [sku, [...sd]]),
  };
  const tmp = `${contextFile(dir)}.${process.pid}.tmp`;
  await writeFileDurable(tmp, JSON.stringify(json, replacer));
  await renameDurable(tmp, contextFile(dir));
  return { runId: ctx.runId, dir, shards: shards.length, skus: skus.length };
}

async function readContext(dir: string): Promise<{ ctx: RunContext; shards: string[][]; effectSd: [string, number[]][] }> {
  let j: ContextJson;
  try {
    j = JSON.parse(await readFile(contextFile(dir), 'utf8'), reviver) as ContextJson;
  } catch (err) {
    throw new CodedError('BAD_INPUT_FILE', `${contextFile(dir)} cannot be read`, { cause: err });
  }
  const ctx: RunContext = {
    runId: j.runId, asOf: j.asOf, horizon: j.horizon, historyDays: j.historyDays, method: j.method, censoring: j.censoring, routing: j.routing,
    window: j.window, geography: new Map(j.geography.map((g) => [g.storeId, g])),
    events: {
      categoryOf: new Map(j.categoryOf), effects: new Map(j.effects), seasons: unpackColumns(j.seasonColumns, j.seasons),
      skuEvents: new Map([...unpackColumns(j.eventColumns, j.skuEvents)].map(([sku, effects]) => [sku, { effects }])),
    },
  };
  return { ctx, shards: j.shards, effectSd: j.effectSd ?? [] };
}

/**
 * On any worker: forecasts shard `k` of the run in `dir` with its own in-memory DuckDB connection
 * and `threads` forecasting threads, and writes its output partitions. Safe to run twice.
 */
export async function runShard(conn: DuckDBConnection, dir: string, k: number, threads = 0): Promise<ShardResult> {
  const t0 = performance.now();
  const { ctx, shards } = await readContext(dir);
  if (!Number.isInteger(k) || k < 0 || k >= shards.length) throw new CodedError('BAD_ARGUMENT', `shard ${k} is not in run ${ctx.runId} (0..${shards.length - 1})`);
  const files = await readdir(join(inputDir(dir), `shard=${k}`)).catch(() => [] as string[]);
  const series = files.length === 0 ? [] : await loadShelfSeries(conn, { asOf: ctx.asOf, days: ctx.historyDays, skus: shards[k]!,
    source: `read_parquet(${literal(inputGlob(dir, k))}, hive_partitioning = false)` });
  faultPoint('shard-after-read');
  const engine = createEngine({ workers: threads, routing: ctx.routing });
  const recStats: SkuReconcileStats = { blocks: 0, fallbacks: 0 };
  const timings: StageTimings = { load: 0, prepare: 0, models: 0, reconcile: 0, write: 0 };
  try {
    const res = await forecastShard(series, ctx, engine, recStats, timings);
    await conn.run(`CREATE OR REPLACE TEMP TABLE forecasts (run_id VARCHAR, level VARCHAR, node_id VARCHAR, sku VARCHAR, day DATE, h INTEGER,
      mean DOUBLE, q50 DOUBLE, q80 DOUBLE, q90 DOUBLE, q95 DOUBLE, q99 DOUBLE, model VARCHAR)`);
    await conn.run(`CREATE OR REPLACE TEMP TABLE forecast_dispersion (run_id VARCHAR, node_id VARCHAR, sku VARCHAR, dispersion DOUBLE, level_cv DOUBLE)`);
    const rows = await appendForecasts(conn, ctx.runId, ctx.asOf, res.bySku);
    await appendDispersions(conn, ctx.runId, res.dispersions);
    await copyTo(conn, 'SELECT * FROM forecasts ORDER BY level, node_id, sku, day', outputFile(dir, k, 'forecasts'));
    await copyTo(conn, 'SELECT * FROM forecast_dispersion ORDER BY node_id, sku', outputFile(dir, k, 'dispersion'));
    await conn.run('DROP TABLE forecasts');
    await conn.run('DROP TABLE forecast_dispersion');
    return { shard: k, series: series.length, rows, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await engine.close();
  }
}

/** On the writer: every shard's output into the warehouse, in one transaction; the run is then done. */
export async function mergeShards(conn: DuckDBConnection, dir: string): Promise<{ runId: string; rows: number }> {
  const { ctx, shards, effectSd } = await readContext(dir);
  const outs = shards.map((_, k) => outputFile(dir, k, 'forecasts'));
  for (const f of outs) {
    await stat(f).catch((err: unknown) => { throw new CodedError('INTERNAL', `shard output ${f} is missing`, { cause: err }); });
  }
  const disp = shards.map((_, k) => outputFile(dir, k, 'dispersion'));
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`DELETE FROM forecasts WHERE run_id = ${literal(ctx.runId)}`);
    await conn.run(`DELETE FROM forecast_dispersion WHERE run_id = ${literal(ctx.runId)}`);
    await conn.run(`DELETE FROM forecast_effect_sd WHERE run_id = ${literal(ctx.runId)}`);
    await appendEffectSd(conn, ctx.runId, effectSd);
    if (outs.length > 0) {
      await conn.run(`INSERT INTO forecasts SELECT * FROM read_parquet([${outs.map(literal).join(', ')}])`);
      await conn.run(`INSERT INTO forecast_dispersion SELECT * FROM read_parquet([${disp.map(literal).join(', ')}])`);
    }
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw new CodedError('INTERNAL', `merging the shards of run ${ctx.runId} failed`, { cause: err });
  }
  await finishForecastRun(conn, ctx.runId, true);
  const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM forecasts WHERE run_id = ${literal(ctx.runId)}`)).getRows()[0]?.[0] ?? 0);
  return { runId: ctx.runId, rows };
}
