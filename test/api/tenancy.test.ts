/**
 * Cross-tenant probing as a property: random keys of every role ask every route for random ids
 * (real ids of other tenants, ids of every kind in the wrong place, made-up ones). The oracle here
 * is written from the key scopes and the snapshot's Parquet files, not from the server's tenancy
 * code. Every answer must be 200 exactly when the oracle allows it and 404 otherwise: 0 leaks.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../api/app.ts';
import { KeyStore, type Role } from '../../pipelines/keys/key-store.ts';
import { buildApiFixture, type ApiFixture } from '../helpers/api-fixture.ts';

interface Who { readonly name: string; readonly role: Role; readonly stores?: string[]; readonly seller?: string; readonly brand?: string; key?: string }
interface Geo { village: string; town: string; county: string; province: string }

let fx: ApiFixture;
let api: Api;
const who: Who[] = [];
let storeVillage: Map<string, string>;
let sellerVillage: Map<string, string>;
let geo: Map<string, Geo>;
let brands: string[];
let sku0: string;
let pool: string[];

async function read(sql: string): Promise<string[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(sql.replaceAll('$', join(fx.root, fx.runId)));
  c.closeSync();
  db.closeSync();
  return r.getRows().map((x) => x.map((v) => String(v)));
}

beforeAll(async () => {
  fx = await buildApiFixture('tenancy');
  storeVillage = new Map((await read(`SELECT store_id, village_id FROM '$/stores.parquet'`)).map(([s, v]) => [s!, v!]));
  sellerVillage = new Map((await read(`SELECT seller_id, village_id FROM '$/sellers.parquet'`)).map(([s, v]) => [s!, v!]));
  geo = new Map((await read(`SELECT village_id, town_id, county_id, province_id FROM '$/geography.parquet'`))
    .map(([v, t, c, p]) => [v!, { village: v!, town: t!, county: c!, province: p! }]));
  brands = (await read(`SELECT DISTINCT brand FROM '$/products.parquet' WHERE NOT is_produce ORDER BY 1`)).map(([b]) => b!);
  sku0 = (await read(`SELECT min(sku) FROM '$/products.parquet'`))[0]![0]!;
  const stores = [...storeVillage.keys()].sort();
  const sellers = [...sellerVillage.keys()].sort();
  who.push(
    { name: 'shopA', role: 'shopkeeper', stores: [stores[0]!] },
    { name: 'shopBC', role: 'shopkeeper', stores: [stores[1]!, stores[2]!] },
    { name: 'sellerA', role: 'seller', seller: sellers[0]! },
    { name: 'sellerB', role: 'seller', seller: sellers[sellers.length - 1]! },
    { name: 'brandA', role: 'brand', brand: brands[0]! },
    { name: 'brandB', role: 'brand', brand: brands[brands.length - 1]! },
    { name: 'analyst', role: 'analyst' },
    { name: 'admin', role: 'admin' },
  );
  const ks = await KeyStore.open(fx.keys);
  for (const w of who) {
    const scope = { ...(w.stores ? { stores: w.stores } : {}), ...(w.seller ? { seller: w.seller } : {}), ...(w.brand ? { brand: w.brand } : {}) };
    w.key = (await ks.create(w.role, scope, w.name)).key;
  }
  api = await Api.create({ snapshots: fx.root, keys: fx.keys, pollMs: 0, rateLimit: 1_000_000 });
  const g = [...geo.values()];
  pool = [...stores, ...sellers, ...brands, ...g.map((x) => x.village), ...g.map((x) => x.town), ...g.map((x) => x.county), ...g.map((x) => x.province),
    'ALL', 'admin', 'S1', '0', "' OR 1=1 --", '%2e%2e', '..', 'ST00001 ', 'st00001'];
}, 120_000);
afterAll(async () => { await api?.close(); fx?.cleanup(); });

type Route = { path: (id: string) => string; allowed: (w: Who, id: string) => boolean };
const LEVELS = ['village', 'county', 'province'] as const;

const routes = (): Route[] => [
  { path: (id) => `/v1/stores/${id}/restock`, allowed: (w, id) => w.role === 'shopkeeper' && (w.stores ?? []).includes(id) },
  { path: (id) => `/v1/stores/${id}/forecasts?limit=5`, allowed: (w, id) => w.role === 'shopkeeper' && (w.stores ?? []).includes(id) },
  { path: (id) => `/v1/stores/${id}/charts/demand.svg?sku=${sku0}&width=200&height=80`, allowed: (w, id) => w.role === 'shopkeeper' && (w.stores ?? []).includes(id) },
  ...['forecasts', 'order-forecasts'].map((kind): Route => ({
    path: (id) => `/v1/villages/${id}/${kind}?limit=5`,
    allowed: (w, id) => geo.has(id) && (w.role === 'analyst' || (w.role === 'seller' && sellerVillage.get(w.seller!) === id) ||
      (w.role === 'shopkeeper' && (w.stores ?? []).some((s) => storeVillage.get(s) === id))),
  })),
  { path: (id) => `/v1/sellers/${id}/advice`, allowed: (w, id) => w.role === 'seller' && w.seller === id },
  ...LEVELS.flatMap((level): Route[] => ['calendar', 'seasons'].map((kind) => ({
    path: (id: string) => `/v1/produce/${level}/${id}/${kind}`,
    allowed: (w: Who, id: string) => {
      if (![...geo.values()].some((g) => g[level] === id)) return false;
      if (w.role === 'analyst') return true;
      const v = w.role === 'seller' ? sellerVillage.get(w.seller!) : undefined;
      return v !== undefined && geo.get(v)?.[level] === id;
    },
  }))),
  ...['cells', 'price-bands', 'events', 'basket', 'adoption'].map((t): Route => ({
    path: (id) => `/v1/brands/${encodeURIComponent(id)}/${t}`,
    allowed: (w, id) => brands.includes(id) && (w.role === 'analyst' || (w.role === 'brand' && w.brand === id)),
  })),
  { path: () => '/v1/runs', allowed: (w) => w.role === 'admin' || w.role === 'analyst' },
  { path: () => '/v1/keys', allowed: (w) => w.role === 'admin' },
];

describe('cross-tenant probing', () => {
  it('every route answers 200 exactly where the oracle allows, 404 everywhere else (0 leaks)', async () => {
    const all = routes();
    let leaks = 0;
    let denied = 0;
    let allowedSeen = 0;
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: who.length - 1 }), fc.integer({ min: 0, max: all.length - 1 }),
      fc.oneof(fc.constantFrom(...pool), fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/)),
      async (wi, ri, id) => {
        const w = who[wi]!;
        const route = all[ri]!;
        const r = await api.app.inject({ url: route.path(id), headers: { authorization: `Bearer ${w.key}` } });
        const ok = route.allowed(w, id);
        if (!ok && r.statusCode === 200) leaks++;
        if (ok) allowedSeen++; else denied++;
        return ok ? r.statusCode === 200 : r.statusCode === 404 && (r.json() as { code: string }).code === 'NOT_FOUND';
      }), { numRuns: 1500, seed: 20261206 });
    expect(leaks).toBe(0);
    // The probe reached both sides of the line.
    expect(allowedSeen).toBeGreaterThan(20);
    expect(denied).toBeGreaterThan(500);
  });

  it('every tenant-owned id is tried by every other key on its routes', async () => {
    let tried = 0;
    for (const w of who) {
      for (const route of routes()) {
        for (const id of pool) {
          const r = await api.app.inject({ url: route.path(id), headers: { authorization: `Bearer ${w.key}` } });
          expect(r.statusCode, `${w.name} ${route.path(id)}`).toBe(route.allowed(w, id) ? 200 : 404);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(1000);
  });
});
