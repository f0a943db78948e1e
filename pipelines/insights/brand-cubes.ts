/**
 * The fixed dimensions brand insights are published on. Region: county within province within
 * ALL. Product: brand within category within ALL (node ids `category|brand`, `category`, `ALL`).
 * Each cube is protected as a whole, so every number a brand, an analyst or anyone holding all
 * the published files could combine is inside one attacker model.
 */
import type { CubeDim } from './cube.ts';

export const SEP = '|';

export const REGION: CubeDim = {
  name: 'region',
  atom: ['county_id', 'province_id'],
  levels: [
    { level: 'county', key: 'county_id', within: ['province', 'all'] },
    { level: 'province', key: 'province_id', within: ['all'] },
    { level: 'all', key: `'ALL'` },
  ],
};

export const PRODUCT: CubeDim = {
  name: 'product',
  atom: ['category', 'brand'],
  levels: [
    { level: 'brand', key: `category || '${SEP}' || brand`, within: ['category', 'all'] },
    { level: 'category', key: 'category', within: ['all'] },
    { level: 'all', key: `'ALL'` },
  ],
};

/**
 * The months of the latest 12 months, summing to `ALL`; the 12 months before sum to `ALL_PREV`
 * (for growth). Weeks are not published (docs/insights.md says why): ISO weeks straddle months,
 * so weeks and months protected together need week-in-month pieces as atoms that are never
 * published, and every attacker LP then spanned the whole cube. Month-weeks (days 1-7, 8-14, ...)
 * nest in months but made the repair loop diverge. The atoms are therefore the published leaves.
 */
export const PERIOD: CubeDim = {
  name: 'period',
  atom: ['yr', 'month'],
  levels: [
    { level: 'month', key: 'month', within: ['total'] },
    { level: 'total', key: 'yr' },
  ],
};

/** Price bands: a line's unit price against its category's median unit price in the window. */
export const PRICE_BANDS = [
  { id: '1-low', zh: '低价', en: 'low', upTo: 0.8 },
  { id: '2-mid', zh: '中价', en: 'mid', upTo: 1.25 },
  { id: '3-high', zh: '高价', en: 'high', upTo: 2 },
  { id: '4-premium', zh: '高端', en: 'premium', upTo: Number.POSITIVE_INFINITY },
] as const;

export const BAND: CubeDim = {
  name: 'band',
  atom: ['band'],
  levels: [
    { level: 'band', key: 'band', within: ['all'] },
    { level: 'all', key: `'ALL'` },
  ],
};

/** Event windows and their baselines (the four weeks before), one node each; no margins. */
export const EVENT_WINDOW: CubeDim = {
  name: 'window',
  atom: ['win'],
  levels: [{ level: 'window', key: 'win' }],
};

/** Co-purchased category in the same basket, with the all-categories margin. */
export const CO_CATEGORY: CubeDim = {
  name: 'co_category',
  atom: ['co_category'],
  levels: [
    { level: 'category', key: 'co_category', within: ['all'] },
    { level: 'all', key: `'ALL'` },
  ],
};

/**
 * Basket tables: the baskets holding a product overlap with those holding its sibling, so product
 * nodes do not add up and have no margins here; each node is its own block of the attacker model.
 * Lift's reference (a category's share of all sales) comes from brand_cells' published totals.
 */
export const BASKET_PRODUCT: CubeDim = {
  name: 'product',
  atom: ['product_node'],
  levels: [{ level: 'node', key: 'product_node' }],
};
