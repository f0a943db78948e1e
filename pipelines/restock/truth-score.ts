/**
 * A finished run's forecasts and restock suggestions scored against demand we know: the
 * generator's latent demand (`generate --truth`, truth-YYYY-MM.csv, absent rows = 0) after the
 * run's as-of day. Three promises are checked, each pooled over every store x SKU pair:
 * - the forecast mean over each pair's protection interval (lead time + review) against the
 *   demand that came, overall and per category;
 * - the stated daily quantiles: the share of store-days whose demand fell at or below each;
 * - the fill rate at the suggested order-up-to levels, in the form the restock maths promises
 *   (units short in the cycle over units demanded in one review period, see fill-rate.ts), per
 *   target, for slow and fast movers (by their sales before the as-of day) and per category, beside
 *   the fill rate the stage stated.
 * One cycle per pair is one draw; over thousands of pairs the pooled shares are the expectation.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, dayNumber } from '../calendar/index.ts';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';
import { loadPolicies, loadProducts } from './stage-inputs.ts';
import { supplyTerms } from './supply.ts';

export const SCORED_LEVELS = [0.5, 0.8, 0.9, 0.95, 0.99] as const;
/**
 * A pair that sold at least this many units a day over the MOVER_DAYS before the run's as-of day is
 * a fast mover. By what it sold, not by its forecast: grouped by the forecast, the pairs forecast too
 * low gather among the slow movers, and each group's bias is partly the grouping's.
 */
export const FAST_MOVER_UNITS_PER_DAY = 1;
export const MOVER_DAYS = 28;

export interface FillCell {
  readonly target: number;
  readonly group: string;
  readonly pairs: number;
  /** 1 - units short / units demanded in a review period, from the truth. */
  readonly trueFill: number;
  /** The stage's expected fill rate, weighted like the true one (by expected review demand). */
  readonly statedFill: number;
  /**
   * The true fill at the position the suggestion leaves (stock + on order + the order, in whole
   * packs), which is where the stated fill is computed; trueFill is at the order-up-to level itself.
   */
  readonly positionFill: number;
}

export interface MeanCell {
  readonly group: string;
  readonly forecastUnits: number;
  readonly truthUnits: number;
  /** forecast / truth over the protection intervals. */
  readonly ratio: number;
}

export interface TruthScore {
  readonly runId: string;
  readonly asOf: string;
  readonly pairs: number;
  readonly mean: readonly MeanCell[];
  /**
   * Per stated quantile: the share of store-days with demand at or below it, and strictly below it.
   * Counts are discrete, so a true quantile has its level between the two.
   */
  readonly coverage: readonly { readonly level: number; readonly share: number; readonly below: number; readonly days: number }[];
  readonly fill: readonly FillCell[];
}

interface Pair {
  readonly category: string;
  readonly mover: 'slow movers' | 'fast movers';
  readonly target: number;
  readonly lead: number;
  readonly span: number;
  readonly orderUpTo: number;
  readonly position: number;
  readonly statedFill: number;
  readonly mean: Float64Array;
  readonly truth: Float64Array;
}

export async function scoreAgainstTruth(conn: DuckDBConnection, o: { runId: string; truthDir: string }): Promise<TruthScore> {
  const run = (await conn.runAndReadAll(`SELECT strftime(as_of, '%Y-%m-%d'), horizon FROM forecast_runs WHERE run_id = ${literal(o.runId)} AND status = 'done'`)).getRows()[0];
  if (!run) throw new CodedError('NOT_FOUND', `no finished forecast run ${o.runId}`);
  const asOf = String(run[0]);
  const horizon = Number(run[1]);
  const files = await readdir(o.truthDir).catch((err: unknown) => {
    throw new CodedError('BAD_ARGUMENT', `cannot read the truth folder ${o.truthDir}`, { cause: err });
  });
  if (!files.some((f) => /^truth-.*\.csv$/.test(f))) throw new CodedError('BAD_ARGUMENT', `${o.truthDir} holds no truth-*.csv files`);
  const last = addDays(asOf, horizon);
  await conn.run(`CREATE OR REPLACE TEMP TABLE score_truth AS SELECT store_id, sku, date AS day, demand
    FROM read_csv(${literal(join(o.truthDir, 'truth-*.csv'))}, header = true, auto_detect = false,
      columns = {'store_id': 'VARCHAR', 'sku': 'VARCHAR', 'date': 'DATE', 'demand': 'DOUBLE'})
    WHERE date > DATE ${literal(asOf)} AND date <= DATE ${literal(last)}`);
  const maxDay = Number((await conn.runAndReadAll(`SELECT coalesce(max(day) - DATE ${literal(asOf)}, 0) FROM score_truth`)).getRows()[0]?.[0] ?? 0);
  if (maxDay < horizon) throw new CodedError('BAD_ARGUMENT', `the truth files end ${maxDay} days after ${asOf}; the run's horizon is ${horizon} days`);

  const coverage = await quantileCoverage(conn, o.runId);
  const policies = await loadPolicies(conn);
  const products = await loadProducts(conn);
  const pairs = new Map<string, Pair>();
  const rows = await conn.runAndReadAll(`SELECT r.store_id, r.sku, r.order_up_to, coalesce(r.expected_fill_rate, 1), coalesce(d.units, 0) / ${MOVER_DAYS},
      r.on_hand + r.on_order + r.quantity
    FROM restock_suggestions r LEFT JOIN (
      SELECT store_id, sku, sum(shelf_units) AS units FROM demand_daily
      WHERE day BETWEEN DATE ${literal(asOf)} - ${MOVER_DAYS - 1} AND DATE ${literal(asOf)} GROUP BY ALL
    ) d USING (store_id, sku) WHERE r.run_id = ${literal(o.runId)}`);
  for (const [s, k, up, fill, rate, position] of rows.getRows()) {
    const policy = policies.get(String(s));
    const terms = products.get(String(k));
    if (!policy || !terms) continue;
    const supply = supplyTerms(policy, terms.shelfLifeDays);
    const span = Math.min(horizon, supply.leadTimeDays + supply.reviewPeriodDays);
    pairs.set(`${String(s)}\u0000${String(k)}`, {
      category: terms.category, mover: Number(rate) >= FAST_MOVER_UNITS_PER_DAY ? 'fast movers' : 'slow movers',
      target: policy.serviceLevel, lead: supply.leadTimeDays, span, orderUpTo: Number(up), position: Number(position), statedFill: Number(fill),
      mean: new Float64Array(horizon), truth: new Float64Array(horizon),
    });
  }
  const fc = await conn.runAndReadAll(`SELECT node_id, sku, h, mean FROM forecasts WHERE run_id = ${literal(o.runId)} AND level = 'store'`);
  for (const [s, k, h, m] of fc.getRows()) {
    const p = pairs.get(`${String(s)}\u0000${String(k)}`);
    if (p && Number(h) >= 1 && Number(h) <= horizon) p.mean[Number(h) - 1] = Math.max(0, Number(m));
  }
  const origin = dayNumber(asOf);
  const tr = await conn.runAndReadAll(`SELECT store_id, sku, strftime(day, '%Y-%m-%d'), demand FROM score_truth`);
  for (const [s, k, d, v] of tr.getRows()) {
    const p = pairs.get(`${String(s)}\u0000${String(k)}`);
    if (p) p.truth[dayNumber(String(d)) - origin - 1] = Number(v);
  }
  await conn.run('DROP TABLE score_truth');
  return { runId: o.runId, asOf, pairs: pairs.size, mean: meanCells([...pairs.values()]), coverage, fill: fillCells([...pairs.values()]) };
}

