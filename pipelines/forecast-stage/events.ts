/**
 * Calendar event effects per product category, estimated once per run on the category's total
 * shelf sales (all stores): a single store's slow-moving series has too few units in a Spring
 * Festival window to tell a 3x effect from noise, the category total has plenty. Each product then
 * gets its own effects and yearly season from its total over all stores, shrunk toward its
 * category's. Every series of a product has the same multipliers divided out before fitting and
 * multiplied back into its forecast, which keeps its hierarchy coherent (one multiplier per day
 * for all its nodes).
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, dayNumber, effectLogSd, effectMultipliers, eventColumns, estimateEventEffects, estimateEventEffectsMany, loadCalendar } from '../calendar/index.ts';
import type { EventEffect, EventEffects, RetailCalendar } from '../calendar/index.ts';
import { columnActivity } from '../calendar/event-windows.ts';
import { estimateYearlySeason, isSeasonColumn, SEASON_MIN_DAYS } from '../calendar/yearly-season.ts';
import { fitCensored } from '../demand/censoring.ts';
import { literal } from '../warehouse/sql.ts';

export interface CategoryEffects {
  /** SKU -> category. */
  readonly categoryOf: ReadonlyMap<string, string>;
  readonly effects: ReadonlyMap<string, EventEffects>;
  /** SKU -> its yearly season (fortnight multipliers, yearly-season.ts); absent = none. */
  readonly seasons?: ReadonlyMap<string, readonly EventEffect[]>;
  /** SKU -> its own event effects, in place of its category's (skuEventEffects); absent = its category's. */
  readonly skuEvents?: ReadonlyMap<string, EventEffects>;
  /** What was left out for a category (its effects, or its yearly season), and why: recorded, not swallowed. */
  readonly skipped?: readonly { readonly category: string; readonly reason: string }[];
}

/**
 * Days of category history read for the effects: every past occurrence of an event counts, and
 * the yearly season needs two years at least; five are plenty.
 */
export const EFFECT_HISTORY_DAYS = 1826;

export async function categoryEventEffects(
  conn: DuckDBConnection,
  o: { asOf: string; days?: number; calendar?: RetailCalendar; shrinkage?: 'evidence' | 'normal'; season?: boolean; truthDir?: string; censoring?: boolean; censoringPasses?: number },
): Promise<CategoryEffects> {
  const categoryOf = new Map<string, string>();
  for (const [sku, cat] of (await conn.runAndReadAll('SELECT sku, category FROM products')).getRows()) categoryOf.set(String(sku), String(cat));
  const effects = new Map<string, EventEffects>();
  const skipped: { category: string; reason: string }[] = [];
  let calendar: RetailCalendar;
  try {
    calendar = o.calendar ?? loadCalendar();
  } catch (err) {
    skipped.push({ category: '*', reason: `forecast without calendar effects: the retail calendar cannot be loaded (${err instanceof Error ? err.message : String(err)})` });
    return { categoryOf, effects, skipped };
  }
  const days = o.days ?? EFFECT_HISTORY_DAYS;
  const wantSeason = o.season ?? true;
  const from = addDays(o.asOf, -(days - 1));
  // One scan of demand_daily: product totals when seasons are wanted, the categories summed from
  // them; category totals straight from SQL otherwise (half the time: restock's call for its notes).
  const skuTotals = wantSeason ? await dailyTotals(conn, from, o.asOf, days, 'sku', o.truthDir) : new Map<string, Float64Array>();
  const categoryTotals = wantSeason ? null : await dailyTotals(conn, from, o.asOf, days, 'category', o.truthDir);
  const first = fromTotals(skuTotals, categoryTotals, { from, days, calendar, categoryOf, wantSeason, ...(o.shrinkage ? { shrinkage: o.shrinkage } : {}) });
  if (!wantSeason || o.truthDir !== undefined || o.censoring === false) return { categoryOf, ...first, skipped: [...skipped, ...first.skipped] };
  // Sales on a day the shelf ran out understate demand most on the busiest days, the festival's: the
  // first pass's effects set each day's expected demand, the stock-out days are completed under it
  // (demand/censoring.ts), and the effects are estimated again from the completed totals. Each pass
  // completes under the effects of the one before, which the completion raised: a fixed point
  // approached from below (events.test.ts, 'event effects from censored sales', a x2 festival: 1.44
  // from the sales, 1.77 after one pass, 1.89 after two, 1.95 after four; each pass costs a full
  // estimate, so two). The stock-out pairs are read once; only the profile changes between passes.
  const pairs = await censoredPairs(conn, from, o.asOf, days);
  let current = first;
  for (let pass = 0; pass < (o.censoringPasses ?? CENSORING_PASSES) && pairs.length > 0; pass++) {
    const now = current;
    const profiles = new Map<string, Float64Array | null>();
    const excess = completeStockOuts(pairs, days, (sku) => {
      if (!profiles.has(sku)) {
        const e = effectsOf({ categoryOf, effects: now.effects, seasons: now.seasons, skuEvents: now.skuEvents }, sku);
        profiles.set(sku, e ? effectMultipliers(days, from, e) : null);
      }
      return profiles.get(sku)!;
    });
    const completed = new Map<string, Float64Array>();
    for (const [sku, y] of skuTotals) {
      const x = excess.get(sku);
      completed.set(sku, x ? y.map((v, t) => v + (x[t] as number)) : y);
    }
    current = fromTotals(completed, null, { from, days, calendar, categoryOf, wantSeason, ...(o.shrinkage ? { shrinkage: o.shrinkage } : {}) });
  }
  return { categoryOf, ...current, skipped: [...skipped, ...current.skipped] };
}

