import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../../jobs/warehouse.ts';
import { listCatalogue, resolveCategory, resolveKey } from '../../../pipelines/lookup/catalogue.ts';
import { fixtureWarehouse } from '../forecast-stage/fixture.ts';

describe('catalogue lookups', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await fixtureWarehouse();
    await wh.connection.run(`INSERT INTO products VALUES ('K9', '大米', 'Rice 10kg', '粮油 Grain & oil', '米面 Rice & flour', 'B', '袋', 1, 50, 40, NULL, false)`);
  });
  afterAll(async () => { await wh.close(); });

  it('lists stores with their village and county, and searches names in any case', async () => {
    const all = await listCatalogue(wh.connection, 'stores');
    expect(all.rows.map((r) => r[0])).toEqual(['S1', 'S2', 'S3', 'S3b', 'S4', 'S5']);
    expect(all.columns).toContain('county_pinyin');
    const xunwu = await listCatalogue(wh.connection, 'stores', { search: 'xunwu' });
    expect(xunwu.rows.map((r) => r[0])).toEqual(['S4', 'S5']);
    const villages = await listCatalogue(wh.connection, 'villages', { search: '丙村' });
    expect(villages.rows).toHaveLength(1);
    expect(villages.rows[0]![villages.columns.indexOf('stores')]).toBe(2);
    const cats = await listCatalogue(wh.connection, 'categories');
    expect(cats.rows.map((r) => [r[0], r[1]])).toContainEqual(['粮油 Grain & oil', 1]);
    expect((await listCatalogue(wh.connection, 'products', { search: 'rice' })).rows.map((r) => r[0]).sort()).toEqual(['K2', 'K9']);
  });

  it('resolves ids whatever the case, and a miss names the nearest ids', async () => {
    expect(await resolveKey(wh.connection, 'store', 'S3b')).toBe('S3b');
    expect(await resolveKey(wh.connection, 'store', 's3B')).toBe('S3b');
    expect(await resolveKey(wh.connection, 'village', 'v4')).toBe('V4');
    await expect(resolveKey(wh.connection, 'store', 'S33b')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/did you mean S3b/) });
    await expect(resolveKey(wh.connection, 'store', 'nothing-like-it')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.not.stringMatching(/did you mean/) });
  });

  it('resolves a category by its full label, its Chinese or its English part', async () => {
    for (const typed of ['粮油 Grain & oil', '粮油', 'grain & oil', 'GRAIN & OIL']) expect(await resolveCategory(wh.connection, typed)).toBe('粮油 Grain & oil');
    expect(await resolveCategory(wh.connection, 'fresh')).toBe('fresh');
    await expect(resolveCategory(wh.connection, 'grain')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/categories` lists them/) });
  });
});
