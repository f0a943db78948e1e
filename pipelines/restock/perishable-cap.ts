/**
 * Perishables: never order more than is expected to sell before it expires. Stock sells first in,
 * first out, so the new order only meets the demand left over once older stock is gone. This walks
 * expected daily demand through the batches (a fluid FIFO) and returns what reaches the new order.
 */
import { meanAt } from './daily-forecast.ts';
import type { DailyDemandForecast } from './daily-forecast.ts';

export interface StockBatch {
  readonly qty: number;
  /** Days it can still be sold, today included (1 = must sell today). */
  readonly daysLeft: number;
}

interface LiveBatch {
  left: number;
  readonly arrives: number;
  /** Last day index on which it can be sold. */
  readonly lastDay: number;
  readonly isNew: boolean;
}

/**
 * Expected units of an order placed today (arriving after `leadTimeDays`, sellable for
 * `shelfLifeDays`) that sell before expiry. On-order lines arrive fresh; without batch detail,
 * on-hand stock is taken as not expiring inside the window, which makes the cap err low.
 */
export function perishableCap(
  fc: DailyDemandForecast,
  leadTimeDays: number,
  shelfLifeDays: number,
  onHand: number,
  onHandBatches: readonly StockBatch[] | undefined,
  onOrder: readonly { readonly qty: number; readonly arrivesInDays?: number }[],
): number {
  const batches: LiveBatch[] = [];
  const stock = onHandBatches ?? [{ qty: onHand, daysLeft: Infinity }];
  for (const b of stock) batches.push({ left: b.qty, arrives: 0, lastDay: b.daysLeft - 1, isNew: false });
  for (const l of onOrder) {
    const at = l.arrivesInDays ?? 0;
    batches.push({ left: l.qty, arrives: at, lastDay: at + shelfLifeDays - 1, isNew: false });
  }
  const fresh: LiveBatch = { left: Infinity, arrives: leadTimeDays, lastDay: leadTimeDays + shelfLifeDays - 1, isNew: true };
  batches.push(fresh);
  // First in, first out: older lots sell first. On the same day the new order comes after what is
  // already there (with a lead time of 0 it once sold ahead of the shelf stock, whose expiry is
  // unknown and so sorted last).
  batches.sort((a, b) => a.arrives - b.arrives || Number(a.isNew) - Number(b.isNew) || a.lastDay - b.lastDay);
  let soldFromNew = 0;
  for (let day = 0; day <= fresh.lastDay; day++) {
    let demand = meanAt(fc, day);
    for (const b of batches) {
      if (demand <= 0) break;
      if (b.arrives > day || b.lastDay < day || b.left <= 0) continue;
      const take = Math.min(b.left, demand);
      b.left -= take;
      demand -= take;
      if (b.isNew) soldFromNew += take;
    }
  }
  return soldFromNew;
}
