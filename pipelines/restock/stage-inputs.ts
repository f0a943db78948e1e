/**
 * What the restock stage reads besides the forecasts: store policies, products, the latest stock
 * count per store and SKU, recent sales, and the calendar event a suggestion may be driven by.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { dayNumber, effectMultipliers } from '../calendar/index.ts';
import type { EventEffects, RetailCalendar } from '../calendar/index.ts';
import { localDay, zoned } from '../demand/cells-sql.ts';
import { literal } from '../warehouse/sql.ts';
import { isSeasonColumn } from '../calendar/yearly-season.ts';
import type { EventNote } from './reason.ts';

export interface StorePolicy {
  readonly leadTimeDays: number;
  readonly reviewPeriodDays: number;
  readonly serviceLevel: number;
  readonly minOrderUnits: number;
  readonly cashBudget: number | null;
}

export interface ProductTerms {
  readonly packSize: number;
  readonly unitPrice: number;
  /** list price x 0.8 when the export has no cost (a typical rural retail margin). */
  readonly unitCost: number;
  readonly shelfLifeDays: number | null;
  readonly category: string;
}

export async function loadPolicies(conn: DuckDBConnection): Promise<Map<string, StorePolicy>> {
  const r = await conn.runAndReadAll(`SELECT store_id, lead_time_days, review_period_days, service_level, min_order_units, cash_budget::DOUBLE FROM stores`);
  const out = new Map<string, StorePolicy>();
  for (const [id, l, rp, sl, mo, cb] of r.getRows()) {
    out.set(String(id), {
      leadTimeDays: Number(l),
      reviewPeriodDays: Number(rp),
      serviceLevel: Number(sl),
      minOrderUnits: Number(mo),
      cashBudget: cb === null ? null : Number(cb),
    });
  }
  return out;
}

export async function loadProducts(conn: DuckDBConnection): Promise<Map<string, ProductTerms>> {
  const r = await conn.runAndReadAll(`SELECT sku, pack_size, list_price::DOUBLE, unit_cost::DOUBLE, shelf_life_days, category FROM products`);
  const out = new Map<string, ProductTerms>();
  for (const [sku, pack, price, cost, life, cat] of r.getRows()) {
    const p = Number(price);
    out.set(String(sku), {
      packSize: Number(pack),
      unitPrice: p,
      unitCost: cost === null ? p * 0.8 : Number(cost),
      shelfLifeDays: life === null || Number(life) < 1 ? null : Number(life),
      category: String(cat),
    });
  }
  return out;
}

export interface StockCount {
  readonly onHand: number;
  readonly onOrder: number;
}

/**
 * The stock position at the end of the as-of day (the store's local day): the last count on or before it, less the till
 * sales made after that count (a count from Monday is not Saturday's stock). What was sold beyond
 * the counted shelf stock must have come from what was on order, so it comes off that; the
 * position (on hand + on order - sold since) is never below zero.
 */
export async function loadStock(conn: DuckDBConnection, asOf: string): Promise<Map<string, StockCount>> {
  const r = await conn.runAndReadAll(`WITH counts AS (
      SELECT store_id, sku, max(as_of) AS counted_at, arg_max(on_hand, as_of) AS on_hand, arg_max(on_order, as_of) AS on_order
      FROM ${zoned('inventory_snapshots')} x WHERE ${localDay('as_of', 'tz')} <= DATE ${literal(asOf)} GROUP BY store_id, sku)
    SELECT c.store_id, c.sku, c.on_hand, c.on_order, coalesce(sum(t.quantity), 0) AS sold
    FROM counts c LEFT JOIN ${zoned('till_lines')} t ON t.store_id = c.store_id AND t.sku = c.sku
      AND t.sold_at > c.counted_at AND ${localDay('t.sold_at', 't.tz')} <= DATE ${literal(asOf)}
    GROUP BY ALL`);
  const out = new Map<string, StockCount>();
  for (const [s, k, oh, oo, sold] of r.getRows()) {
    const onHand = Math.max(0, Number(oh));
    const onOrder = Math.max(0, Number(oo));
    const since = Math.max(0, Number(sold));
    out.set(`${String(s)}\u0000${String(k)}`, { onHand: Math.max(0, onHand - since), onOrder: Math.max(0, onOrder - Math.max(0, since - onHand)) });
  }
  return out;
}

/** Average shelf sales per day over the last `days` days (zero days included). */
export async function loadRecentMeans(conn: DuckDBConnection, asOf: string, days = 28): Promise<Map<string, number>> {
  const r = await conn.runAndReadAll(`SELECT store_id, sku, sum(shelf_units) / ${days} FROM demand_daily
    WHERE day > DATE ${literal(asOf)} - ${days} AND day <= DATE ${literal(asOf)} GROUP BY ALL`);
  const out = new Map<string, number>();
  for (const [s, k, m] of r.getRows()) out.set(`${String(s)}\u0000${String(k)}`, Number(m));
  return out;
}

/**
 * The strongest calendar effect inside the next `span` days for a category, named after its
 * anchor event; null when nothing moves demand by 20 % or more.
 */
export function eventNote(all: EventEffects | undefined, calendar: RetailCalendar | null, firstDay: string, span: number): EventNote | null {
  // The yearly season moves demand too, but it is no event a shopkeeper can be told about.
  const effects = all ? { effects: all.effects.filter((e) => !isSeasonColumn(e.column)) } : undefined;
  if (!effects || !calendar || effects.effects.length === 0) return null;
  const m = effectMultipliers(span, firstDay, effects);
  let best = -1;
  for (let i = 0; i < span; i++) if (best < 0 || Math.abs(Math.log(m[i] as number)) > Math.abs(Math.log(m[best] as number))) best = i;
  const factor = m[best] as number;
  if (!(Math.abs(factor - 1) >= 0.2)) return null;
  const day = dayNumber(firstDay) + best;
  // The active column with the largest effect that day names the event.
  let anchor: string | null = null;
  let anchorDay = day;
  let strongest = 0;
  for (const e of effects.effects) {
    const c = e.column;
    for (const a of c.anchorDays) {
      if (day >= a + c.from && day <= a + c.to && Math.abs(e.logEffect) > strongest) {
        strongest = Math.abs(e.logEffect);
        anchor = c.anchor;
        anchorDay = a;
      }
    }
  }
  if (anchor === null) return null;
  const ev = calendar.events.find((x) => x.code === anchor) ?? null;
  const nameZh = ev?.nameZh ?? anchor;
  const nameEn = ev?.nameEn ?? anchor;
  return { name_zh: nameZh, name_en: nameEn, daysAway: Math.max(0, anchorDay - dayNumber(firstDay)), factor };
}

