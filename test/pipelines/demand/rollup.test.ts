import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { refreshDemand } from '../../../pipelines/demand/aggregate.ts';
import { demandHierarchy, productHierarchy } from '../../../pipelines/demand/hierarchy.ts';
import { dailyDemand, demandRows, weeklyDemand } from '../../../pipelines/demand/rollup.ts';
import { count, fileRow, order, till } from './facts.ts';

describe('hierarchies and roll-ups', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    const c = wh.connection;
    await c.run(`INSERT INTO provinces VALUES ('P', '江西', 'Jiangxi')`);
    await c.run(`INSERT INTO counties VALUES ('C1', 'P', '信丰', 'Xinfeng')`);
    await c.run(`INSERT INTO towns VALUES ('T1', 'C1', '镇一', 'Zhenyi'), ('T2', 'C1', '镇二', 'Zhener')`);
    await c.run(`INSERT INTO villages VALUES ('V1', 'T1', '村一', 'Cunyi', 100), ('V2', 'T2', '村二', 'Cuner', 200)`);
    await c.run(`INSERT INTO stores (store_id, village_id, name_zh, name_pinyin, kind, lead_time_days, review_period_days, service_level)
      VALUES ('S1', 'V1', '店一', 'Dianyi', 'mom_and_pop', 2, 7, 0.9), ('S2', 'V2', '店二', 'Dianer', 'service_centre', 3, 7, 0.95)`);
    // Subcategory 'Y' under two categories: ids must keep them apart.
    await c.run(`INSERT INTO products (sku, name_zh, name_en, category, subcategory, brand, unit, pack_size, list_price) VALUES
      ('A', '甲', 'a', 'X', 'Y', 'b', 'pc', 1, 1), ('B', '乙', 'b', 'X', 'Y', 'b', 'pc', 1, 1), ('D', '丁', 'd', 'Z', 'Y', 'b', 'pc', 1, 1)`);
    await fileRow(c, 1);
    await till(c, 1, 'S1', 'A', '2026-03-02 10:00:00', 2); // Monday
    await till(c, 1, 'S2', 'A', '2026-03-08 10:00:00', 3); // Sunday, same ISO week
    await count(c, 1, 'S2', 'A', '2026-03-08', 0);
    await till(c, 1, 'S2', 'B', '2026-03-09 10:00:00', 1); // next Monday
    await order(c, 1, 'O1', 'S1', 'D', '2026-03-03 10:00:00', 5);
    await refreshDemand(c);
  });
  afterAll(async () => {
    await wh.close();
  });

  it('lists geography and product parents', async () => {
    const geo = await demandHierarchy(wh.connection);
    expect(geo.map((n) => `${n.level}:${n.id}->${n.parentId}`)).toEqual([
      'store:S1->V1', 'store:S2->V2', 'village:V1->T1', 'village:V2->T2', 'town:T1->C1', 'town:T2->C1', 'county:C1->P', 'province:P->null',
    ]);
    expect(geo[0]).toMatchObject({ nameZh: '店一', namePinyin: 'Dianyi' });
    const prod = await productHierarchy(wh.connection);
    expect(prod.map((n) => `${n.level}:${n.id}->${n.parentId}`)).toEqual([
      'sku:A->X/Y', 'sku:B->X/Y', 'sku:D->Z/Y', 'subcategory:X/Y->X', 'subcategory:Z/Y->Z', 'category:X->null', 'category:Z->null',
    ]);
  });

  it('sums ISO weeks (Monday start) up to county and category', async () => {
    const w = demandRows(await weeklyDemand(wh.connection, { level: 'county', productLevel: 'category' }));
    expect(w).toEqual([
      { nodeId: 'C1', productId: 'X', period: '2026-03-02', shelfUnits: 5, orderUnits: 0, totalUnits: 5, returnedUnits: 0, censoredDays: 1 },
      { nodeId: 'C1', productId: 'Z', period: '2026-03-02', shelfUnits: 0, orderUnits: 5, totalUnits: 5, returnedUnits: 0, censoredDays: 0 },
      // S2/A stays censored after its zero count up to S2's last day (03-09): one more censored day.
      { nodeId: 'C1', productId: 'X', period: '2026-03-09', shelfUnits: 1, orderUnits: 0, totalUnits: 1, returnedUnits: 0, censoredDays: 1 },
    ]);
  });

  it('keeps subcategories of different categories apart and filters days', async () => {
    const d = demandRows(await dailyDemand(wh.connection, { level: 'town', productLevel: 'subcategory', from: '2026-03-03', to: '2026-03-08' }));
    expect(d.map((r) => `${r.period} ${r.nodeId} ${r.productId} ${r.totalUnits}`)).toEqual([
      '2026-03-03 T1 Z/Y 5',
      '2026-03-08 T2 X/Y 3',
    ]);
    const weekOf = demandRows(await weeklyDemand(wh.connection, { level: 'store', productLevel: 'sku', from: '2026-03-04', to: '2026-03-04' }));
    expect(weekOf.map((r) => `${r.nodeId} ${r.productId} ${r.shelfUnits + r.orderUnits}`)).toEqual(['S1 A 2', 'S1 D 5', 'S2 A 3']);
  });

  it('rejects unknown levels', async () => {
    await expect(weeklyDemand(wh.connection, { level: 'city' as never, productLevel: 'sku' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});
