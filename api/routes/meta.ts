/** The hierarchy a key may see, pipeline runs, data freshness and (for admins) the keys. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CodedError } from '../../pipelines/errors.ts';
import type { KeyStore } from '../../pipelines/keys/key-store.ts';
import { HIERARCHY_COLUMNS, KEY_COLUMNS, RUN_COLUMNS } from '../../pipelines/serve/columns.ts';
import { visibleHierarchy } from '../../pipelines/serve/tenancy.ts';
import { principalOf, requireRole } from '../plugins/auth.ts';
import type { SnapshotState } from '../plugins/snapshots.ts';
import { conditional, formatOf, paginate, sendTable } from '../plugins/tabular.ts';
import { ERROR_RESPONSES, TABLE_QUERY, pageSchema } from '../schemas/common.ts';

const TABLE = ['application/json', 'text/csv', 'application/vnd.apache.arrow.stream'];
const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });

export const Freshness = Type.Object({
  snapshot: Type.String({ description: 'the snapshot (run id) being served' }),
  as_of: NullableString,
  created_at: Type.String({ description: 'when the snapshot was published (ISO 8601)' }),
  age_seconds: Type.Number(),
  swaps: Type.Integer({ description: 'snapshots swapped in since the server started' }),
  rejected: Type.Unsafe<{ run_id: string; at: string; code: string } | null>({
    type: ['object', 'null'], description: 'the last snapshot that failed validation and is not served',
    properties: { run_id: { type: 'string' }, at: { type: 'string' }, code: { type: 'string' } }, required: ['run_id', 'at', 'code'], additionalProperties: false,
  }),
}, { additionalProperties: false });

export function metaRoutes(app: FastifyInstance, snapshots: SnapshotState, keys: KeyStore): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/v1/hierarchy', {
    schema: {
      tags: ['everyone'], produces: TABLE, summary: 'Province > county > town > village > store, as far as the key may see',
      querystring: Type.Object({ ...TABLE_QUERY }, { additionalProperties: false }),
      response: { 200: pageSchema(HIERARCHY_COLUMNS, 'hierarchy'), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const snap = snapshots.require();
    const format = formatOf(req, req.query.format);
    if (conditional(req, reply, snap, format)) return reply;
    return sendTable(reply, format, HIERARCHY_COLUMNS, snap, paginate(visibleHierarchy(p, snap), req.query.cursor, req.query.limit, snap.runId));
  });

  r.get('/v1/me', {
    schema: {
      tags: ['everyone'], summary: "The key's own role and scope (never its secret), so a page knows what to show",
      querystring: Type.Object({}, { additionalProperties: false }),
      response: {
        200: Type.Object({
          key_id: Type.String(), role: Type.String(), stores: Type.Array(Type.String()),
          seller: Type.Union([Type.String(), Type.Null()]), brand: Type.Union([Type.String(), Type.Null()]),
        }, { additionalProperties: false }),
        ...ERROR_RESPONSES,
      },
      security: [{ bearer: [] }],
    },
  }, async (req) => {
    const p = principalOf(req);
    return { key_id: p.keyId, role: p.role, stores: [...(p.scope.stores ?? [])], seller: p.scope.seller ?? null, brand: p.scope.brand ?? null };
  });

  r.get('/v1/runs', {
    schema: {
      tags: ['admins'], produces: TABLE, summary: 'Pipeline runs up to the served one, newest first', description: 'Admin and analyst keys.',
      querystring: Type.Object({ ...TABLE_QUERY }, { additionalProperties: false }),
      response: { 200: pageSchema(RUN_COLUMNS, 'runs'), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    requireRole(req, ['admin', 'analyst']);
    const snap = snapshots.require();
    if (snap.runs === null) throw new CodedError('NO_DATA', 'this snapshot has no run list');
    const format = formatOf(req, req.query.format);
    if (conditional(req, reply, snap, format)) return reply;
    return sendTable(reply, format, RUN_COLUMNS, snap, paginate(snap.runs, req.query.cursor, req.query.limit, snap.runId));
  });

  r.get('/v1/freshness', {
    schema: {
      tags: ['everyone'], summary: 'Which snapshot is served, how old its data is, and the last one refused',
      querystring: Type.Object({}, { additionalProperties: false }),
      response: { 200: Freshness, ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async () => {
    const snap = snapshots.require();
    const rej = snapshots.rejected;
    return {
      snapshot: snap.runId, as_of: snap.asOf, created_at: snap.createdAt,
      age_seconds: Math.max(0, (Date.now() - Date.parse(snap.createdAt)) / 1000), swaps: snapshots.swaps,
      rejected: rej === null ? null : { run_id: rej.runId, at: rej.at, code: rej.code },
    };
  });

  r.get('/v1/keys', {
    schema: {
      tags: ['admins'], produces: TABLE, summary: 'API keys (never the key itself)', description: 'Admin keys only.',
      querystring: Type.Object({ ...TABLE_QUERY }, { additionalProperties: false }),
      response: { 200: pageSchema(KEY_COLUMNS, 'keys'), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    // Keys do not come from a snapshot: an admin can manage them before the first publish.
    const snap = snapshots.current ?? { runId: '', asOf: null };
    const rows = keys.list().map((k) => ({ id: k.id, role: k.role, scope: JSON.stringify(k.scope), label: k.label, created_at: k.createdAt, revoked_at: k.revokedAt }));
    reply.header('cache-control', 'no-store');
    return sendTable(reply, formatOf(req, req.query.format), KEY_COLUMNS, snap, paginate(rows, req.query.cursor, req.query.limit, snap.runId));
  });
}
