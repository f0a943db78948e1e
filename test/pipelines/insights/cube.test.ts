/**
 * loadCube's customer counts with `exactCustomersBelow`: below the cap every cell's count must be
 * the exact number of distinct buyers (the minimum-customers rule reads it), at or above it any
 * number from the cap up to the exact count. Checked cell by cell against the exact load (itself
 * checked against a plain distinct count), on a
 * table whose atoms range from one buyer to thousands and whose buyers span several atoms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { cellKey } from '../../../pipelines/disclosure/index.ts';
import { loadCube } from '../../../pipelines/insights/cube.ts';
import { PRODUCT, REGION } from '../../../pipelines/insights/brand-cubes.ts';
import { uniforms } from '../../../pipelines/restock/random.ts';

describe('loadCube customer counts', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    const u = uniforms(7);
    const rows: string[] = [];
    // County k's brand b has about 40/(1+k*b) buyers: big atoms, and atoms of one or two buyers.
    for (let k = 0; k < 6; k++) {
      for (let b = 0; b < 5; b++) {
        const buyers = Math.max(1, Math.round(40 / (1 + k * b)));
        for (let i = 0; i < buyers * 3; i++) {
          const cust = u() < 0.1 ? 'NULL' : `'c${Math.floor(u() * buyers) + (b % 2) * 7}'`;
          rows.push(`('p${k % 2}', 'k${k}', 's${k}-${i % 3}', ${cust}, 'cat${b % 2}', 'b${b}', ${(1 + u() * 9).toFixed(2)}, 1)`);
        }
      }
    }
    // One atom of 2,000 buyers: its buyers are bounded from a sample (cube.ts), not counted.
    for (let i = 0; i < 2000; i++) rows.push(`('p0', 'k6', 's6-${i % 3}', 'd${i}', 'cat0', 'b0', ${(1 + u() * 9).toFixed(2)}, 1)`);
    await wh.connection.run(`CREATE TABLE lines (province_id VARCHAR, county_id VARCHAR, store_id VARCHAR, cust VARCHAR,
      category VARCHAR, brand VARCHAR, value DOUBLE, units DOUBLE)`);
    await wh.connection.run(`INSERT INTO lines VALUES ${rows.join(', ')}`);
  });
  afterAll(async () => { await wh.close(); });

  it('is exact below the cap and at least the cap (never above the exact count) from it up', async () => {
    const exact = await loadCube(wh.connection, 't', 'lines', [REGION, PRODUCT]);
    const capped = await loadCube(wh.connection, 't', 'lines', [REGION, PRODUCT], { exactCustomersBelow: 10 });
    const byKey = new Map(capped.table.cells.map((c) => [cellKey(c.coords), c]));
    expect(capped.table.cells.length).toBe(exact.table.cells.length);
    let small = 0;
    let large = 0;
    let bounded = 0;
    for (const e of exact.table.cells) {
      const c = byKey.get(cellKey(e.coords))!;
      expect(c.stores).toBe(e.stores);
      if (e.customers < 10) {
        small += 1;
        expect(c.customers, cellKey(e.coords)).toBe(e.customers);
      } else {
        large += 1;
        expect(c.customers).toBeGreaterThanOrEqual(10);
        expect(c.customers).toBeLessThanOrEqual(e.customers);
        if (c.customers < e.customers) bounded += 1;
      }
    }
    // The exact load against a plain distinct count, at the county x brand and whole-table cells.
    const plain = (await wh.connection.runAndReadAll(`SELECT county_id, category || '|' || brand, count(DISTINCT cust) FROM lines GROUP BY ALL
      UNION ALL SELECT 'ALL', 'ALL', count(DISTINCT cust) FROM lines`)).getRows();
    for (const [county, product, n] of plain) {
      expect(exact.table.cells.find((c) => cellKey(c.coords) === cellKey([String(county), String(product)]))?.customers).toBe(Number(n));
    }
    // Both sides of the cap are exercised.
    expect(small).toBeGreaterThan(3);
    expect(large).toBeGreaterThan(10);
    // The 2,000-buyer atom's own cell took the sampled bound (an exact count would be 2,000), so
    // the checks above ran on sampled bounds too.
    const big = byKey.get(cellKey(['k6', 'cat0|b0']))!;
    expect(big.customers).toBeGreaterThanOrEqual(10);
    expect(big.customers).toBeLessThan(2000);
    expect(bounded).toBeGreaterThanOrEqual(3);
  });
});
