/**
 * How a table leaves the server: JSON (default), CSV or an Arrow IPC stream, chosen by `?format=`
 * or the Accept header; cursor pages; and conditional requests. A snapshot never changes, so an
 * answer is a function of the snapshot, the URL, the format, the language and the key: the ETag
 * hashes exactly those, and an unchanged answer costs a 304 with no body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CodedError } from '../../pipelines/errors.ts';
import { hashLabel } from '../../pipelines/generate/prng.ts';
import type { Lang, ServedSnapshot } from '../../pipelines/serve/served-snapshot.ts';
import { toArrow, toCsv, type Column, type Row } from '../../pipelines/serve/tabular.ts';

export type Format = 'json' | 'csv' | 'arrow';
export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';
export const DEFAULT_LIMIT = 500;

/** `?format=` wins; else the first Accept entry we can produce; no Accept, or any type, is JSON. */
export function formatOf(req: FastifyRequest, asked: Format | undefined): Format {
  if (asked !== undefined) return asked;
  const accept = req.headers.accept;
  if (accept === undefined || accept === '') return 'json';
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  for (const t of types) {
    if (t === 'application/json' || t === 'application/*' || t === '*/*') return 'json';
    if (t === 'text/csv' || t === 'text/*') return 'csv';
    if (t === ARROW_TYPE) return 'arrow';
  }
  throw new CodedError('NOT_ACCEPTABLE');
}

/** `?lang=` wins; else English when Accept-Language puts en first; Chinese by default. */
export function langOf(req: FastifyRequest, asked: Lang | undefined): Lang {
  if (asked !== undefined) return asked;
  const al = req.headers['accept-language'];
  return typeof al === 'string' && /^\s*en\b/i.test(al) ? 'en' : 'zh';
}

/**
 * Sets ETag, Last-Modified, Cache-Control and X-Snapshot, and answers 304 when the client already
 * holds this answer. Returns true when the reply was sent.
 */
export function conditional(req: FastifyRequest, reply: FastifyReply, snap: ServedSnapshot, variant: string): boolean {
  const etag = `W/"${snap.runId}.${hashLabel(`${req.url}|${variant}|${req.principal?.keyId ?? ''}`).toString(16)}"`;
  const modified = new Date(snap.createdAt);
  reply.header('etag', etag).header('last-modified', modified.toUTCString()).header('cache-control', 'private, no-cache').header('x-snapshot', snap.runId);
  const inm = req.headers['if-none-match'];
  let fresh = false;
  if (typeof inm === 'string') fresh = inm === '*' || inm.split(',').some((t) => t.trim() === etag);
  else {
    const ims = req.headers['if-modified-since'];
    if (typeof ims === 'string') {
      const since = Date.parse(ims);
      fresh = !Number.isNaN(since) && Math.floor(modified.getTime() / 1000) <= Math.floor(since / 1000);
    }
  }
  if (fresh) reply.code(304).send();
  return fresh;
}

export interface Page {
  readonly rows: readonly Row[];
  readonly next: string | null;
}

const encodeCursor = (runId: string, offset: number): string => Buffer.from(`${runId}:${offset}`).toString('base64url');

/** The offset a cursor stands for; a cursor from another snapshot is refused (rows may have moved). */
export function cursorOffset(cursor: string | undefined, runId: string): number {
  if (cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const i = text.lastIndexOf(':');
  const offset = Number(text.slice(i + 1));
  if (i < 1 || !Number.isInteger(offset) || offset < 0) throw new CodedError('BAD_ARGUMENT', 'cursor is not one this server gave out');
  if (text.slice(0, i) !== runId) throw new CodedError('CURSOR_EXPIRED');
  return offset;
}

export function paginate(rows: readonly Row[], cursor: string | undefined, limit: number | undefined, runId: string): Page {
  const offset = cursorOffset(cursor, runId);
  const n = limit ?? DEFAULT_LIMIT;
  const end = offset + n;
  return { rows: offset === 0 && end >= rows.length ? rows : rows.slice(offset, end), next: end < rows.length ? encodeCursor(runId, end) : null };
}

/** For a page read with LIMIT n + 1: whether there is another page after it. */
export function pageOfQuery(rows: readonly Row[], offset: number, n: number, runId: string): Page {
  return { rows: rows.length > n ? rows.slice(0, n) : rows, next: rows.length > n ? encodeCursor(runId, offset + n) : null };
}

/** `snap` names the snapshot in a JSON body; tables that do not come from one (keys) pass an empty id. */
export function sendTable(reply: FastifyReply, format: Format, columns: readonly Column[], snap: Pick<ServedSnapshot, 'runId' | 'asOf'>, page: Page): FastifyReply {
  if (page.next !== null) reply.header('x-next-cursor', page.next);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(columns, page.rows));
  if (format === 'arrow') return reply.type(ARROW_TYPE).send(Buffer.from(toArrow(columns, page.rows)));
  return reply.send({ snapshot: snap.runId, as_of: snap.asOf, rows: page.rows, next_cursor: page.next });
}
