/**
 * Produce sales history per item and region (village, county, province), as daily kg and
 * revenue arrays, loaded in one scan of produce_sales. The selling village's region is where the
 * item sells: the produce log names the seller, not the buyer.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { dayNumber, isoDate } from '../calendar/dates.ts';
import { literal, toNumber } from '../warehouse/sql.ts';

export type ProduceLevel = 'village' | 'county' | 'province';

export interface ProduceSeries {
  readonly sku: string;
  readonly level: ProduceLevel;
  readonly nodeId: string;
  readonly parentId: string | null;
  /** Daily kg and revenue from `firstDay` (index 0) to the last day. */
  readonly kg: Float64Array;
  readonly revenue: Float64Array;
}

export interface ProduceHistory {
  readonly firstDay: number;
  readonly lastDay: number;
  readonly series: ReadonlyMap<string, ProduceSeries>;
  readonly items: ReadonlyMap<string, { readonly nameZh: string; readonly nameEn: string; readonly category: string; readonly subcategory: string }>;
  readonly sellers: ReadonlyMap<string, { readonly villageId: string; readonly countyId: string; readonly nameZh: string }>;
  /** seller -> sku -> last day it sold. */
  readonly sellerLastSale: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly towns: ReadonlyMap<string, { readonly nameZh: string; readonly namePinyin: string; readonly countyId: string }>;
  /** village -> town */
  readonly villageTown: ReadonlyMap<string, string>;
}

export const seriesKey = (sku: string, level: ProduceLevel, nodeId: string): string => `${sku}\u0001${level}\u0001${nodeId}`;

export async function loadProduceHistory(conn: DuckDBConnection, until?: string): Promise<ProduceHistory | null> {
  // dayNumber throws a coded BAD_ARGUMENT on anything but an ISO date, so the literal is safe.
  const cut = until === undefined ? '' : `WHERE (ps.sold_at AT TIME ZONE 'Asia/Shanghai')::DATE <= DATE ${literal(isoDate(dayNumber(until)))}`;
  const rows = (await conn.runAndReadAll(`
    SELECT ps.sku, s.village_id, t.town_id, t.county_id, c.province_id, ps.seller_id,
           strftime((ps.sold_at AT TIME ZONE 'Asia/Shanghai')::DATE, '%Y-%m-%d') AS day,
           sum(ps.quantity) AS kg, sum(ps.quantity * CAST(ps.unit_price AS DOUBLE)) AS revenue
    FROM produce_sales ps
    JOIN sellers s ON s.seller_id = ps.seller_id
    JOIN villages v ON v.village_id = s.village_id
    JOIN towns t ON t.town_id = v.town_id
    JOIN counties c ON c.county_id = t.county_id
    ${cut}
    GROUP BY ALL`)).getRows();
  if (rows.length === 0) return null;
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const d = dayNumber(String(r[6]));
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  const len = lastDay - firstDay + 1;
  const series = new Map<string, ProduceSeries>();
  const add = (sku: string, level: ProduceLevel, nodeId: string, parentId: string | null, d: number, kg: number, rev: number): void => {
    const key = seriesKey(sku, level, nodeId);
    let s = series.get(key);
    if (s === undefined) series.set(key, (s = { sku, level, nodeId, parentId, kg: new Float64Array(len), revenue: new Float64Array(len) }));
    s.kg[d - firstDay]! += kg;
    s.revenue[d - firstDay]! += rev;
  };
  const sellerLastSale = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const [sku, village, , county, province, seller] = r.slice(0, 6).map(String) as [string, string, string, string, string, string];
    const d = dayNumber(String(r[6]));
    const kg = toNumber(r[7]);
    const rev = toNumber(r[8]);
    add(sku, 'village', village, county, d, kg, rev);
    add(sku, 'county', county, province, d, kg, rev);
    add(sku, 'province', province, null, d, kg, rev);
    let m = sellerLastSale.get(seller);
    if (m === undefined) sellerLastSale.set(seller, (m = new Map()));
    m.set(sku, Math.max(m.get(sku) ?? -Infinity, d));
  }
  const items = new Map((await conn.runAndReadAll(`SELECT sku, name_zh, name_en, category, subcategory FROM products WHERE is_produce`)).getRows()
    .map((r) => [String(r[0]), { nameZh: String(r[1]), nameEn: String(r[2]), category: String(r[3]), subcategory: String(r[4]) }]));
  const sellers = new Map((await conn.runAndReadAll(`SELECT s.seller_id, s.village_id, t.county_id, s.name_zh FROM sellers s
      JOIN villages v ON v.village_id = s.village_id JOIN towns t ON t.town_id = v.town_id`)).getRows()
    .map((r) => [String(r[0]), { villageId: String(r[1]), countyId: String(r[2]), nameZh: String(r[3]) }]));
  const towns = new Map((await conn.runAndReadAll(`SELECT town_id, name_zh, name_pinyin, county_id FROM towns`)).getRows()
    .map((r) => [String(r[0]), { nameZh: String(r[1]), namePinyin: String(r[2]), countyId: String(r[3]) }]));
  const villageTown = new Map((await conn.runAndReadAll(`SELECT village_id, town_id FROM villages`)).getRows().map((r) => [String(r[0]), String(r[1])]));
  return { firstDay, lastDay, series, items, sellers, sellerLastSale, towns, villageTown };
}
