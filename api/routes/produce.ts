/** A seller's listing advice, and the produce season calendar of a region. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CodedError } from '../../pipelines/errors.ts';
import { ADVICE_COLUMNS, CALENDAR_COLUMNS, SEASON_COLUMNS } from '../../pipelines/serve/columns.ts';
import { PRODUCE_LEVELS, canSeeProduceNode, canSeeSeller, type ProduceLevel } from '../../pipelines/serve/tenancy.ts';
import { requireRole } from '../plugins/auth.ts';
import type { SnapshotState } from '../plugins/snapshots.ts';
import { conditional, formatOf, langOf, paginate, sendTable } from '../plugins/tabular.ts';
import { ERROR_RESPONSES, Id, Lang, TABLE_QUERY, pageSchema } from '../schemas/common.ts';

const TABLE = ['application/json', 'text/csv', 'application/vnd.apache.arrow.stream'];

export function produceRoutes(app: FastifyInstance, snapshots: SnapshotState): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/v1/sellers/:sellerId/advice', {
    schema: {
      tags: ['sellers'], produces: TABLE, summary: 'What to list in the coming weeks, ranked, with reasons',
      description: 'Seller keys: their own advice only. `weeks` picks the window (4 to 8 weeks ahead).',
      params: Type.Object({ sellerId: Id }, { additionalProperties: false }),
      querystring: Type.Object({ ...TABLE_QUERY, lang: Type.Optional(Lang), weeks: Type.Optional(Type.Integer({ minimum: 4, maximum: 8 })) }, { additionalProperties: false }),
      response: { 200: pageSchema(ADVICE_COLUMNS, 'listing advice'), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['seller']);
    const snap = snapshots.require();
    const { sellerId } = req.params;
    if (!canSeeSeller(p, snap, sellerId)) throw new CodedError('NOT_FOUND', `no seller ${sellerId}`);
    const q = req.query;
    const format = formatOf(req, q.format);
    const lang = langOf(req, q.lang);
    if (snap.advice === null) throw new CodedError('NO_DATA', 'this snapshot has no listing advice');
    if (conditional(req, reply, snap, `${format}|${lang}`)) return reply;
    const all = snap.advice.get(sellerId)?.[lang] ?? [];
    const rows = q.weeks === undefined ? all : all.filter((x) => x['weeks'] === q.weeks);
    return sendTable(reply, format, ADVICE_COLUMNS, snap, paginate(rows, q.cursor, q.limit, snap.runId));
  });

  for (const kind of ['calendar', 'seasons'] as const) {
    r.get(`/v1/produce/:level/:nodeId/${kind}`, {
      schema: {
        tags: ['sellers'], produces: TABLE,
        summary: kind === 'calendar' ? 'Week-by-week expected kg (80 % range) and price of each produce item in a region' : 'Peak and season windows, growth and alignment of each produce item in a region',
        description: 'Sellers: their village, county and province. Analysts: any region.',
        params: Type.Object({ level: Type.Union(PRODUCE_LEVELS.map((l) => Type.Literal(l))), nodeId: Id }, { additionalProperties: false }),
        querystring: Type.Object({ ...TABLE_QUERY, lang: Type.Optional(Lang), sku: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: pageSchema(kind === 'calendar' ? CALENDAR_COLUMNS : SEASON_COLUMNS, kind), 304: Type.Null(), ...ERROR_RESPONSES },
        security: [{ bearer: [] }],
      },
    }, async (req, reply) => {
      const p = requireRole(req, ['seller', 'analyst']);
      const snap = snapshots.require();
      const { level, nodeId } = req.params as { level: ProduceLevel; nodeId: string };
      if (!canSeeProduceNode(p, snap, level, nodeId)) throw new CodedError('NOT_FOUND', `no ${level} ${nodeId}`);
      const q = req.query;
      const format = formatOf(req, q.format);
      const lang = langOf(req, q.lang);
      const table = kind === 'calendar' ? snap.calendar : snap.seasons;
      if (table === null) throw new CodedError('NO_DATA', `this snapshot has no produce ${kind}`);
      if (conditional(req, reply, snap, `${format}|${lang}`)) return reply;
      const all = table.get(`${level}/${nodeId}`)?.[lang] ?? [];
      const rows = q.sku === undefined ? all : all.filter((x) => x['sku'] === q.sku);
      return sendTable(reply, format, kind === 'calendar' ? CALENDAR_COLUMNS : SEASON_COLUMNS, snap, paginate(rows, q.cursor, q.limit, snap.runId));
    });
  }
}
