import { describe, expect, it } from 'vitest';
import { DAILY_SUPPLY_MAX_SHELF_LIFE, supplyTerms } from '../../../pipelines/restock/supply.ts';

describe('supplyTerms', () => {
  const store = { leadTimeDays: 4, reviewPeriodDays: 7 };

  it('keeps the store policy for goods that keep longer than a week, or for ever', () => {
    expect(supplyTerms(store, null)).toEqual(store);
    expect(supplyTerms(store, 180)).toEqual(store);
    expect(supplyTerms(store, DAILY_SUPPLY_MAX_SHELF_LIFE + 1)).toEqual(store);
  });

  it('orders goods that keep a week or less every day, delivered the next day', () => {
    expect(supplyTerms(store, 2)).toEqual({ leadTimeDays: 1, reviewPeriodDays: 1 });
    expect(supplyTerms(store, DAILY_SUPPLY_MAX_SHELF_LIFE)).toEqual({ leadTimeDays: 1, reviewPeriodDays: 1 });
    // A store whose distributor is already same-day keeps that.
    expect(supplyTerms({ leadTimeDays: 0, reviewPeriodDays: 3 }, 5)).toEqual({ leadTimeDays: 0, reviewPeriodDays: 1 });
  });
});
