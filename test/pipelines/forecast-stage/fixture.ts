/**
 * A small warehouse for stage tests: one province, two counties, three towns, five villages (one
 * with two stores, so villages are real aggregates there), three SKUs, Poisson demand with a
 * weekly pattern, and some stock-out days.
 */
import { Warehouse } from '../../../jobs/warehouse.ts';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export function poisson(rand: () => number, mu: number): number {
  let k = 0;
  let p = 1;
  const l = Math.exp(-mu);
  do {
    k += 1;
    p *= rand();
  } while (p > l);
  return k - 1;
}

export const STORES: readonly (readonly [store: string, village: string])[] = [
  ['S1', 'V1'], ['S2', 'V2'], ['S3', 'V3'], ['S3b', 'V3'], ['S4', 'V4'], ['S5', 'V5'],
];
export const SKUS: readonly (readonly [sku: string, mu: number])[] = [['K1', 4], ['K2', 0.3], ['K3', 1.2]];

export async function fixtureWarehouse(options: { days?: number; end?: string; seed?: number; path?: string } = {}): Promise<Warehouse> {
  const wh = await Warehouse.open(options.path ?? ':memory:');
  const c = wh.connection;
  await c.run(`INSERT INTO provinces VALUES ('P1', '江西', 'Jiangxi')`);
  await c.run(`INSERT INTO counties VALUES ('C1', 'P1', '信丰县', 'Xinfeng'), ('C2', 'P1', '寻乌县', 'Xunwu')`);
  await c.run(`INSERT INTO towns VALUES ('T1', 'C1', '大塘埠镇', 'Datangbu'), ('T2', 'C1', '古陂镇', 'Gubei'), ('T3', 'C2', '澄江镇', 'Chengjiang')`);
  await c.run(`INSERT INTO villages VALUES ('V1', 'T1', '甲村', 'Jia', 800), ('V2', 'T1', '乙村', 'Yi', 600),
    ('V3', 'T2', '丙村', 'Bing', 1500), ('V4', 'T3', '丁村', 'Ding', 900), ('V5', 'T3', '戊村', 'Wu', 700)`);
  for (const [i, [s, v]] of STORES.entries()) {
    await c.run(`INSERT INTO stores VALUES ('${s}', '${v}', '店${i}', 'dian${i}', '${i % 2 ? 'mom_and_pop' : 'service_centre'}', ${2 + (i % 3)}, 7, ${i % 2 ? 0.9 : 0.95}, 1, ${i === 0 ? 100 : 'NULL'}, NULL, NULL)`);
  }
  await c.run(`INSERT INTO products VALUES
    ('K1', '酱油', 'Soy sauce', 'grain_oil', 'condiment', 'B', '瓶', 6, 12.5, 9.0, NULL, false),
    ('K2', '电饭煲', 'Rice cooker', 'appliance', 'kitchen', 'B', '台', 1, 199, 150, NULL, false),
    ('K3', '鸡蛋', 'Eggs', 'fresh', 'eggs', 'B', '盒', 1, 15, 11, 10, false)`);
  const days = options.days ?? 140;
  const end = options.end ?? '2026-10-31';
  const rand = lcg(options.seed ?? 7);
  const rows: string[] = [];
  for (const [si, [s]] of STORES.entries()) {
    for (const [sku, mu] of SKUS) {
      for (let t = 0; t < days; t++) {
        const dow = t % 7;
        const d = poisson(rand, mu * (1 + 0.1 * si) * (dow === 5 ? 1.6 : 1));
        // Every 19th day (shifted by store) the shelf runs out after 1 unit.
        const cens = (t + si) % 19 === 0 && d > 1;
        const sold = cens ? 1 : d;
        if (sold === 0 && !cens) continue;
        rows.push(`('${s}', '${sku}', DATE '${end}' - ${days - 1 - t}, ${sold}, 0, 0, ${cens}, ${cens ? 0 : 'NULL'})`);
      }
    }
  }
  await c.run(`INSERT INTO demand_daily VALUES ${rows.join(',')}`);
  for (const [s] of STORES) {
    for (const [sku] of SKUS) {
      await c.run(`INSERT INTO inventory_snapshots VALUES ('${s}', '${sku}', TIMESTAMPTZ '${end} 21:30:00+08', 3, 0, 1)`);
    }
  }
  // demand_daily is filled by hand here: mark it refreshed so the nightly refresh is a no-op.
  await c.run(`INSERT INTO pipeline_watermarks VALUES ('demand_daily', 0, now())`);
  return wh;
}
