/** A store's restock suggestions and forecasts, and a village's forecasts (shelf and order channel). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CodedError } from '../../pipelines/errors.ts';
import { FORECAST_COLUMNS, ORDER_FORECAST_COLUMNS, RESTOCK_COLUMNS } from '../../pipelines/serve/columns.ts';
import type { Row } from '../../pipelines/serve/tabular.ts';
import { canSeeStore, canSeeVillage } from '../../pipelines/serve/tenancy.ts';
import { requireRole } from '../plugins/auth.ts';
import type { SnapshotState } from '../plugins/snapshots.ts';
import { conditional, cursorOffset, DEFAULT_LIMIT, formatOf, langOf, pageOfQuery, paginate, sendTable } from '../plugins/tabular.ts';
import { ERROR_RESPONSES, Id, Lang, TABLE_QUERY, pageSchema } from '../schemas/common.ts';

const SORTS = {
  priority: null,
  quantity: (a: Row, b: Row) => Number(b['quantity']) - Number(a['quantity']),
  risk: (a: Row, b: Row) => Number(b['stockout_probability'] ?? -1) - Number(a['stockout_probability'] ?? -1),
  cover: (a: Row, b: Row) => Number(a['days_of_cover'] ?? Infinity) - Number(b['days_of_cover'] ?? Infinity),
  cash: (a: Row, b: Row) => Number(b['cash_needed']) - Number(a['cash_needed']),
  sku: (a: Row, b: Row) => String(a['sku']).localeCompare(String(b['sku'])),
} as const;

const TABLE = ['application/json', 'text/csv', 'application/vnd.apache.arrow.stream'];

export function storeRoutes(app: FastifyInstance, snapshots: SnapshotState): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/v1/stores/:storeId/restock', {
    schema: {
      tags: ['shopkeepers'], summary: "A store's restock suggestions for today", produces: TABLE,
      description: "Order-now lines first (then by budget rank and stock-out risk). Shopkeeper keys see their own stores only.",
      params: Type.Object({ storeId: Id }, { additionalProperties: false }),
      querystring: Type.Object({
        ...TABLE_QUERY, lang: Type.Optional(Lang),
        sort: Type.Optional(Type.Union(Object.keys(SORTS).map((k) => Type.Literal(k)), { description: 'priority (default) | quantity | risk | cover | cash | sku' })),
        order_now: Type.Optional(Type.Boolean({ description: 'true: only lines to order today' })),
      }, { additionalProperties: false }),
      response: { 200: pageSchema(RESTOCK_COLUMNS, 'restock suggestions'), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['shopkeeper']);
    const snap = snapshots.require();
    const { storeId } = req.params;
    if (!canSeeStore(p, snap, storeId)) throw new CodedError('NOT_FOUND', `no store ${storeId}`);
    const q = req.query;
    const format = formatOf(req, q.format);
    const lang = langOf(req, q.lang);
    if (conditional(req, reply, snap, `${format}|${lang}`)) return reply;
    const lines = snap.restock.get(storeId)?.[lang] ?? [];
    let rows: readonly Row[] = q.order_now === undefined ? lines : lines.filter((x) => x['order_now'] === q.order_now);
    const sort = SORTS[(q.sort ?? 'priority') as keyof typeof SORTS];
    if (sort !== null) rows = [...rows].sort(sort);
    return sendTable(reply, format, RESTOCK_COLUMNS, snap, paginate(rows, q.cursor, q.limit, snap.runId));
  });

  const forecastQuery = Type.Object({
    ...TABLE_QUERY,
    sku: Type.Optional(Id),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'category as in the products file, e.g. "零食 Snacks"' })),
  }, { additionalProperties: false });

  for (const level of ['store', 'village'] as const) {
    const param = level === 'store' ? 'storeId' : 'villageId';
    r.get(`/v1/${level === 'store' ? 'stores' : 'villages'}/:${param}/forecasts`, {
      schema: {
        tags: [level === 'store' ? 'shopkeepers' : 'forecasts'], produces: TABLE,
        summary: `Daily demand forecasts of a ${level}, per SKU, with quantiles`,
        description: level === 'store' ? 'Shopkeeper keys: own stores.' : 'Shopkeepers (villages of their stores), sellers (their village), analysts.',
        params: Type.Object({ [param]: Id }, { additionalProperties: false }),
        querystring: forecastQuery,
        response: { 200: pageSchema(FORECAST_COLUMNS, 'forecasts'), 304: Type.Null(), ...ERROR_RESPONSES },
        security: [{ bearer: [] }],
      },
    }, async (req, reply) => {
      const p = requireRole(req, level === 'store' ? ['shopkeeper'] : ['shopkeeper', 'seller', 'analyst']);
      const snap = snapshots.require();
      const node = (req.params as Record<string, string>)[param]!;
      const ok = level === 'store' ? canSeeStore(p, snap, node) : canSeeVillage(p, snap, node);
      if (!ok) throw new CodedError('NOT_FOUND', `no ${level} ${node}`);
      const q = req.query;
      if (q.sku !== undefined && !snap.skuKnown(q.sku)) throw new CodedError('NOT_FOUND', `no SKU ${q.sku}`);
      if (q.category !== undefined && !snap.categoryKnown(q.category)) throw new CodedError('NOT_FOUND', `no category ${q.category}`);
      const format = formatOf(req, q.format);
      if (conditional(req, reply, snap, format)) return reply;
      const offset = cursorOffset(q.cursor, snap.runId);
      const n = q.limit ?? DEFAULT_LIMIT;
      const conn = await snapshots.db.connect();
      try {
        const rows = await snap.forecasts(conn, { level, node, ...(q.sku ? { sku: q.sku } : {}), ...(q.category ? { category: q.category } : {}), offset, limit: n + 1 });
        return sendTable(reply, format, FORECAST_COLUMNS, snap, pageOfQuery(rows, offset, n, snap.runId));
      } finally {
        conn.closeSync();
      }
    });
  }

  r.get('/v1/villages/:villageId/order-forecasts', {
    schema: {
      tags: ['forecasts'], produces: TABLE,
      summary: "Daily order-channel demand of a village, per category, with quantiles",
      description: 'Goods villagers order through their service centre (delivered, never on a shelf), kept apart from the shelf forecasts restock orders against. Shopkeepers (villages of their stores), sellers (their village), analysts.',
      params: Type.Object({ villageId: Id }, { additionalProperties: false }),
      querystring: Type.Object({ ...TABLE_QUERY, category: forecastQuery.properties.category }, { additionalProperties: false }),
      response: { 200: pageSchema(ORDER_FORECAST_COLUMNS, 'order-channel forecasts'), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['shopkeeper', 'seller', 'analyst']);
    const snap = snapshots.require();
    const { villageId } = req.params;
    if (!canSeeVillage(p, snap, villageId)) throw new CodedError('NOT_FOUND', `no village ${villageId}`);
    const q = req.query;
    if (q.category !== undefined && !snap.categoryKnown(q.category)) throw new CodedError('NOT_FOUND', `no category ${q.category}`);
    const format = formatOf(req, q.format);
    if (conditional(req, reply, snap, format)) return reply;
    const offset = cursorOffset(q.cursor, snap.runId);
    const n = q.limit ?? DEFAULT_LIMIT;
    const conn = await snapshots.db.connect();
    try {
      const rows = await snap.orderForecasts(conn, { village: villageId, ...(q.category ? { category: q.category } : {}), offset, limit: n + 1 });
      if (rows === null) throw new CodedError('NO_DATA', `snapshot ${snap.runId} has no order-channel forecasts: the next run publishes them`);
      return sendTable(reply, format, ORDER_FORECAST_COLUMNS, snap, pageOfQuery(rows, offset, n, snap.runId));
    } finally {
      conn.closeSync();
    }
  });
}