/** Completion passes over the stock-out days (see categoryEventEffects). */
export const CENSORING_PASSES = 2;

interface TotalsPass {
  readonly effects: Map<string, EventEffects>;
  readonly seasons: Map<string, EventEffect[]>;
  readonly skuEvents: Map<string, EventEffects>;
  readonly skipped: { category: string; reason: string }[];
}

/** Category effects and seasons, then the products' own, from daily totals (categories summed from the products' unless given). */
function fromTotals(skuTotals: ReadonlyMap<string, Float64Array>, categoryTotals: Map<string, Float64Array> | null, o: {
  from: string; days: number; calendar: RetailCalendar; categoryOf: ReadonlyMap<string, string>; wantSeason: boolean; shrinkage?: 'evidence' | 'normal';
}): TotalsPass {
  const { from, days, calendar, categoryOf, wantSeason } = o;
  const effects = new Map<string, EventEffects>();
  const skipped: { category: string; reason: string }[] = [];
  const categorySeason = new Map<string, number[]>();
  const totals = categoryTotals ?? new Map<string, Float64Array>();
  if (!categoryTotals) {
    for (const [sku, ys] of skuTotals) {
      const cat = categoryOf.get(sku);
      if (cat === undefined) continue;
      let y = totals.get(cat);
      if (!y) {
        y = new Float64Array(days);
        totals.set(cat, y);
      }
      for (let t = 0; t < days; t++) y[t] = (y[t] as number) + (ys[t] as number);
    }
  }
  for (const [cat, y] of totals) {
    const got = effectsFromTotal(y, from, calendar, { season: wantSeason, ...(o.shrinkage ? { shrinkage: o.shrinkage } : {}) });
    if ('skipped' in got) {
      skipped.push({ category: cat, reason: got.skipped });
      continue;
    }
    effects.set(cat, got.effects);
    if (got.season.length > 0) categorySeason.set(cat, got.season.map((e) => e.logEffect));
    if (got.note) skipped.push({ category: cat, reason: got.note });
  }
  // The product-level passes (seasons, own events) need the product totals, read only with `season`.
  let seasons = new Map<string, EventEffect[]>();
  let skuEvents = new Map<string, EventEffects>();
  if (wantSeason) {
    try {
      seasons = skuSeasons(skuTotals, { from, calendar, categoryOf, categorySeason });
    } catch (err) {
      skipped.push({ category: '*', reason: `forecast without yearly seasons: ${err instanceof Error ? err.message : String(err)}` });
    }
    try {
      skuEvents = skuEventEffects(skuTotals, { from, calendar, categoryOf, effects, seasons, ...(o.shrinkage ? { shrinkage: o.shrinkage } : {}) });
    } catch (err) {
      skipped.push({ category: '*', reason: `forecast with category event effects only: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { effects, seasons, skuEvents, skipped };
}

/** Stores per product whose stock-out days are completed; the rest are represented by them (a ratio is all the effects need). */
export const CENSORING_SAMPLE_STORES = 60;

/** One store x product series with a stock-out, from its first held day. */
interface StockOutPair {
  readonly sku: string;
  /** Day index (from the window's start) of `sales[0]`. */
  readonly first: number;
  readonly sales: Float32Array;
  readonly censored: Uint8Array;
  /** Censored pairs of the product per sampled one: the sample stands for all of them. */
  readonly scale: number;
}

/**
 * The store x product series with a stock-out in the window, CENSORING_SAMPLE_STORES per product,
 * streamed in chunks and kept for every pass (as Float32: seven digits hold units and kilograms alike,
 * 5 bytes a day; 60 stores x 300 products x 5 years is about 80 MB).
 */
async function censoredPairs(conn: DuckDBConnection, from: string, asOf: string, days: number): Promise<StockOutPair[]> {
  const window = `day BETWEEN DATE ${literal(from)} AND DATE ${literal(asOf)}`;
  const result = await conn.run(`WITH pairs AS (
      SELECT store_id, sku, row_number() OVER (PARTITION BY sku ORDER BY hash(store_id)) AS k, count(*) OVER (PARTITION BY sku) AS m
      FROM demand_daily WHERE ${window} GROUP BY store_id, sku HAVING bool_or(censored))
    SELECT d.sku, d.store_id, (d.day - DATE ${literal(from)})::INTEGER, d.shelf_units::DOUBLE, d.censored, p.m::DOUBLE / least(p.m, ${CENSORING_SAMPLE_STORES})
    FROM demand_daily d JOIN pairs p USING (store_id, sku)
    WHERE p.k <= ${CENSORING_SAMPLE_STORES} AND d.${window}
    ORDER BY d.sku, d.store_id, 3`);
  const out: StockOutPair[] = [];
  const sales = new Float64Array(days);
  const cens = new Uint8Array(days);
  let key = '';
  let sku = '';
  let scale = 1;
  let first = days;
  const flush = (): void => {
    // The days before the pair's first row are not held: completing them would invent demand.
    if (first < days) out.push({ sku, first, sales: Float32Array.from(sales.subarray(first)), censored: cens.slice(first), scale });
  };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const [kCol, sCol, dCol, vCol, cCol, mCol] = chunk.getColumns() as [unknown[], unknown[], unknown[], unknown[], unknown[], unknown[]];
    for (let i = 0; i < chunk.rowCount; i++) {
      const pair = `${String(kCol[i])}\u0000${String(sCol[i])}`;
      if (pair !== key) {
        flush();
        key = pair;
        sku = String(kCol[i]);
        scale = Number(mCol[i]);
        sales.fill(0);
        cens.fill(0);
        first = days;
      }
      const t = Number(dCol[i]);
      sales[t] = Math.max(0, Number(vCol[i]));
      cens[t] = cCol[i] === true ? 1 : 0;
      first = Math.min(first, t);
    }
  }
  flush();
  return out;
}

/**
 * Per product and day, the demand its stock-out days hid: each pair completed by EM under the
 * day's expected multiplier (its product's `profileOf`), completed minus sold, scaled and summed.
 */
function completeStockOuts(pairs: readonly StockOutPair[], days: number, profileOf: (sku: string) => Float64Array | null): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const p of pairs) {
    const s = Float64Array.from(p.sales);
    const profile = profileOf(p.sku);
    const fit = fitCensored(s, p.censored, { period: 7, profile: profile ? profile.slice(p.first) : new Float64Array(s.length).fill(1) });
    let x = out.get(p.sku);
    if (!x) {
      x = new Float64Array(days);
      out.set(p.sku, x);
    }
    for (let t = 0; t < s.length; t++) if (p.censored[t]) x[p.first + t] = (x[p.first + t] as number) + p.scale * ((fit.completed[t] as number) - (s[t] as number));
  }
  return out;
}

/**
 * Each product's own event effects, from its sales over every store, shrunk toward its category's
 * by the evidence: sunflower seeds and biscuits are both snacks, and Spring Festival lifts the seeds
 * several times more. One spike-and-slab prior per category is fitted to all its products'
 * deviations at once (estimateEventEffectsMany), so a slow product's noise reads as noise. A
 * product with under a year held keeps its category's effects.
 */
function skuEventEffects(totals: ReadonlyMap<string, Float64Array>, o: {
  from: string; calendar: RetailCalendar; categoryOf: ReadonlyMap<string, string>; effects: ReadonlyMap<string, EventEffects>; shrinkage?: 'evidence' | 'normal';
  seasons?: ReadonlyMap<string, readonly EventEffect[]>;
}): Map<string, EventEffects> {
  const byCategory = new Map<string, { sku: string; series: Float64Array; startDate: string }[]>();
  for (const [sku, full] of totals) {
    const cat = o.categoryOf.get(sku);
    if (cat === undefined || !o.effects.has(cat)) continue;
    const first = firstHeld(full);
    if (full.length - first < EFFECTS_MIN_DAYS) continue;
    const list = byCategory.get(cat) ?? [];
    list.push({ sku, series: full.subarray(first), startDate: addDays(o.from, first) });
    byCategory.set(cat, list);
  }
  const out = new Map<string, EventEffects>();
  for (const [cat, list] of byCategory) {
    const prior = o.effects.get(cat);
    const got = estimateEventEffectsMany(list.map((x) => {
      // On top of the product's own season, as the category's events are on top of the category's.
      const season = o.seasons?.get(x.sku);
      return { series: x.series, startDate: x.startDate, ...(prior ? { prior } : {}), ...(season ? { season } : {}) };
    }), o.calendar, o.shrinkage ? { shrinkage: o.shrinkage } : {});
    list.forEach((x, i) => out.set(x.sku, got[i] as EventEffects));
  }
  return out;
}

/** A year of held history is the least that holds one occurrence of every event window. */
export const EFFECTS_MIN_DAYS = 365;

/** Index of the first day with demand: the days before it are not held, not days of no demand. */
export function firstHeld(y: Float64Array): number {
  let first = 0;
  while (first < y.length && !(y[first]! > 0)) first++;
  return first;
}

/**
 * A category's event effects and yearly season from its daily total (day 0 = `from`), read only
 * from the days the warehouse holds: the window before the first sale is not a run of zero-demand
 * days (treated as such it cut a province's forecast by a fifth on a short history). Under a year
 * held is too little to see every event once: the effects are left out, with the reason.
 */
export function effectsFromTotal(
  y: Float64Array, from: string, calendar: RetailCalendar, o: { season: boolean; shrinkage?: 'evidence' | 'normal'; what?: 'sales' | 'orders' },
): { effects: EventEffects; season: EventEffect[]; note?: string } | { skipped: string } {
  const first = firstHeld(y);
  const held = y.length - first;
  const what = o.what ?? 'sales';
  if (held < EFFECTS_MIN_DAYS) return { skipped: `forecast without calendar effects: only ${held} days of ${what} held; a year is needed to see every event once` };
  try {
    const all = estimateEventEffects(y.subarray(first), addDays(from, first), calendar, { season: o.season, ...(o.shrinkage ? { shrinkage: o.shrinkage } : {}) });
    return {
      effects: { effects: all.effects.filter((e) => !isSeasonColumn(e.column)) },
      season: all.effects.filter((e) => isSeasonColumn(e.column)),
      ...(o.season && held < SEASON_MIN_DAYS ? { note: `no yearly season: only ${held} days of ${what} held; two years are needed` } : {}),
    };
  } catch (err) {
    return { skipped: `forecast without calendar effects: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Each product's own yearly season, from its sales over every store, shrunk toward its category's
 * (a category mixes seasons: mosquito coils and batteries are both household goods, and one
 * category curve gave the batteries a summer). Products with under two years held have none.
 */
function skuSeasons(totals: ReadonlyMap<string, Float64Array>, o: {
  from: string; calendar: RetailCalendar; categoryOf: ReadonlyMap<string, string>; categorySeason: ReadonlyMap<string, number[]>;
}): Map<string, EventEffect[]> {
  const columns = eventColumns(o.calendar);
  // Event days depend only on where a product's history starts; most products share a start.
  const masks = new Map<number, Uint8Array>();
  const out = new Map<string, EventEffect[]>();
  for (const [sku, full] of totals) {
    const first = firstHeld(full);
    if (full.length - first < SEASON_MIN_DAYS) continue;
    const y = full.subarray(first);
    const start = addDays(o.from, first);
    let excluded = masks.get(first);
    if (!excluded) {
      excluded = new Uint8Array(y.length);
      for (const a of columnActivity(columns, dayNumber(start), y.length)) for (let t = 0; t < y.length; t++) excluded[t] = excluded[t] || (a[t] as number);
      masks.set(first, excluded);
    }
    const mask = excluded;
    const season = estimateYearlySeason(y.map((v, t) => (mask[t] ? Number.NaN : v)), start, o.calendar, o.categorySeason.get(o.categoryOf.get(sku) ?? ''));
    if (season) out.set(sku, season);
  }
  return out;
}

/** Shelf units per product (or category) and day over `days` days from `from` (a day without a row is 0). */
async function dailyTotals(conn: DuckDBConnection, from: string, asOf: string, days: number, by: 'sku' | 'category', truthDir?: string): Promise<Map<string, Float64Array>> {
  // truthDir: the generator's latent demand (a bench diagnostic, ForecastStageOptions.eventTruthDir).
  const source = truthDir === undefined ? 'demand_daily' : `(SELECT store_id, sku, date AS day, demand AS shelf_units FROM read_csv(${literal(join(truthDir, 'truth-*.csv'))},
      header = true, auto_detect = false, columns = {'store_id': 'VARCHAR', 'sku': 'VARCHAR', 'date': 'DATE', 'demand': 'DOUBLE'}))`;
  const r = await conn.runAndReadAll(`SELECT ${by === 'sku' ? 'd.sku' : 'p.category'}, (d.day - DATE ${literal(from)})::INTEGER, sum(d.shelf_units)::DOUBLE
    FROM ${source} d ${by === 'sku' ? '' : 'JOIN products p USING (sku)'}
    WHERE d.day BETWEEN DATE ${literal(from)} AND DATE ${literal(asOf)} GROUP BY ALL`);
  const out = new Map<string, Float64Array>();
  for (const [sku, t, v] of r.getRows()) {
    let y = out.get(String(sku));
    if (!y) {
      y = new Float64Array(days);
      out.set(String(sku), y);
    }
    y[Number(t)] = Number(v);
  }
  return out;
}

/** Per SKU, the log-sd of the multiplier its forecasts carry on each of `h` days from `start` (SKUs with no effect spread left out). */
export function effectSpread(events: CategoryEffects, skus: Iterable<string>, start: string, h: number): [string, Float64Array][] {
  const out: [string, Float64Array][] = [];
  for (const sku of skus) {
    const e = effectsOf(events, sku);
    if (!e || e.effects.length === 0) continue;
    const sd = effectLogSd(h, start, e);
    if (sd.some((v) => v > 0)) out.push([sku, sd]);
  }
  return out;
}

/** The multipliers a SKU's series are divided by and its forecasts multiplied by: its own events (else its category's) and its own season. */
export function effectsOf(events: CategoryEffects, sku: string): EventEffects | null {
  const cat = events.skuEvents?.get(sku) ?? events.effects.get(events.categoryOf.get(sku) ?? '');
  const season = events.seasons?.get(sku);
  if (!season || season.length === 0) return cat ?? null;
  return { effects: [...(cat?.effects ?? []), ...season] };
}
