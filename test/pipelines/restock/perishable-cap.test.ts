import { describe, expect, it } from 'vitest';
import { perishableCap } from '../../../pipelines/restock/perishable-cap.ts';

const flat = (m: number) => ({ mean: new Float64Array(14).fill(m) });

describe('perishableCap (fluid FIFO)', () => {
  it('old stock that expires tomorrow leaves the new order six units of sales (hand walk)', () => {
    // 2 a day; order arrives day 1, sellable days 1..3. Five old units sell 2 on day 0, then 3 expire.
    expect(perishableCap(flat(2), 1, 3, 5, [{ qty: 5, daysLeft: 1 }], [])).toBeCloseTo(6, 12);
  });

  it('without batch detail on-hand stock is taken as lasting, so the cap errs low (3)', () => {
    // Old sells 2, 2, 1 on days 0-2; new gets 1 on day 2 and 2 on day 3.
    expect(perishableCap(flat(2), 1, 3, 5, undefined, [])).toBeCloseTo(3, 12);
  });

  it('earlier orders in transit are sold first', () => {
    // 4 units arrive day 1 (sellable to day 3), the new order day 2 (to day 4): new sells days 3 and 4 only.
    expect(perishableCap(flat(2), 2, 3, 0, undefined, [{ qty: 4, arrivesInDays: 1 }])).toBeCloseTo(4, 12);
  });

  it('with nothing in stock it is the demand over the shelf life after arrival', () => {
    const fc = { mean: Float64Array.of(1, 2, 3, 4, 5, 6, 7) };
    expect(perishableCap(fc, 2, 3, 0, undefined, [])).toBeCloseTo(3 + 4 + 5, 12);
  });

  it('with a lead time of 0 the shelf stock still sells before the new order', () => {
    // 10 on the shelf, 2 a day, the order arrives today and keeps 3 days: the shelf covers days 0-2.
    expect(perishableCap(flat(2), 0, 3, 10, undefined, [])).toBeCloseTo(0, 12);
    // 3 on the shelf: 2 sold on day 0, 1 on day 1; the new order gets 1 on day 1 and 2 on day 2.
    expect(perishableCap(flat(2), 0, 3, 3, undefined, [])).toBeCloseTo(3, 12);
  });
});

