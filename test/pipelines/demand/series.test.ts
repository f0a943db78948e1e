import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { refreshDemand } from '../../../pipelines/demand/aggregate.ts';
import { loadStoreSeries } from '../../../pipelines/demand/series.ts';
import { count, fileRow, order, till } from './facts.ts';

describe('loadStoreSeries', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    const c = wh.connection;
    await fileRow(c, 1);
    await till(c, 1, 'S1', 'A', '2026-03-01 10:00:00', 2);
    await order(c, 1, 'O1', 'S1', 'A', '2026-03-02 10:00:00', 4);
    await till(c, 1, 'S1', 'A', '2026-03-03 10:00:00', 1);
    await count(c, 1, 'S1', 'A', '2026-03-03', 0);
    await count(c, 1, 'S1', 'A', '2026-03-04', 3);
    await till(c, 1, 'S1', 'B', '2026-02-20 10:00:00', 1);
    await till(c, 1, 'S1', 'E', '2026-03-09 10:00:00', 1);
    await till(c, 1, 'S2', 'A', '2026-03-05 10:00:00', 7);
    await refreshDemand(c);
  });
  afterAll(async () => {
    await wh.close();
  });

  const plain = (s: { storeId: string; sku: string; start: string; values: Float64Array; censored: Uint8Array }) => ({
    id: `${s.storeId}/${s.sku}`, start: s.start, values: [...s.values], censored: [...s.censored],
  });

  it('zero-fills from the first activity to the as-of day, with the censored mask', async () => {
    const shelf = await loadStoreSeries(wh.connection, { asOf: '2026-03-05', days: 10, measure: 'shelf' });
    expect(shelf.map(plain)).toEqual([
      { id: 'S1/A', start: '2026-03-01', values: [2, 0, 1, 0, 0], censored: [0, 0, 1, 0, 0] },
      // Active before the window only: the whole window, all zeros.
      { id: 'S1/B', start: '2026-02-24', values: Array(10).fill(0), censored: Array(10).fill(0) },
      // S1/E starts after the as-of day: absent.
      { id: 'S2/A', start: '2026-03-05', values: [7], censored: [0] },
    ]);
    const total = await loadStoreSeries(wh.connection, { asOf: '2026-03-05', days: 10, measure: 'total', storeIds: ['S1'], skus: ['A'] });
    expect(total.map(plain)).toEqual([{ id: 'S1/A', start: '2026-03-01', values: [2, 4, 1, 0, 0], censored: [0, 0, 1, 0, 0] }]);
  });

  it('cuts the window at asOf - days + 1', async () => {
    const s = await loadStoreSeries(wh.connection, { asOf: '2026-03-05', days: 3, measure: 'shelf', storeIds: ['S1'] });
    expect(s.map(plain)).toEqual([
      { id: 'S1/A', start: '2026-03-03', values: [1, 0, 0], censored: [1, 0, 0] },
      { id: 'S1/B', start: '2026-03-03', values: [0, 0, 0], censored: [0, 0, 0] },
    ]);
    expect(await loadStoreSeries(wh.connection, { asOf: '2026-03-05', days: 3, measure: 'shelf', storeIds: [] })).toEqual([]);
  });

  it('rejects bad arguments', async () => {
    await expect(loadStoreSeries(wh.connection, { asOf: '2026-3-5', days: 3, measure: 'shelf' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(loadStoreSeries(wh.connection, { asOf: '2026-03-05', days: 0, measure: 'shelf' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});
