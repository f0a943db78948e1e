import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { demandWatermark, refreshDemand } from '../../../pipelines/demand/aggregate.ts';
import { cells, count, fileRow, order, setStatus, snapshot, till } from './facts.ts';

describe('refreshDemand on hand-built facts', () => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await Warehouse.open(':memory:');
  });
  afterEach(async () => {
    await wh.close();
  });

  /** Incremental refresh, then checks a full rebuild gives the same table row for row. */
  const refreshAndCompare = async (): Promise<void> => {
    const c = wh.connection;
    const inc = await refreshDemand(c);
    const after = await snapshot(c);
    await refreshDemand(c, { full: true });
    expect(await snapshot(c)).toEqual(after);
    expect(inc.mode).toBe('incremental');
  };

  it('nets till returns, drops cancelled and returned orders from demand, counts returns by the day placed', async () => {
    const c = wh.connection;
    await fileRow(c, 1);
    await till(c, 1, 'S1', 'A', '2026-03-01 10:00:00', 3);
    await till(c, 1, 'S1', 'A', '2026-03-01 11:00:00', -1);
    await till(c, 1, 'S1', 'A', '2026-03-02 09:00:00', -1);
    await order(c, 1, 'O1', 'S1', 'A', '2026-03-01 08:00:00', 2);
    await order(c, 1, 'O2', 'S1', 'A', '2026-03-01 08:30:00', 4, 'cancelled');
    await order(c, 1, 'O3', 'S1', 'A', '2026-03-01 09:00:00', 1, 'returned');
    await order(c, 1, 'O4', 'S1', 'A', '2026-03-05 09:00:00', 3);
    await order(c, 1, 'O5', 'S1', 'A', '2026-03-06 09:00:00', 1);
    const first = await refreshDemand(c);
    expect(first).toMatchObject({ mode: 'full', fromFileId: 0, toFileId: 1, inserted: 4 });
    expect(await cells(c, 'S1', 'A')).toEqual([
      { day: '2026-03-01', shelf: 2, order: 2, returned: 2, censored: false, onHand: null },
      // A return-only day: shelf floored at 0, the return still counted.
      { day: '2026-03-02', shelf: 0, order: 0, returned: 1, censored: false, onHand: null },
      { day: '2026-03-05', shelf: 0, order: 3, returned: 0, censored: false, onHand: null },
      { day: '2026-03-06', shelf: 0, order: 1, returned: 0, censored: false, onHand: null },
    ]);

    // Status updates arrive in a later file and rewrite the lines' file_id.
    await fileRow(c, 2);
    await setStatus(c, 2, 'O1', 'cancelled');
    await setStatus(c, 2, 'O4', 'returned');
    await setStatus(c, 2, 'O5', 'cancelled');
    await refreshAndCompare();
    expect(await cells(c, 'S1', 'A')).toEqual([
      { day: '2026-03-01', shelf: 2, order: 0, returned: 2, censored: false, onHand: null },
      { day: '2026-03-02', shelf: 0, order: 0, returned: 1, censored: false, onHand: null },
      { day: '2026-03-05', shelf: 0, order: 0, returned: 3, censored: false, onHand: null },
      // 03-06 had only the cancelled order: no demand, no row.
    ]);
  });

  it('nets a return line against the sale it gives back, else on its own day, the same incrementally', async () => {
    const c = wh.connection;
    await fileRow(c, 1);
    await order(c, 1, 'S-1', 'S1', 'A', '2026-03-01 08:00:00', 6, 'placed', 'K1');
    await order(c, 1, 'S-2', 'S1', 'A', '2026-03-02 08:00:00', 2, 'placed', 'K1');
    await order(c, 1, 'S-3', 'S1', 'A', '2026-03-04 08:00:00', 5, 'placed', 'K2');
    await refreshDemand(c);
    // File 2: K1 gives back 6 (same quantity as the older sale: that one, not the later 2), then 2
    // more (the 2-unit sale), then 3 (no sale left with room: nets on its own day); an anonymous
    // return of 1 nets on its own day; K2 gives back 2 of its 5.
    await fileRow(c, 2);
    await order(c, 2, 'C-1', 'S1', 'A', '2026-03-04 09:00:00', 6, 'return', 'K1');
    await order(c, 2, 'C-2', 'S1', 'A', '2026-03-04 10:00:00', 2, 'return', 'K1');
    await order(c, 2, 'C-3', 'S1', 'A', '2026-03-05 10:00:00', 3, 'return', 'K1');
    await order(c, 2, 'C-4', 'S1', 'A', '2026-03-04 11:00:00', 1, 'return', null);
    await order(c, 2, 'C-5', 'S1', 'A', '2026-03-06 11:00:00', 2, 'return', 'K2');
    await refreshAndCompare();
    expect(await cells(c, 'S1', 'A')).toEqual([
      { day: '2026-03-01', shelf: 0, order: 0, returned: 6, censored: false, onHand: null },
      { day: '2026-03-02', shelf: 0, order: 0, returned: 2, censored: false, onHand: null },
      // 5 sold by K2, 2 of them back; the anonymous 1 nets here too.
      { day: '2026-03-04', shelf: 0, order: 2, returned: 3, censored: false, onHand: null },
      // Nothing sold that day: the overflowing 3 floor at zero demand and still count as returned.
      { day: '2026-03-05', shelf: 0, order: 0, returned: 3, censored: false, onHand: null },
    ]);
    // A sale told later (file 3) with an earlier time, same customer and quantity as C-3: the return
    // moves to it, and the incremental refresh recomputes both days.
    await fileRow(c, 3);
    await order(c, 3, 'S-4', 'S1', 'A', '2026-03-03 08:00:00', 3, 'placed', 'K1');
    await refreshAndCompare();
    expect((await cells(c, 'S1', 'A')).map((x) => [x.day, x.order, x.returned])).toEqual([
      ['2026-03-01', 0, 6], ['2026-03-02', 0, 2], ['2026-03-03', 0, 3], ['2026-03-04', 2, 3],
    ]);
  });

  it('puts an event on its Asia/Shanghai day whatever the session time zone', async () => {
    const c = wh.connection;
    await fileRow(c, 1);
    await till(c, 1, 'S1', 'A', '2026-03-09 23:59:00', 1);
    // 2026-03-09 16:01 UTC: a UTC day would put it on the 9th.
    await till(c, 1, 'S1', 'A', '2026-03-10 00:01:00', 2);
    await refreshDemand(c);
    const expected = [
      { day: '2026-03-09', shelf: 1, order: 0, returned: 0, censored: false, onHand: null },
      { day: '2026-03-10', shelf: 2, order: 0, returned: 0, censored: false, onHand: null },
    ];
    expect(await cells(c, 'S1', 'A')).toEqual(expected);
    await c.run(`SET TimeZone = 'UTC'`);
    await refreshDemand(c, { full: true });
    expect(await cells(c, 'S1', 'A')).toEqual(expected);
  });

  it("puts a store's events on its own local day, and moves every day when the store's zone changes", async () => {
    const c = wh.connection;
    await c.run(`INSERT INTO stores (store_id, village_id, name_zh, name_pinyin, kind, lead_time_days, review_period_days,
      service_level, min_order_units, timezone) VALUES ('UK', 'V1', '店', 'dian', 'mom_and_pop', 2, 7, 0.9, 1, 'Europe/London')`);
    await fileRow(c, 1);
    // 02:00 in Shanghai is 18:00 the evening before in London (UTC+0 in March).
    await till(c, 1, 'UK', 'A', '2026-03-01 02:00:00', 3);
    await order(c, 1, 'O1', 'UK', 'A', '2026-03-02 05:00:00', 2);
    await till(c, 1, 'CN', 'A', '2026-03-01 02:00:00', 1);
    await refreshDemand(c);
    expect(await cells(c, 'UK', 'A')).toEqual([
      { day: '2026-02-28', shelf: 3, order: 0, returned: 0, censored: false, onHand: null },
      { day: '2026-03-01', shelf: 0, order: 2, returned: 0, censored: false, onHand: null },
    ]);
    expect((await cells(c, 'CN', 'A')).map((x) => x.day)).toEqual(['2026-03-01']);

    // A later file: the incremental path finds the London day too (its bound must not cut it).
    await fileRow(c, 2);
    await till(c, 2, 'UK', 'A', '2026-03-01 03:00:00', 1);
    await refreshAndCompare();
    expect((await cells(c, 'UK', 'A'))[0]).toMatchObject({ day: '2026-02-28', shelf: 4 });

    // No new file, but the store now keeps Shanghai days: a refresh is work, and every day moves.
    await c.run(`UPDATE stores SET timezone = NULL WHERE store_id = 'UK'`);
    const moved = await refreshDemand(c);
    expect(moved.mode).toBe('incremental');
    expect((await cells(c, 'UK', 'A')).map((x) => [x.day, x.shelf, x.order])).toEqual([['2026-03-01', 4, 0], ['2026-03-02', 0, 2]]);
    const after = await snapshot(c);
    await refreshDemand(c, { full: true });
    expect(await snapshot(c)).toEqual(after);
    expect((await refreshDemand(c)).mode).toBe('noop');
  });

  it('censors the stock-out day and the empty days up to the restock, and open spans up to the store horizon', async () => {
    const c = wh.connection;
    await fileRow(c, 1);
    await count(c, 1, 'S1', 'B', '2026-03-01', 5);
    await till(c, 1, 'S1', 'B', '2026-03-03 15:00:00', 2);
    await count(c, 1, 'S1', 'B', '2026-03-03', 0);
    await count(c, 1, 'S1', 'B', '2026-03-06', 4);
    await till(c, 1, 'S1', 'B', '2026-03-07 10:00:00', 1);
    await count(c, 1, 'S1', 'C', '2026-03-08', 0);
    await till(c, 1, 'S1', 'A', '2026-03-10 09:00:00', 1);
    await refreshDemand(c);
    expect(await cells(c, 'S1', 'B')).toEqual([
      { day: '2026-03-03', shelf: 2, order: 0, returned: 0, censored: true, onHand: 0 },
      { day: '2026-03-04', shelf: 0, order: 0, returned: 0, censored: true, onHand: null },
      { day: '2026-03-05', shelf: 0, order: 0, returned: 0, censored: true, onHand: null },
      // 03-06 restocked and nothing sold: not stored.
      { day: '2026-03-07', shelf: 1, order: 0, returned: 0, censored: false, onHand: null },
    ]);
    const days = async (sku: string): Promise<string[]> => (await cells(c, 'S1', sku)).filter((x) => x.censored).map((x) => x.day);
    expect(await days('C')).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);

    // New sales move the store's horizon: the open span grows.
    await fileRow(c, 2);
    await till(c, 2, 'S1', 'A', '2026-03-12 09:00:00', 1);
    await refreshAndCompare();
    expect(await days('C')).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12']);

    // A restock count closes it.
    await fileRow(c, 3);
    await count(c, 3, 'S1', 'C', '2026-03-11', 6);
    await refreshAndCompare();
    expect(await days('C')).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);

    // A late count inside B's span (a recount found stock on 03-05) cuts it short.
    await fileRow(c, 4);
    await count(c, 4, 'S1', 'B', '2026-03-05', 1);
    await refreshAndCompare();
    expect(await days('B')).toEqual(['2026-03-03', '2026-03-04']);
  });

  it('is a no-op the second time and keeps the watermark', async () => {
    const c = wh.connection;
    await fileRow(c, 1);
    await till(c, 1, 'S1', 'A', '2026-03-01 10:00:00', 3);
    await refreshDemand(c);
    const before = await snapshot(c);
    const again = await refreshDemand(c);
    expect(again).toMatchObject({ mode: 'noop', fromFileId: 1, toFileId: 1, inserted: 0, deleted: 0 });
    expect(await snapshot(c)).toEqual(before);
    expect(await demandWatermark(c)).toBe(1);
  });

  it('leaves the table and watermark as they were when a refresh fails midway', async () => {
    const c = wh.connection;
    await fileRow(c, 1);
    await till(c, 1, 'S1', 'A', '2026-03-01 10:00:00', 3);
    await refreshDemand(c);
    const before = await snapshot(c);
    await fileRow(c, 2);
    await till(c, 2, 'S1', 'A', '2026-03-01 12:00:00', 1);
    // Finding the touched cells does not read is_return, computing them does: the failure comes after
    // the touched cell was deleted, so only the rollback can bring it back.
    await c.run(`ALTER TABLE till_lines RENAME COLUMN is_return TO was_return`);
    await expect(refreshDemand(c)).rejects.toMatchObject({ code: 'INTERNAL' });
    await c.run(`ALTER TABLE till_lines RENAME COLUMN was_return TO is_return`);
    expect(await snapshot(c)).toEqual(before);
    expect(await demandWatermark(c)).toBe(1);
    const redo = await refreshDemand(c);
    expect(redo).toMatchObject({ mode: 'incremental', toFileId: 2, deleted: 1, inserted: 1 });
    expect((await cells(c, 'S1', 'A'))[0]?.shelf).toBe(4);
  });
});
