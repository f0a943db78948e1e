/**
 * The produce stage of a run: seasons and the next 52 weeks' calendar per item and region, and
 * "what to list" for every seller for 4 to 8 weeks ahead. Replaces the run's rows in one
 * transaction, so a rerun after a crash writes them once.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { dayNumber, isoDate } from '../calendar/dates.ts';
import { insertRows, type Cell } from '../warehouse/insert-rows.ts';
import { literal } from '../warehouse/sql.ts';
import { adviseSeller, competition } from './advice.ts';
import { loadProduceHistory } from './history.ts';
import { fitProfiles, nextWindow, weekForecasts, windowTotal } from './planner.ts';
import { WEEKS } from './profile.ts';
import { listingReason } from './reason.ts';

export interface ProduceStageOptions {
  readonly runId: string;
  /** Last day of history to use. @defaultValue the last produce sale */
  readonly asOf?: string;
}

export interface ProduceStageResult {
  readonly asOf: string | null;
  readonly profiles: number;
  readonly adviceRows: number;
}

export const ADVICE_WEEKS = [4, 5, 6, 7, 8] as const;

export async function runProduceStage(conn: DuckDBConnection, o: ProduceStageOptions): Promise<ProduceStageResult> {
  const h = await loadProduceHistory(conn, o.asOf);
  const run = literal(o.runId);
  if (h === null) {
    for (const t of ['produce_seasons', 'produce_calendar', 'listing_advice']) await conn.run(`DELETE FROM ${t} WHERE run_id = ${run}`);
    return { asOf: null, profiles: 0, adviceRows: 0 };
  }
  const asOf = o.asOf ?? isoDate(h.lastDay);
  const origin = dayNumber(asOf) + 1;
  const profiles = fitProfiles(h, origin);
  const seasons: Cell[][] = [];
  const calendar: Cell[][] = [];
  for (const p of profiles.values()) {
    const s = p.series;
    const peak = nextWindow(p, origin, 0.5);
    const season = nextWindow(p, origin, 0.15);
    seasons.push([o.runId, s.sku, s.level, s.nodeId, p.fit.alignment, p.years, p.borrowedFrom, p.fit.levels[0]!, p.yoy,
      peak?.from ?? null, peak?.to ?? null, season?.from ?? null, season?.to ?? null]);
    const max = Math.max(...p.shape);
    for (const w of weekForecasts(p, origin, WEEKS)) {
      const one = windowTotal(p, [w]);
      calendar.push([o.runId, s.sku, s.level, s.nodeId, isoDate(w.start), w.position, w.share, w.shareSd, w.kg, one.lo, one.hi,
        Number.isFinite(p.priceIndex[w.position]!) ? p.priceIndex[w.position]! : null, w.price,
        w.share >= 0.5 * max, w.share >= 0.15 * max]);
    }
  }
  const advice: Cell[][] = [];
  const rivals = competition(h, origin);
  for (const sellerId of h.sellers.keys()) {
    for (const weeks of ADVICE_WEEKS) {
      adviseSeller(h, profiles, sellerId, origin, weeks, rivals).forEach((a, i) => {
        const item = h.items.get(a.sku);
        const towns = a.topRegions.map((t) => h.towns.get(t)?.nameZh ?? t);
        const r = listingReason({ nameZh: item?.nameZh ?? a.sku, nameEn: item?.nameEn ?? a.sku, weeks, advice: a, towns,
          townsEn: a.topRegions.map((t) => h.towns.get(t)?.namePinyin ?? t) });
        advice.push([o.runId, sellerId, weeks, i + 1, a.sku, a.marketKg, a.kg, a.lo, a.hi, a.price, a.revenue, a.competitors,
          a.momentum, towns.join('、'), r.zh, r.en]);
      });
    }
  }
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const t of ['produce_seasons', 'produce_calendar', 'listing_advice']) await conn.run(`DELETE FROM ${t} WHERE run_id = ${run}`);
    await insertRows(conn, 'produce_seasons', ['run_id', 'sku', 'level', 'node_id', 'alignment', 'years', 'borrowed_from', 'annual_kg',
      'yoy_growth', 'peak_from', 'peak_to', 'season_from', 'season_to'], seasons);
    await insertRows(conn, 'produce_calendar', ['run_id', 'sku', 'level', 'node_id', 'week_start', 'position', 'share', 'share_sd',
      'expected_kg', 'kg_lo', 'kg_hi', 'price_index', 'expected_price', 'in_peak', 'in_season'], calendar);
    await insertRows(conn, 'listing_advice', ['run_id', 'seller_id', 'weeks', 'rank', 'sku', 'market_kg', 'expected_kg', 'kg_lo', 'kg_hi',
      'expected_price', 'expected_revenue', 'competitors', 'momentum', 'top_regions', 'reason_zh', 'reason_en'], advice);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
  return { asOf, profiles: profiles.size, adviceRows: advice.length };
}