async function quantileCoverage(conn: DuckDBConnection, runId: string): Promise<TruthScore['coverage']> {
  const cols = ['q50', 'q80', 'q90', 'q95', 'q99'];
  const r = (await conn.runAndReadAll(`SELECT count(*), ${cols.map((c) => `avg((coalesce(t.demand, 0) <= f.${c})::INTEGER)`).join(', ')},
      ${cols.map((c) => `avg((coalesce(t.demand, 0) < f.${c})::INTEGER)`).join(', ')}
    FROM forecasts f LEFT JOIN score_truth t ON t.store_id = f.node_id AND t.sku = f.sku AND t.day = f.day
    WHERE f.run_id = ${literal(runId)} AND f.level = 'store'`)).getRows()[0] ?? [];
  return SCORED_LEVELS.map((level, i) => ({ level, share: Number(r[i + 1] ?? Number.NaN), below: Number(r[i + 1 + cols.length] ?? Number.NaN), days: Number(r[0] ?? 0) }));
}

const sum = (a: Float64Array, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] as number;
  return s;
};

/** 'all' first, then the movers, then the categories. */
const rank = (g: string): number => (g === 'all' ? 0 : g === 'slow movers' || g === 'fast movers' ? 1 : 2);

function meanCells(pairs: readonly Pair[]): MeanCell[] {
  const acc = new Map<string, { f: number; t: number }>();
  for (const p of pairs) {
    for (const g of ['all', p.mover, p.category]) {
      const a = acc.get(g) ?? { f: 0, t: 0 };
      a.f += sum(p.mean, p.span);
      a.t += sum(p.truth, p.span);
      acc.set(g, a);
    }
  }
  return [...acc].map(([group, a]) => ({ group, forecastUnits: a.f, truthUnits: a.t, ratio: a.t > 0 ? a.f / a.t : Number.NaN }))
    .sort((x, y) => rank(x.group) - rank(y.group) || (x.group < y.group ? -1 : x.group > y.group ? 1 : 0));
}

function fillCells(pairs: readonly Pair[]): FillCell[] {
  const acc = new Map<string, { target: number; group: string; pairs: number; short: number; shortAtPosition: number; demand: number; stated: number; weight: number }>();
  for (const p of pairs) {
    const dLead = sum(p.truth, p.lead);
    const dSpan = sum(p.truth, p.span);
    const shortAt = (level: number): number => Math.max(0, dSpan - level) - Math.max(0, dLead - level);
    const short = shortAt(p.orderUpTo);
    const expReview = sum(p.mean, p.span) - sum(p.mean, p.lead);
    const mover = p.mover;
    for (const group of ['all', mover, p.category]) {
      const key = `${p.target}\u0000${group}`;
      const a = acc.get(key) ?? { target: p.target, group, pairs: 0, short: 0, shortAtPosition: 0, demand: 0, stated: 0, weight: 0 };
      a.pairs += 1;
      a.short += Math.max(0, short);
      a.shortAtPosition += Math.max(0, shortAt(p.position));
      a.demand += dSpan - dLead;
      a.stated += p.statedFill * expReview;
      a.weight += expReview;
      acc.set(key, a);
    }
  }
  return [...acc.values()].map((a) => ({
    target: a.target, group: a.group, pairs: a.pairs, trueFill: a.demand > 0 ? 1 - a.short / a.demand : 1, statedFill: a.weight > 0 ? a.stated / a.weight : 1,
    positionFill: a.demand > 0 ? 1 - a.shortAtPosition / a.demand : 1,
  })).sort((x, y) => x.target - y.target || (x.group === 'all' ? -1 : y.group === 'all' ? 1 : x.group < y.group ? -1 : 1));
}
