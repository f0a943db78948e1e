/**
 * Restock backtest on warehouse data: for a sample of store x SKU pairs, replay the last weeks
 * with each store's own lead time, review period and service level, under our fill-rate policy
 * and the two naive ones (last period's sales; min/max), on the same true demand.
 *
 * True demand is the generator's latent demand (`generate --truth`, truth/*.csv) when given;
 * otherwise observed shelf sales with stock-out days replaced by their censoring-aware estimate,
 * which is itself a model: the output says which was used.
 */
import { supplyTerms } from './supply.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, dayNumber } from '../calendar/index.ts';
import { fitCensored } from '../demand/censoring.ts';
import { CodedError } from '../errors.ts';
import { autoForecast } from '../forecast/auto.ts';
import { latestDemandDay, loadShelfSeries } from '../forecast-stage/series.ts';
import { literal } from '../warehouse/sql.ts';
import { movingAverageForecaster } from './ma-forecaster.ts';
import type { Forecaster } from './ma-forecaster.ts';
import { forecasterFromModel } from './model-forecaster.ts';
import { stageForecaster } from './stage-forecaster.ts';
import { fillRatePolicy, lastPeriodSalesPolicy, minMaxPolicy, minMaxZForFill } from './policies.ts';
import type { Policy, SimMetrics } from './simulate.ts';
import { simulate } from './simulate.ts';
import { loadPolicies, loadProducts } from './stage-inputs.ts';

/** Products that expire within this many days are reported apart ("fresh"): see the fill columns. */
export const SHORT_LIFE_DAYS = 30;

export interface WarehouseBacktestOptions {
  /** Weeks replayed at the end of the data. @defaultValue 16 */
  readonly weeks?: number;
  /** Days of history before the replay the policies see. @defaultValue 112 */
  readonly historyDays?: number;
  /** Store x SKU pairs sampled. @defaultValue 300 */
  readonly sample?: number;
  readonly targets?: readonly number[];
  /** Directory of generator truth files (truth-YYYY-MM.csv). */
  readonly truthDir?: string;
  /** Pairs must have sold at least this many units in the history window. @defaultValue 8 */
  readonly minHistoryUnits?: number;
  readonly seed?: number;
  /** 'ma' = moving average with weekday factors (fast); 'core' = the automatic forecasting core. @defaultValue 'ma' */
  readonly forecaster?: 'ma' | 'core' | 'stage';
  readonly asOf?: string;
  readonly onProgress?: (message: string) => void;
}

export interface PolicySummary {
  readonly policy: string;
  readonly pairs: number;
  readonly fillRate: number;
  /** Share of pair-days that ended with unmet demand. */
  readonly stockoutDayShare: number;
  /** Mean closing stock per pair and day, units. */
  readonly averageInventory: number;
  /** Mean closing stock value per pair and day, yuan at cost. */
  readonly averageInventoryValue: number;
  readonly wasteUnits: number;
  /** Waste as a share of units ordered. */
  readonly wasteShare: number;
  /** Fill rate over pairs whose product expires within SHORT_LIFE_DAYS / the rest (NaN when none). */
  readonly fillRatePerishable: number;
  readonly fillRateDurable: number;
  readonly perishablePairs: number;
}

export interface WarehouseBacktestResult {
  readonly truth: 'generator truth files' | 'observed sales, stock-out days uncensored';
  readonly from: string;
  readonly to: string;
  readonly pairs: number;
  readonly forecaster: string;
  readonly policies: readonly PolicySummary[];
  /**
   * Min/max with its safety factor z moved until it fills as well as each fill-rate policy did
   * (minMaxZForFill): the stock it then needs is the like-for-like comparison. Null where even
   * z = MIN_MAX_Z_MAX does not reach that fill.
   */
  readonly minMaxAtEqualFill: readonly { readonly policy: string; readonly z: number; readonly summary: PolicySummary | null }[];
}

