/**
 * The API through inject(), on a real snapshot from the real pipeline: each role sees its own data
 * and nothing else (another tenant's resource is a 404 exactly like a missing one), malformed input
 * gets a clear 4xx, CSV and Arrow bodies hold the same rows as JSON, conditional requests cost a 304.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../api/app.ts';
import { KeyStore, type Role } from '../../pipelines/keys/key-store.ts';
import { BRAND_CELL_COLUMNS, FORECAST_COLUMNS, HIERARCHY_COLUMNS, RESTOCK_COLUMNS, ADVICE_COLUMNS, CALENDAR_COLUMNS } from '../../pipelines/serve/columns.ts';
import type { ServedSnapshot } from '../../pipelines/serve/served-snapshot.ts';
import { fromCsv, type Column, type Row } from '../../pipelines/serve/tabular.ts';
import { buildApiFixture, type ApiFixture } from '../helpers/api-fixture.ts';

let fx: ApiFixture;
let api: Api;
let snap: ServedSnapshot;
const key: Partial<Record<string, string>> = {};
let stores: string[];
let sellers: string[];
let brands: string[];

async function get(url: string, who: string | null, headers: Record<string, string> = {}) {
  return api.app.inject({ url, headers: { ...(who === null ? {} : { authorization: `Bearer ${key[who]}` }), ...headers } });
}

beforeAll(async () => {
  fx = await buildApiFixture('routes');
  const ks = await KeyStore.open(fx.keys);
  api = await Api.create({ snapshots: fx.root, keys: fx.keys, pollMs: 0, rateLimit: 100_000 });
  snap = api.snapshots.current!;
  stores = [...snap.stores.keys()].sort();
  sellers = [...snap.sellers.keys()].sort();
  brands = snap.brands();
  const make = async (name: string, role: Role, scope: object): Promise<void> => { key[name] = (await ks.create(role, scope, name)).key; };
  await make('shop0', 'shopkeeper', { stores: [stores[0]] });
  await make('shop1', 'shopkeeper', { stores: [stores[1]] });
  await make('seller0', 'seller', { seller: sellers[0] });
  await make('brand0', 'brand', { brand: brands[2] });
  await make('analyst', 'analyst', {});
  await make('admin', 'admin', {});
  const revoked = await ks.create('shopkeeper', { stores: [stores[0]!] }, 'revoked');
  key['revoked'] = revoked.key;
  await ks.revoke(revoked.info.id);
  await api.keys.reload();
}, 120_000);
afterAll(async () => { await api?.close(); fx?.cleanup(); });

/** Rows straight from the snapshot's Parquet, not through the server. */
async function parquetCount(dataset: string, where: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${join(fx.root, fx.runId, `${dataset}.parquet`)}') WHERE ${where}`);
  c.closeSync();
  db.closeSync();
  return Number(r.getRows()[0]![0]);
}

