/**
 * Calendar event effects per product category, estimated once per run on the category's total
 * shelf sales (all stores): a single store's slow-moving series has too few units in a Spring
 * Festival window to tell a 3x effect from noise, the category total has plenty. Every series of
 * the category then has the same multipliers divided out before fitting and multiplied back into
 * its forecast, which keeps a SKU's hierarchy coherent (one multiplier per day for all its nodes).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, estimateEventEffects, loadCalendar } from '../calendar/index.ts';
import { SEASON_MIN_DAYS } from '../calendar/yearly-season.ts';
import type { EventEffects, RetailCalendar } from '../calendar/index.ts';
import { literal } from '../warehouse/sql.ts';

export interface CategoryEffects {
  /** SKU -> category. */
  readonly categoryOf: ReadonlyMap<string, string>;
  readonly effects: ReadonlyMap<string, EventEffects>;
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
  o: { asOf: string; days?: number; calendar?: RetailCalendar; shrinkage?: 'evidence' | 'normal'; season?: boolean },
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
  const from = addDays(o.asOf, -(days - 1));
  const r = await conn.runAndReadAll(`SELECT p.category, (d.day - DATE ${literal(from)})::INTEGER, sum(d.shelf_units)
    FROM demand_daily d JOIN products p USING (sku)
    WHERE d.day BETWEEN DATE ${literal(from)} AND DATE ${literal(o.asOf)} GROUP BY ALL`);
  const totals = new Map<string, Float64Array>();
  for (const [cat, t, v] of r.getRows()) {
    let y = totals.get(String(cat));
    if (!y) {
      y = new Float64Array(days);
      totals.set(String(cat), y);
    }
    y[Number(t)] = Number(v);
  }
  for (const [cat, y] of totals) {
    // Only the days the warehouse holds: the window before a category's first sale is not a run
    // of zero-demand days (treated as such it cut a province's forecast by a fifth on a short history).
    let first = 0;
    while (first < y.length && !(y[first]! > 0)) first++;
    const held = y.length - first;
    // A year of held history is the least that holds one occurrence of every window; less, and
    // the effects are left out rather than guessed.
    if (held < 365) {
      skipped.push({ category: cat, reason: `forecast without calendar effects: only ${held} days of sales held; a year is needed to see every event once` });
      continue;
    }
    try {
      effects.set(cat, estimateEventEffects(y.subarray(first), addDays(from, first), calendar, { season: o.season ?? true, ...(o.shrinkage ? { shrinkage: o.shrinkage } : {}) }));
      if ((o.season ?? true) && held < SEASON_MIN_DAYS) skipped.push({ category: cat, reason: `no yearly season: only ${held} days of sales held; two years are needed` });
    } catch (err) {
      skipped.push({ category: cat, reason: `forecast without calendar effects: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { categoryOf, effects, skipped };
}
