/**
 * The server side of `npm run bench:api`, in its own process so the load generator does not share
 * its event loop: the real API over a snapshot folder, and in the same process a bare Fastify app
 * whose routes return the very same bodies from constants with the same response schemas.
 * Prints one JSON line with both URLs, then serves until SIGTERM.
 */
import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { ApiServer } from '../api/server.ts';
import { pageSchema } from '../api/schemas/common.ts';
import { BRAND_CELL_COLUMNS, RESTOCK_COLUMNS } from '../pipelines/serve/columns.ts';

const { values } = parseArgs({ options: {
  snapshots: { type: 'string' }, keys: { type: 'string' }, restock: { type: 'string' }, brand: { type: 'string' },
  'shop-key': { type: 'string' }, 'brand-key': { type: 'string' },
} });

const server = await ApiServer.start({ port: 0, snapshots: values.snapshots!, keys: values.keys!, pollMs: 100, rateLimit: 1_000_000_000 });
const body = async (url: string, key: string): Promise<unknown> => {
  const r = await server.api.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return r.json();
};
const restock = await body(values.restock!, values['shop-key']!);
const brand = await body(values.brand!, values['brand-key']!);
const bare = Fastify({ logger: false });
bare.get('/bare/restock', { schema: { response: { 200: pageSchema(RESTOCK_COLUMNS, 'restock') } } }, async () => restock);
bare.get('/bare/brand', { schema: { response: { 200: pageSchema(BRAND_CELL_COLUMNS, 'cells') } } }, async () => brand);
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ api: server.url, bare: bareUrl, restockRows: (restock as { rows: unknown[] }).rows.length, brandRows: (brand as { rows: unknown[] }).rows.length })}\n`);
process.once('SIGTERM', () => { void Promise.all([server.close(), bare.close()]).then(() => process.exit(0)); });
