/**
 * Who supplies an item, and so how often it can be ordered and how fast it comes. A village shop
 * orders most goods on its weekly (or 3-day) review from the county distributor, with a 2-5 day
 * lead time. Goods that keep a week or less (tofu, bread, fresh milk) come from the town's bakery,
 * tofu maker or market every day, delivered the next morning: on the store's weekly cycle they
 * could never be stocked without waste, and fill for them was 14-43 % in the warehouse backtest.
 */
export interface SupplyTerms {
  readonly leadTimeDays: number;
  readonly reviewPeriodDays: number;
}

/** Shelf life at or under this many days means daily local supply. */
export const DAILY_SUPPLY_MAX_SHELF_LIFE = 7;

export function supplyTerms(store: SupplyTerms, shelfLifeDays: number | null | undefined): SupplyTerms {
  if (shelfLifeDays !== null && shelfLifeDays !== undefined && shelfLifeDays <= DAILY_SUPPLY_MAX_SHELF_LIFE) {
    return { leadTimeDays: Math.min(store.leadTimeDays, 1), reviewPeriodDays: 1 };
  }
  return { leadTimeDays: store.leadTimeDays, reviewPeriodDays: store.reviewPeriodDays };
}
