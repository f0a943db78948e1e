/**
 * The tables the API serves, column by column. The API builds its response schemas from these,
 * the loader selects exactly these from the snapshot, and CSV and Arrow bodies follow the same order.
 */
import type { Column } from './tabular.ts';

const s = (name: string, description?: string): Column => ({ name, type: 'string', ...(description ? { description } : {}) });
const sn = (name: string, description?: string): Column => ({ name, type: 'string', nullable: true, ...(description ? { description } : {}) });
const n = (name: string, description?: string): Column => ({ name, type: 'number', nullable: true, ...(description ? { description } : {}) });
const nn = (name: string, description?: string): Column => ({ name, type: 'number', ...(description ? { description } : {}) });
const i = (name: string, description?: string): Column => ({ name, type: 'integer', nullable: true, ...(description ? { description } : {}) });
const b = (name: string, description?: string): Column => ({ name, type: 'boolean', ...(description ? { description } : {}) });
const bn = (name: string, description?: string): Column => ({ name, type: 'boolean', nullable: true, ...(description ? { description } : {}) });

export const RESTOCK_COLUMNS: readonly Column[] = [
  s('sku'), s('name', 'product name in the asked language'), s('category'), s('unit'), i('pack_size'),
  b('order_now', 'true when the suggestion is to order today'), nn('quantity', 'units to order'), i('packs', 'whole packs to order'),
  nn('on_hand'), nn('on_order'), nn('order_up_to'), n('days_of_cover', 'days the stock on hand and on order lasts'),
  n('stockout_probability', 'chance of running out before the next delivery if nothing is ordered'),
  n('expected_fill_rate'), nn('cash_needed', 'yuan'), i('budget_rank'), bn('within_budget'), sn('driver'), s('reason', 'why, in the asked language'),
];

export const FORECAST_COLUMNS: readonly Column[] = [
  s('level'), s('node_id'), s('sku'), s('category'), s('day', 'YYYY-MM-DD'), i('h', 'days ahead of the as-of day'),
  nn('mean'), n('q50'), n('q80'), n('q90'), n('q95'), n('q99'), sn('model'),
];

/** Order-channel demand of a village (goods ordered through its service centre), per category, units a day. */
export const ORDER_FORECAST_COLUMNS: readonly Column[] = [
  s('village_id'), s('category'), s('day', 'YYYY-MM-DD'), i('h', 'days ahead of the as-of day'),
  nn('mean'), n('q50'), n('q80'), n('q90'), n('q95'), n('q99'), sn('model'),
];

export const HIERARCHY_COLUMNS: readonly Column[] = [
  s('level', 'province | county | town | village | store'), s('id'), sn('parent_id'), s('name_zh'), sn('name_pinyin'),
];

export const CALENDAR_COLUMNS: readonly Column[] = [
  s('sku'), s('name'), s('level'), s('node_id'), s('week_start'), i('position'), nn('share'), nn('share_sd'),
  nn('expected_kg'), nn('kg_lo', '80 % range, low'), nn('kg_hi', '80 % range, high'), n('price_index'), n('expected_price', 'yuan per kg'),
  b('in_peak'), b('in_season'),
];

export const SEASON_COLUMNS: readonly Column[] = [
  s('sku'), s('name'), s('level'), s('node_id'), s('alignment', 'solar | lunar'), nn('years'), sn('borrowed_from'), nn('annual_kg'),
  n('yoy_growth'), sn('peak_from'), sn('peak_to'), sn('season_from'), sn('season_to'),
];

export const ADVICE_COLUMNS: readonly Column[] = [
  i('weeks'), i('rank'), s('sku'), s('name'), nn('market_kg'), nn('expected_kg'), nn('kg_lo'), nn('kg_hi'), n('expected_price'),
  n('expected_revenue'), i('competitors'), nn('momentum', '-1 going out of season .. +1 coming in'), sn('top_regions'), s('reason'),
];

const BRAND_HEAD: readonly Column[] = [s('category'), s('brand', "'ALL' on a category margin"), s('region_level'), s('region_id')];
const WITHHELD: readonly Column[] = [b('suppressed'), sn('reason', 'min_stores | min_customers | dominance | p_percent | complementary')];

export const BRAND_CELL_COLUMNS: readonly Column[] = [
  ...BRAND_HEAD, s('period_level', 'month | total'), s('period', "YYYY-MM, ALL (latest 12 months), ALL_PREV"),
  n('value_yuan'), n('units'), n('value_share'), n('unit_share'), n('growth'), n('season_index'), i('stores_buying'), i('stores_total'),
  i('villages_buying'), i('villages_total'), i('order_customers'), n('repeat_rate'), ...WITHHELD,
];

export const BRAND_BAND_COLUMNS: readonly Column[] = [...BRAND_HEAD, s('band'), n('value_yuan'), n('units'), n('band_share'), ...WITHHELD];

export const BRAND_EVENT_COLUMNS: readonly Column[] = [
  ...BRAND_HEAD, s('event'), s('window_from'), s('window_to'), s('base_from'), s('base_to'), n('value_yuan'), n('units'),
  n('base_value_yuan'), n('base_units'), n('lift'), ...WITHHELD, b('base_suppressed'), sn('base_reason'),
];

export const BRAND_BASKET_COLUMNS: readonly Column[] = [...BRAND_HEAD, s('co_category'), n('value_yuan'), n('units'), n('affinity'), n('lift'), ...WITHHELD];

export const BRAND_ADOPTION_COLUMNS: readonly Column[] = [
  s('category'), s('brand'), s('sku'), s('launch_day'), s('region_level'), s('region_id'), s('month'), i('months_since_launch'),
  i('stores_adopted'), i('villages_adopted'), i('stores_total'), n('penetration'), ...WITHHELD,
];

export const RUN_COLUMNS: readonly Column[] = [s('run_id'), s('as_of'), i('horizon'), s('started_at'), sn('finished_at'), s('status')];

export const KEY_COLUMNS: readonly Column[] = [s('id'), s('role'), sn('scope', 'JSON'), s('label'), s('created_at'), sn('revoked_at')];

/** The brand tables by route name, with their snapshot dataset. */
export const BRAND_TABLES = {
  cells: { dataset: 'brand_cells', columns: BRAND_CELL_COLUMNS },
  'price-bands': { dataset: 'brand_price_bands', columns: BRAND_BAND_COLUMNS },
  events: { dataset: 'brand_events', columns: BRAND_EVENT_COLUMNS },
  basket: { dataset: 'brand_basket', columns: BRAND_BASKET_COLUMNS },
  adoption: { dataset: 'brand_adoption', columns: BRAND_ADOPTION_COLUMNS },
} as const;
export type BrandTable = keyof typeof BRAND_TABLES;
