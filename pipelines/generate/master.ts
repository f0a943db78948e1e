/**
 * Master-data rows (geography, stores, products, sellers) in the declared column order.
 * These files are kept clean: dirty rows live in the fact exports.
 */
import type { FileKind } from '../ingest/layouts.ts';
import type { Catalogue } from './catalogue.ts';
import type { Geography } from './geography.ts';

/** `firstDay` (YYYY-MM-DD): no store may open after the data begins (it would sell before opening). */
export function masterRows(kind: FileKind, geo: Geography, cat: Catalogue, firstDay: string): string[][] {
  switch (kind) {
    case 'geography':
      return geo.villages.map((v) => {
        const t = v.town;
        const c = t.county;
        const p = geo.province;
        return [v.id, v.zh, v.pinyin, t.id, t.zh, t.pinyin, c.id, c.zh, c.pinyin, p.id, p.zh, p.pinyin, String(v.population)];
      });
    case 'stores':
      return geo.stores.map((s) => [
        s.id, s.village.id, s.zh, s.pinyin, s.kind, String(s.leadTime), String(s.reviewPeriod), String(s.serviceLevel),
        String(s.minOrderUnits), s.cashBudget.toFixed(2), s.openedOn < firstDay ? s.openedOn : firstDay,
      ]);
    case 'products':
      return cat.products.map((p) => [
        p.sku, p.zh, p.en, p.category, p.subcategory, p.brand, p.unit, String(p.packSize), p.priceText,
        p.unitCost.toFixed(2), p.shelfLife === null ? '' : String(p.shelfLife), p.isProduce ? 'true' : 'false',
      ]);
    case 'sellers':
      return geo.sellers.map((s) => [s.id, s.village.id, s.zh, s.kind]);
    default:
      return [];
  }
}
