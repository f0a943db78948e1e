/**
 * repeatBuyers against the direct count (distinct orders per customer in each cell, by perCell),
 * on order lines where one order holds several brands and categories and customers order in
 * several months and counties: every cell's two counts must be equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { PERIOD, PRODUCT, REGION } from '../../../pipelines/insights/brand-cubes.ts';
import { perCell } from '../../../pipelines/insights/cube.ts';
import { repeatBuyers } from '../../../pipelines/insights/repeat-buyers.ts';
import { uniforms } from '../../../pipelines/restock/random.ts';

describe('repeatBuyers', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    const u = uniforms(3);
    const rows: string[] = [];
    for (let order = 0; order < 600; order++) {
      const county = Math.floor(u() * 4);
      const month = 1 + Math.floor(u() * 4);
      const yr = month <= 2 ? 'ALL_PREV' : 'ALL';
      const customer = `'c:${Math.floor(u() * 60)}'`;
      const lines = 1 + Math.floor(u() * 4);
      for (let l = 0; l < lines; l++) {
        const b = Math.floor(u() * 6);
        rows.push(`('p${county % 2}', 'k${county}', '${yr}', '2026-0${month}', 'cat${b % 3}', 'b${b}', ${customer}, 'o${order}')`);
      }
    }
    // Till lines: no order customer, must count nowhere.
    for (let i = 0; i < 50; i++) rows.push(`('p0', 'k0', 'ALL', '2026-03', 'cat0', 'b0', NULL, NULL)`);
    await wh.connection.run(`CREATE TABLE lines (province_id VARCHAR, county_id VARCHAR, yr VARCHAR, month VARCHAR,
      category VARCHAR, brand VARCHAR, order_customer VARCHAR, order_id VARCHAR)`);
    await wh.connection.run(`INSERT INTO lines VALUES ${rows.join(', ')}`);
  });
  afterAll(async () => { await wh.close(); });

  it('gives every cell the customers and repeat customers a distinct count per cell gives', async () => {
    const dims = [REGION, PERIOD, PRODUCT];
    const fast = await repeatBuyers(wh.connection, 'lines', dims);
    const direct = await perCell(wh.connection, 'lines', dims, 'order_customer, count(DISTINCT order_id) AS n',
      'count(*), count(*) FILTER (WHERE n >= 2)', 'order_customer IS NOT NULL');
    expect(fast.size).toBe(direct.size);
    let repeats = 0;
    for (const [key, [customers, repeat]] of direct) {
      expect(fast.get(key), key).toEqual([Number(customers), Number(repeat)]);
      repeats += Number(repeat);
    }
    // Cells with repeat buyers and with none both occur, and a whole-region total is among them.
    expect(repeats).toBeGreaterThan(0);
    expect(fast.get(['ALL', 'ALL', 'ALL'].join('\u0001'))?.[1]).toBeGreaterThan(0);
  });
});