export async function backtestWarehouse(conn: DuckDBConnection, o: WarehouseBacktestOptions = {}): Promise<WarehouseBacktestResult> {
  const weeks = o.weeks ?? 16;
  const H = o.historyDays ?? 112;
  if (!Number.isInteger(weeks) || weeks < 2) throw new CodedError('BAD_ARGUMENT', `weeks must be an integer >= 2, got ${weeks}`);
  const targets = o.targets ?? [0.9, 0.95];
  for (const t of targets) if (!(t > 0.5 && t < 1)) throw new CodedError('BAD_ARGUMENT', `targets must be in (0.5, 1), got ${t}`);
  const asOf = o.asOf ?? (await latestDemandDay(conn));
  if (asOf === null) throw new CodedError('NO_DATA', 'demand_daily is empty: ingest data and refresh demand first');
  const total = H + weeks * 7;
  const from = addDays(asOf, -(total - 1));
  const replayFrom = addDays(from, H);
  const pairs = await samplePairs(conn, from, replayFrom, o.sample ?? 300, o.minHistoryUnits ?? 8, o.seed ?? 1);
  if (pairs.length === 0) throw new CodedError('NO_DATA', 'no store x SKU pair has enough sales history to replay');
  const truth = o.truthDir ? await loadTruth(conn, o.truthDir, from, asOf, pairs) : null;
  const observed = truth ? null : await observedDemand(conn, asOf, total, pairs);
  const policies = await loadPolicies(conn);
  const products = await loadProducts(conn);
  const forecaster: Forecaster =
    o.forecaster === 'core' ? forecasterFromModel(autoForecast) : o.forecaster === 'stage' ? stageForecaster() : movingAverageForecaster();

  const names: string[] = [];
  const acc = new Map<string, Acc>();
  let done = 0;
  const replays: Replay[] = [];
  for (const [store, sku] of pairs) {
    const key = `${store}\u0000${sku}`;
    const demand = (truth ?? observed)?.get(key);
    const pol = policies.get(store);
    const terms = products.get(sku);
    if (!demand || !pol || !terms) continue;
    const list: Policy[] = [
      ...targets.map((t) => fillRatePolicy({
        fillRateTarget: t,
        forecaster,
        packSize: terms.packSize,
        minOrderUnits: pol.minOrderUnits,
        unitCost: terms.unitCost,
        unitPrice: terms.unitPrice,
      })),
      lastPeriodSalesPolicy(terms.packSize),
      minMaxPolicy({ packSize: terms.packSize }),
    ];
    const supply = supplyTerms(pol, terms.shelfLifeDays);
    for (const p of list) {
      const m: SimMetrics = simulate(demand, p, {
        leadTimeDays: supply.leadTimeDays,
        reviewPeriodDays: supply.reviewPeriodDays,
        historyDays: H,
        shelfLifeDays: terms.shelfLifeDays,
      });
      if (!acc.has(m.policy)) {
        names.push(m.policy);
        acc.set(m.policy, emptyAcc());
      }
      addMetrics(acc.get(m.policy)!, m, terms);
    }
    replays.push({ demand, leadTimeDays: supply.leadTimeDays, reviewPeriodDays: supply.reviewPeriodDays, shelfLifeDays: terms.shelfLifeDays, packSize: terms.packSize, unitCost: terms.unitCost });
    done += 1;
    if (done % 50 === 0) o.onProgress?.(`backtest-restock: ${done}/${pairs.length} pairs`);
  }
  const summaries = names.map((name) => summarise(name, acc.get(name)!));
  const minMaxAtEqualFill = summaries
    .filter((p) => p.policy.startsWith('fill-rate'))
    .map((p) => ({ policy: p.policy, ...minMaxForFill(replays, H, p.fillRate) }));
  return {
    truth: truth ? 'generator truth files' : 'observed sales, stock-out days uncensored',
    from: replayFrom,
    to: asOf,
    pairs: done,
    forecaster: o.forecaster === 'core' ? 'forecasting core (autoForecast)' : o.forecaster === 'stage' ? 'as the forecast stage routes (TSB, core for smooth demand)' : 'moving average with weekday factors',
    policies: summaries,
    minMaxAtEqualFill,
  };
}

interface Acc { demand: number; sold: number; stockout: number; days: number; onHand: number; value: number; waste: number; ordered: number; pairs: number; pDemand: number; pSold: number; pPairs: number }

interface Replay {
  readonly demand: Float64Array;
  readonly leadTimeDays: number;
  readonly reviewPeriodDays: number;
  readonly shelfLifeDays: number | null;
  readonly packSize: number;
  readonly unitCost: number;
}

function emptyAcc(): Acc {
  return { demand: 0, sold: 0, stockout: 0, days: 0, onHand: 0, value: 0, waste: 0, ordered: 0, pairs: 0, pDemand: 0, pSold: 0, pPairs: 0 };
}

function addMetrics(a: Acc, m: SimMetrics, r: Pick<Replay, 'shelfLifeDays' | 'unitCost'>): void {
  a.demand += m.demand;
  a.sold += m.sold;
  a.stockout += m.stockoutDays;
  a.days += m.days;
  a.onHand += m.averageOnHand * m.days;
  a.value += m.averageOnHand * m.days * r.unitCost;
  a.waste += m.wasteUnits;
  a.ordered += m.unitsOrdered;
  a.pairs += 1;
  if (r.shelfLifeDays !== null && r.shelfLifeDays <= SHORT_LIFE_DAYS) {
    a.pDemand += m.demand;
    a.pSold += m.sold;
    a.pPairs += 1;
  }
}

