/**
 * The web pages: plain HTML, CSS and JS from api/pages/, read once at start (no build step at
 * run time) and served with an ETag. The pages call the same /v1 routes with the user's key; the
 * key never travels in a URL the server sees (the page takes it from the #fragment).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CodedError } from '../../pipelines/errors.ts';

const DIR = fileURLToPath(new URL('../pages/', import.meta.url));

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

interface Asset { readonly body: Buffer; readonly type: string; readonly etag: string }

function load(file: string): Asset {
  const body = readFileSync(`${DIR}${file}`);
  const ext = file.slice(file.lastIndexOf('.') + 1);
  return { body, type: TYPES[ext] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

export const PAGES = { shop: 'shop.html', seller: 'seller.html', brand: 'brand.html' } as const;
const ASSETS = ['app.css', 'common.js', 'shop.js', 'seller.js', 'brand.js'] as const;

export function installPages(app: FastifyInstance): void {
  const files = new Map<string, Asset>();
  for (const f of [...Object.values(PAGES), ...ASSETS, 'sw.js']) files.set(f, load(f));
  const send = (file: string) => async (req: { headers: Record<string, string | string[] | undefined> }, reply: import('fastify').FastifyReply) => {
    const a = files.get(file);
    if (!a) throw new CodedError('NOT_FOUND');
    reply.header('etag', a.etag).header('cache-control', 'no-cache');
    if (req.headers['if-none-match'] === a.etag) return reply.code(304).send();
    return reply.type(a.type).send(a.body);
  };
  for (const [name, file] of Object.entries(PAGES)) {
    app.get(`/${name}`, { schema: { tags: ['pages'], summary: `The ${name} page (HTML; sign in with a key, or open /${name}#key=...)`, produces: ['text/html'] } }, send(file));
  }
  app.get('/pages/:file', {
    schema: { tags: ['pages'], summary: 'The pages\' scripts and stylesheet', produces: ['text/css', 'text/javascript'],
      params: Type.Object({ file: Type.String({ maxLength: 64 }) }, { additionalProperties: false }) },
  }, async (req, reply) => {
    const file = (req.params as { file: string }).file;
    if (!(ASSETS as readonly string[]).includes(file)) throw new CodedError('NOT_FOUND');
    return send(file)(req, reply);
  });
  // At the root so that it may serve every page and the /v1 answers they read.
  app.get('/sw.js', { schema: { tags: ['pages'], summary: 'The pages\' service worker (offline copies)', produces: ['text/javascript'] } }, send('sw.js'));
}