describe('each role sees exactly its own data', () => {
  it("a shopkeeper gets its store's suggestions, all of them, in both languages", async () => {
    const r = await get(`/v1/stores/${stores[0]}/restock`, 'shop0');
    expect(r.statusCode).toBe(200);
    const body = r.json() as { snapshot: string; rows: Row[] };
    expect(body.snapshot).toBe(fx.runId);
    expect(body.rows.length).toBe(await parquetCount('restock_suggestions', `store_id = '${stores[0]}'`));
    // Order-now lines first.
    const flags = body.rows.map((x) => x['order_now']);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    const en = (await get(`/v1/stores/${stores[0]}/restock?lang=en`, 'shop0')).json() as { rows: Row[] };
    const al = (await get(`/v1/stores/${stores[0]}/restock`, 'shop0', { 'accept-language': 'en-GB,en;q=0.9' })).json() as { rows: Row[] };
    expect(en.rows).toEqual(al.rows);
    expect(en.rows[0]!['reason']).not.toBe(body.rows[0]!['reason']);
    expect(String(en.rows[0]!['reason'])).toMatch(/^[\x20-\x7e]+$/);
    const now = (await get(`/v1/stores/${stores[0]}/restock?order_now=true&sort=cash`, 'shop0')).json() as { rows: Row[] };
    expect(now.rows.every((x) => x['order_now'] === true)).toBe(true);
    const cash = now.rows.map((x) => Number(x['cash_needed']));
    expect(cash).toEqual([...cash].sort((a, b) => b - a));
  });

  it("another store's suggestions answer 404, byte for byte as a store that does not exist", async () => {
    const other = await get(`/v1/stores/${stores[1]}/restock`, 'shop0');
    const missing = await get(`/v1/stores/NOPE/restock`, 'shop0');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ code: 'NOT_FOUND', message: `no store ${stores[1]}` });
    expect(missing.json()).toEqual({ code: 'NOT_FOUND', message: 'no store NOPE' });
  });

  it('store and village forecasts are paged by cursor and filtered by SKU and category', async () => {
    const all = await parquetCount('forecasts', `level = 'store' AND node_id = '${stores[0]}'`);
    const seen: Row[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`/v1/stores/${stores[0]}/forecasts?limit=50${cursor ? `&cursor=${cursor}` : ''}`, 'shop0');
      expect(r.statusCode).toBe(200);
      const b = r.json() as { rows: Row[]; next_cursor: string | null };
      seen.push(...b.rows);
      cursor = b.next_cursor;
    } while (cursor !== null);
    expect(seen.length).toBe(all);
    expect(new Set(seen.map((x) => `${x['sku']}/${x['day']}`)).size).toBe(all);
    const sku = String(seen[0]!['sku']);
    const one = (await get(`/v1/stores/${stores[0]}/forecasts?sku=${sku}&limit=5000`, 'shop0')).json() as { rows: Row[] };
    expect(one.rows.every((x) => x['sku'] === sku)).toBe(true);
    expect(one.rows.length).toBe(seen.filter((x) => x['sku'] === sku).length);
    const cat = String(seen[0]!['category']);
    const byCat = (await get(`/v1/stores/${stores[0]}/forecasts?category=${encodeURIComponent(cat)}&limit=5000`, 'shop0')).json() as { rows: Row[] };
    expect(byCat.rows.length).toBe(seen.filter((x) => x['category'] === cat).length);
    for (const x of seen) expect(Number(x['q99'])).toBeGreaterThanOrEqual(Number(x['q50']));
    const village = snap.villageOfStore(stores[0]!)!;
    expect((await get(`/v1/villages/${village}/forecasts?limit=1`, 'shop0')).statusCode).toBe(200);
    const foreign = [...snap.chains.keys()].find((v) => v !== village && !stores.some((s) => snap.villageOfStore(s) === v && s === stores[0]))!;
    expect((await get(`/v1/villages/${foreign}/forecasts?limit=1`, 'shop0')).statusCode).toBe(404);
  });

  it('a village has order-channel forecasts per category, apart from its shelf forecasts', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const orderVillage = String((await c.runAndReadAll(`SELECT min(village_id) FROM read_parquet('${join(fx.root, fx.runId, 'order_forecasts.parquet')}')`)).getRows()[0]![0]);
    c.closeSync();
    db.closeSync();
    // The sample's service centres take orders; a village of one of them.
    const village = orderVillage;
    expect(snap.chains.has(village)).toBe(true);
    const all = await parquetCount('order_forecasts', `village_id = '${village}'`);
    expect(all).toBeGreaterThan(0);
    const r = await get(`/v1/villages/${village}/order-forecasts?limit=5000`, 'analyst');
    expect(r.statusCode).toBe(200);
    const rows = (r.json() as { rows: Row[] }).rows;
    expect(rows.length).toBe(all);
    expect(rows.every((x) => x['village_id'] === village && Number(x['mean']) >= 0 && Number(x['q99']) >= Number(x['q50']))).toBe(true);
    const cat = String(rows[0]!['category']);
    const one = (await get(`/v1/villages/${village}/order-forecasts?category=${encodeURIComponent(cat)}&limit=5000`, 'analyst')).json() as { rows: Row[] };
    expect(one.rows.length).toBe(rows.filter((x) => x['category'] === cat).length);
    expect(one.rows.length).toBeLessThan(rows.length);
    expect((await get(`/v1/villages/${village}/order-forecasts?category=nope`, 'analyst')).statusCode).toBe(404);
  });

  it('a seller gets its own advice and the calendars of its village, county and province only', async () => {
    const r = await get(`/v1/sellers/${sellers[0]}/advice?weeks=6&lang=en`, 'seller0');
    expect(r.statusCode).toBe(200);
    const rows = (r.json() as { rows: Row[] }).rows;
    expect(rows.length).toBe(await parquetCount('listing_advice', `seller_id = '${sellers[0]}' AND weeks = 6`));
    expect(rows.map((x) => x['rank'])).toEqual(rows.map((_, i) => i + 1));
    expect((await get(`/v1/sellers/${sellers[1]}/advice`, 'seller0')).statusCode).toBe(404);
    const chain = snap.chains.get(snap.sellers.get(sellers[0]!)!)!;
    for (const level of ['village', 'county', 'province'] as const) {
      const c = await get(`/v1/produce/${level}/${chain[level]}/calendar`, 'seller0');
      expect(c.statusCode).toBe(200);
      expect((c.json() as { rows: Row[] }).rows.every((x) => x['node_id'] === chain[level] && x['level'] === level)).toBe(true);
    }
    const otherVillage = [...snap.chains.keys()].find((v) => v !== chain.village)!;
    expect((await get(`/v1/produce/village/${otherVillage}/calendar`, 'seller0')).statusCode).toBe(404);
    expect((await get(`/v1/produce/village/${otherVillage}/calendar`, 'analyst')).statusCode).toBe(200);
  });

  it("a brand gets its own brand's published cells and margins, never another brand, never a store", async () => {
    const r = await get(`/v1/brands/${encodeURIComponent(brands[2]!)}/cells?by=county`, 'brand0');
    expect(r.statusCode).toBe(200);
    const rows = (r.json() as { rows: Row[] }).rows;
    expect(rows.some((x) => x['suppressed'] === false)).toBe(true);
    expect(rows.some((x) => x['suppressed'] === true)).toBe(true);
    for (const x of rows) {
      expect([brands[2], 'ALL']).toContain(x['brand']);
      expect(['county', 'all']).toContain(x['region_level']);
      if (x['suppressed']) { expect(x['value_yuan']).toBeNull(); expect(x['reason']).not.toBeNull(); }
    }
    expect((await get(`/v1/brands/${encodeURIComponent(brands[3]!)}/cells`, 'brand0')).statusCode).toBe(404);
    expect((await get(`/v1/brands/${encodeURIComponent(brands[3]!)}/cells`, 'analyst')).statusCode).toBe(200);
    expect((await get(`/v1/stores/${stores[0]}/restock`, 'brand0')).statusCode).toBe(404);
    const h = (await get('/v1/hierarchy', 'brand0')).json() as { rows: Row[] };
    expect(new Set(h.rows.map((x) => x['level']))).toEqual(new Set(['province', 'county']));
    for (const t of ['price-bands', 'events', 'basket', 'adoption']) {
      expect((await get(`/v1/brands/${encodeURIComponent(brands[2]!)}/${t}`, 'brand0')).statusCode).toBe(200);
    }
  });

  it('the hierarchy shows a shopkeeper its own chain and store, an analyst no store, an admin all', async () => {
    const shop = (await get('/v1/hierarchy', 'shop0')).json() as { rows: Row[] };
    expect(shop.rows.filter((x) => x['level'] === 'store').map((x) => x['id'])).toEqual([stores[0]]);
    expect(shop.rows.filter((x) => x['level'] === 'village')).toHaveLength(1);
    const an = (await get('/v1/hierarchy', 'analyst')).json() as { rows: Row[] };
    expect(an.rows.some((x) => x['level'] === 'store')).toBe(false);
    const ad = (await get('/v1/hierarchy', 'admin')).json() as { rows: Row[] };
    expect(ad.rows.filter((x) => x['level'] === 'store').length).toBe(stores.length);
  });

  it('admins list keys without any secret, and runs; shopkeepers cannot', async () => {
    const r = await get('/v1/keys', 'admin');
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toMatch(/rdk_|hash/);
    expect((r.json() as { rows: Row[] }).rows.length).toBe(7);
    expect((await get('/v1/runs', 'admin')).statusCode).toBe(200);
    expect((await get('/v1/keys', 'shop0')).statusCode).toBe(404);
    expect((await get('/v1/runs', 'shop0')).statusCode).toBe(404);
  });
});

