/**
 * The stock position restock orders against: the last count less the till sales made after it
 * (once it used the count as it was, so a count from days ago overstated the shelf).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { loadStock } from '../../../pipelines/restock/stage-inputs.ts';

describe('loadStock', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    const c = wh.connection;
    // Counted on the evening of 10-28: A has 10 on hand, 0 on order; B has 3 on hand, 5 on order; C counted on 10-31.
    await c.run(`INSERT INTO inventory_snapshots VALUES
      ('S1', 'A', TIMESTAMPTZ '2026-10-28 21:30:00+08', 10, 0, 1), ('S1', 'A', TIMESTAMPTZ '2026-10-20 21:30:00+08', 50, 0, 1),
      ('S1', 'B', TIMESTAMPTZ '2026-10-28 21:30:00+08', 3, 5, 1),
      ('S1', 'C', TIMESTAMPTZ '2026-10-31 21:30:00+08', 7, 0, 1)`);
    await c.run(`INSERT INTO till_lines VALUES
      ('S1', 'r1', 1, TIMESTAMPTZ '2026-10-28 20:00:00+08', 'A', 2, 1, false, 1, NULL),  -- before the count: already in it
      ('S1', 'r2', 1, TIMESTAMPTZ '2026-10-29 10:00:00+08', 'A', 3, 1, false, 1, NULL),
      ('S1', 'r3', 1, TIMESTAMPTZ '2026-10-31 23:30:00+08', 'A', 1, 1, false, 1, NULL),  -- late on the as-of day: counts
      ('S1', 'r4', 1, TIMESTAMPTZ '2026-11-01 09:00:00+08', 'A', 4, 1, false, 1, NULL),  -- after the as-of day: does not
      ('S1', 'r5', 1, TIMESTAMPTZ '2026-10-30 10:00:00+08', 'B', 6, 1, false, 1, NULL),
      ('S1', 'r6', 1, TIMESTAMPTZ '2026-10-30 11:00:00+08', 'C', 2, 1, false, 1, NULL)`);
  });
  afterAll(async () => { await wh.close(); });

  it('takes the sales since the last count off the shelf, and what the shelf could not have held off the order', async () => {
    const s = await loadStock(wh.connection, '2026-10-31');
    expect(s.get('S1\u0000A')).toEqual({ onHand: 10 - 3 - 1, onOrder: 0 });
    // 6 sold from 3 on the shelf: 3 of them came from the 5 on order.
    expect(s.get('S1\u0000B')).toEqual({ onHand: 0, onOrder: 2 });
    // Counted after the sale: the count already holds it.
    expect(s.get('S1\u0000C')).toEqual({ onHand: 7, onOrder: 0 });
  });

  it('an earlier as-of day uses the count of its own time', async () => {
    const s = await loadStock(wh.connection, '2026-10-25');
    expect(s.get('S1\u0000A')).toEqual({ onHand: 50, onOrder: 0 });
    expect(s.has('S1\u0000B')).toBe(false);
  });
});