function summarise(policy: string, a: Acc): PolicySummary {
  return {
    policy,
    pairs: a.pairs,
    fillRate: a.demand > 0 ? a.sold / a.demand : 1,
    stockoutDayShare: a.days > 0 ? a.stockout / a.days : 0,
    averageInventory: a.days > 0 ? a.onHand / a.days : 0,
    averageInventoryValue: a.days > 0 ? a.value / a.days : 0,
    wasteUnits: a.waste,
    wasteShare: a.ordered > 0 ? a.waste / a.ordered : 0,
    fillRatePerishable: a.pDemand > 0 ? a.pSold / a.pDemand : Number.NaN,
    fillRateDurable: a.demand - a.pDemand > 0 ? (a.sold - a.pSold) / (a.demand - a.pDemand) : Number.NaN,
    perishablePairs: a.pPairs,
  };
}

function minMaxRun(replays: readonly Replay[], H: number, z: number): PolicySummary {
  const a = emptyAcc();
  for (const r of replays) {
    const m = simulate(r.demand, minMaxPolicy({ z, packSize: r.packSize }), {
      leadTimeDays: r.leadTimeDays, reviewPeriodDays: r.reviewPeriodDays, historyDays: H, shelfLifeDays: r.shelfLifeDays,
    });
    addMetrics(a, m, r);
  }
  return summarise(`min/max z=${z.toFixed(2)}`, a);
}

function minMaxForFill(replays: readonly Replay[], H: number, fill: number): { z: number; summary: PolicySummary | null } {
  const { z, result } = minMaxZForFill((zz) => minMaxRun(replays, H, zz), (r) => r.fillRate, fill);
  return { z, summary: result };
}

async function samplePairs(conn: DuckDBConnection, from: string, replayFrom: string, n: number, minUnits: number, seed: number): Promise<[string, string][]> {
  const r = await conn.runAndReadAll(`SELECT store_id, sku FROM demand_daily
    WHERE day >= DATE ${literal(from)} AND day < DATE ${literal(replayFrom)}
    GROUP BY store_id, sku HAVING sum(shelf_units) >= ${Number(minUnits)}
    ORDER BY hash(store_id || '|' || sku || '|' || ${Math.trunc(seed)}) LIMIT ${Math.trunc(n)}`);
  return r.getRows().map((row) => [String(row[0]), String(row[1])]);
}

async function loadTruth(conn: DuckDBConnection, dir: string, from: string, to: string, pairs: readonly [string, string][]): Promise<Map<string, Float64Array>> {
  const n = dayNumber(to) - dayNumber(from) + 1;
  const out = new Map<string, Float64Array>();
  for (const [s, k] of pairs) out.set(`${s}\u0000${k}`, new Float64Array(n));
  await conn.run(`CREATE OR REPLACE TEMP TABLE bt_pairs (store_id VARCHAR, sku VARCHAR)`);
  await conn.run(`INSERT INTO bt_pairs VALUES ${pairs.map(([s, k]) => `(${literal(s)}, ${literal(k)})`).join(',')}`);
  const glob = join(dir, 'truth-*.csv');
  // Checked here, not left to DuckDB, whose message carries the SQL.
  const files = await readdir(dir).catch((err: unknown) => {
    throw new CodedError('BAD_ARGUMENT', `--truth: cannot read the folder ${dir} (generate --truth writes <out>/truth/)`, { cause: err });
  });
  if (!files.some((f) => /^truth-.*\.csv$/.test(f))) throw new CodedError('BAD_ARGUMENT', `--truth: ${dir} holds no truth-*.csv files (generate --truth writes <out>/truth/)`);
  const r = await conn.runAndReadAll(`SELECT t.store_id, t.sku, (t.date - DATE ${literal(from)})::INTEGER, t.demand
    FROM read_csv(${literal(glob)}, header = true, auto_detect = false,
      columns = {'store_id': 'VARCHAR', 'sku': 'VARCHAR', 'date': 'DATE', 'demand': 'DOUBLE'}) t
    JOIN bt_pairs USING (store_id, sku) WHERE t.date BETWEEN DATE ${literal(from)} AND DATE ${literal(to)}`);
  for (const [s, k, t, d] of r.getRows()) {
    const y = out.get(`${String(s)}\u0000${String(k)}`);
    if (y) y[Number(t)] = Number(d);
  }
  await conn.run('DROP TABLE bt_pairs');
  return out;
}

async function observedDemand(conn: DuckDBConnection, asOf: string, days: number, pairs: readonly [string, string][]): Promise<Map<string, Float64Array>> {
  const stores = [...new Set(pairs.map((p) => p[0]))];
  const skus = [...new Set(pairs.map((p) => p[1]))];
  const wanted = new Set(pairs.map(([s, k]) => `${s}\u0000${k}`));
  const out = new Map<string, Float64Array>();
  for (const s of await loadShelfSeries(conn, { asOf, days, storeIds: stores, skus })) {
    const key = `${s.storeId}\u0000${s.sku}`;
    if (!wanted.has(key)) continue;
    const y = new Float64Array(days);
    // Uncensored demand rounded to whole units: the replay sells whole items.
    const completed = fitCensored(s.values, s.censored, { period: 7 }).completed;
    y.set(completed.map(Math.round), days - completed.length);
    out.set(key, y);
  }
  return out;
}