describe('malformed input gets a clear 4xx', () => {
  const cases: [string, string, Record<string, string>, number, RegExp][] = [
    ['no key', 'shop0', { authorization: '' }, 401, /Bearer/],
    ['not a bearer', 'shop0', { authorization: 'Basic abc' }, 401, /Bearer/],
    ['malformed key', 'shop0', { authorization: 'Bearer rdk_zz' }, 401, /Bearer/],
    ['wrong secret', 'shop0', { authorization: 'Bearer rdk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 401, /Bearer/],
    ['bad Accept', 'shop0', { accept: 'application/xml' }, 406, /text\/csv/],
  ];
  for (const [name, who, headers, status, message] of cases) {
    it(name, async () => {
      const r = await get(`/v1/stores/${stores[0]}/restock`, who, headers);
      expect(r.statusCode).toBe(status);
      expect(r.json().message).toMatch(message);
    });
  }

  it('a revoked key gets 401', async () => {
    expect((await get(`/v1/stores/${stores[0]}/restock`, 'revoked')).statusCode).toBe(401);
  });

  const queries: [string, number, RegExp][] = [
    ['bogus=1', 400, /unknown field 'bogus'/],
    ['limit=0', 400, /limit/],
    ['limit=abc', 400, /limit/],
    ['lang=fr', 400, /lang/],
    ['format=xml', 400, /format/],
    ['sort=price', 400, /sort/],
    ['cursor=***', 400, /cursor/],
    [`cursor=${Buffer.from('other-run:10').toString('base64url')}`, 409, /older snapshot/],
    [`cursor=${Buffer.from('garbage').toString('base64url')}`, 400, /cursor/],
    [`x=${'a'.repeat(3000)}`, 414, /too long/],
  ];
  for (const [q, status, message] of queries) {
    it(`?${q.slice(0, 40)} answers ${status}`, async () => {
      const r = await get(`/v1/stores/${stores[0]}/restock?${q}`, 'shop0');
      expect(r.statusCode).toBe(status);
      expect(r.json().code).toBeTypeOf('string');
      expect(r.json().message).toMatch(message);
    });
  }

  it('bad ids: too long or with control characters are a 400, unknown ones a 404', async () => {
    expect((await get(`/v1/stores/${'S'.repeat(150)}/restock`, 'shop0')).statusCode).toBe(400);
    expect((await get(`/v1/stores/%01%02/restock`, 'shop0')).statusCode).toBe(400);
    expect((await get(`/v1/produce/town/${stores[0]}/calendar`, 'seller0')).statusCode).toBe(400);
    expect((await get(`/v1/nothing-here`, 'shop0')).statusCode).toBe(404);
  });
});

describe('formats and caching', () => {
  const tables: [string, string, readonly Column[]][] = [
    ['restock', '/v1/stores/$store/restock', RESTOCK_COLUMNS],
    ['forecasts', '/v1/stores/$store/forecasts?limit=200', FORECAST_COLUMNS],
    ['hierarchy', '/v1/hierarchy', HIERARCHY_COLUMNS],
  ];
  for (const [name, path, columns] of tables) {
    it(`${name}: CSV and Arrow bodies hold the same rows as JSON`, async () => {
      const url = path.replace('$store', stores[0]!);
      const json = (await get(url, 'shop0')).json() as { rows: Row[] };
      expect(json.rows.length).toBeGreaterThan(0);
      const csv = await get(url, 'shop0', { accept: 'text/csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(fromCsv(columns, csv.body)).toEqual(json.rows);
      const arrow = await get(`${url}${url.includes('?') ? '&' : '?'}format=arrow`, 'shop0');
      expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
      const t = tableFromIPC(arrow.rawPayload);
      expect(t.toArray().map((r) => Object.fromEntries(columns.map((c) => [c.name, (r as Record<string, unknown>)[c.name] ?? null])))).toEqual(json.rows);
    });
  }

  it('brand, advice and calendar tables round-trip through CSV and Arrow too', async () => {
    const pairs: [string, string, readonly Column[]][] = [
      [`/v1/brands/${encodeURIComponent(brands[2]!)}/cells`, 'brand0', BRAND_CELL_COLUMNS],
      [`/v1/sellers/${sellers[0]}/advice`, 'seller0', ADVICE_COLUMNS],
      [`/v1/produce/village/${snap.sellers.get(sellers[0]!)}/calendar`, 'seller0', CALENDAR_COLUMNS],
    ];
    for (const [url, who, columns] of pairs) {
      const json = (await get(url, who)).json() as { rows: Row[] };
      expect(json.rows.length).toBeGreaterThan(0);
      expect(fromCsv(columns, (await get(`${url}?format=csv`, who)).body)).toEqual(json.rows);
      const t = tableFromIPC((await get(url, who, { accept: 'application/vnd.apache.arrow.stream' })).rawPayload);
      expect(t.toArray().map((r) => Object.fromEntries(columns.map((c) => [c.name, (r as Record<string, unknown>)[c.name] ?? null])))).toEqual(json.rows);
    }
  });

  it('an unchanged answer costs a 304, by ETag or by date; another key or format gets its own ETag', async () => {
    const url = `/v1/stores/${stores[0]}/restock`;
    const first = await get(url, 'shop0');
    const etag = String(first.headers['etag']);
    expect(etag).toMatch(/^W\/"api-1\./);
    const again = await get(url, 'shop0', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const byDate = await get(url, 'shop0', { 'if-modified-since': String(first.headers['last-modified']) });
    expect(byDate.statusCode).toBe(304);
    const csv = await get(`${url}?format=csv`, 'shop0', { 'if-none-match': etag });
    expect(csv.statusCode).toBe(200);
  });

  it('large bodies are compressed when the client accepts it', async () => {
    const r = await get(`/v1/stores/${stores[0]}/forecasts?limit=2000`, 'shop0', { 'accept-encoding': 'br, gzip' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
  });

  it('the OpenAPI document validates and lists every route', async () => {
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    const doc = (await get('/docs/json', null)).json() as { paths: Record<string, Record<string, unknown>> };
    await SwaggerParser.validate(structuredClone(doc) as never);
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const served = api.routes.filter((r) => !r.url.startsWith('/docs')).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThanOrEqual(17);
    for (const r of served) expect(documented.has(r), r).toBe(true);
    expect((await get('/docs', null)).statusCode).toBeLessThan(400);
  });
});

describe('failures', () => {
  it('a snapshot file that cannot be read gets a 500 with no internal text', async () => {
    const root2 = `${fx.root}-broken`;
    cpSync(fx.root, root2, { recursive: true });
    const api2 = await Api.create({ snapshots: root2, keys: fx.keys, pollMs: 0 });
    try {
      rmSync(join(root2, fx.runId, 'forecasts.parquet'));
      const r = await api2.app.inject({ url: `/v1/stores/${stores[0]}/forecasts`, headers: { authorization: `Bearer ${key['shop0']}` } });
      expect(r.statusCode).toBe(500);
      expect(r.json()).toEqual({ code: 'INTERNAL', message: 'Internal error' });
      expect(r.body).not.toMatch(/parquet|duckdb|IO Error|\/tmp|at /i);
      // The in-memory tables still answer.
      expect((await api2.app.inject({ url: `/v1/stores/${stores[0]}/restock`, headers: { authorization: `Bearer ${key['shop0']}` } })).statusCode).toBe(200);
    } finally {
      await api2.close();
    }
  });

  it('a key over its rate limit gets 429 with the catalogue message', async () => {
    const api3 = await Api.create({ snapshots: fx.root, keys: fx.keys, pollMs: 0, rateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await api3.app.inject({ url: '/v1/hierarchy', headers: { authorization: `Bearer ${key['analyst']}` } })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const r = await api3.app.inject({ url: '/v1/hierarchy', headers: { authorization: `Bearer ${key['analyst']}` } });
      expect(r.json()).toEqual({ code: 'RATE_LIMITED', message: 'Too many requests for this key: slow down' });
      // Another key has its own budget.
      expect((await api3.app.inject({ url: '/v1/hierarchy', headers: { authorization: `Bearer ${key['admin']}` } })).statusCode).toBe(200);
    } finally {
      await api3.close();
    }
  });
});
