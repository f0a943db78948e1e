/**
 * Charts as SVG from the same chart module the CLI and the notebooks use: a store SKU's demand
 * fan (history, forecast bands, stock and order-up-to level) for the shopkeeper page, and a
 * brand's share by region with withheld cells drawn as withheld, for the brand dashboard.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { brandSharesSvg, brandTrendSvg, demandFanSvg, eventLiftsSvg, priceBandsSvg, seasonCalendarSvg } from '../../pipelines/charts/index.ts';
import type { Row } from '../../pipelines/serve/tabular.ts';
import { suppressionReasonText } from '../../pipelines/disclosure/index.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { EVENT_LABELS } from '../../pipelines/insights/event-windows.ts';
import { canSeeBrand, canSeeProduceNode, canSeeStore } from '../../pipelines/serve/tenancy.ts';
import { requireRole } from '../plugins/auth.ts';
import type { SnapshotState } from '../plugins/snapshots.ts';
import { conditional, langOf } from '../plugins/tabular.ts';
import { ERROR_RESPONSES, Id, Lang } from '../schemas/common.ts';

const SVG = 'image/svg+xml; charset=utf-8';
const Size = (min: number, max: number, description: string) => Type.Optional(Type.Integer({ minimum: min, maximum: max, description }));

export function chartRoutes(app: FastifyInstance, snapshots: SnapshotState): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/v1/stores/:storeId/charts/demand.svg', {
    schema: {
      tags: ['shopkeepers'], produces: ['image/svg+xml'],
      summary: "A store SKU's recent demand and forecast, with 80 %/95 % bands and the order-up-to level (SVG)",
      params: Type.Object({ storeId: Id }, { additionalProperties: false }),
      querystring: Type.Object({
        sku: Id, lang: Type.Optional(Lang), weeks: Size(2, 26, 'weeks of history, default 8'),
        width: Size(160, 1600, 'px, default 640'), height: Size(60, 900, 'px, default 220'),
      }, { additionalProperties: false }),
      response: { 200: Type.String({ description: 'SVG' }), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['shopkeeper']);
    const snap = snapshots.require();
    const { storeId } = req.params;
    if (!canSeeStore(p, snap, storeId)) throw new CodedError('NOT_FOUND', `no store ${storeId}`);
    const q = req.query;
    if (!snap.skuKnown(q.sku)) throw new CodedError('NOT_FOUND', `no SKU ${q.sku}`);
    const lang = langOf(req, q.lang);
    if (conditional(req, reply, snap, `svg|${lang}`)) return reply;
    const conn = await snapshots.db.connect();
    try {
      const data = await snap.demandChart(conn, { level: 'store', node: storeId, sku: q.sku, weeks: q.weeks ?? 8 });
      const line = snap.restock.get(storeId)?.[lang].find((x) => x['sku'] === q.sku);
      const svg = demandFanSvg({
        ...data, lang, width: q.width ?? 640, height: q.height ?? 220,
        ...(line ? { onHand: Number(line['on_hand']), orderUpTo: Number(line['order_up_to']), unit: String(line['unit'] ?? ''), title: String(line['name']) } : {}),
      });
      return reply.type(SVG).send(svg);
    } finally {
      conn.closeSync();
    }
  });

  r.get('/v1/produce/:level/:nodeId/charts/calendar.svg', {
    schema: {
      tags: ['sellers'], produces: ['image/svg+xml'],
      summary: 'The season calendar of a region: weeks across, produce items down, expected kg as colour (SVG)',
      params: Type.Object({ level: Type.Union(['village', 'county', 'province'].map((l) => Type.Literal(l))), nodeId: Id }, { additionalProperties: false }),
      querystring: Type.Object({ lang: Type.Optional(Lang), width: Size(320, 1600, 'px, default 760') }, { additionalProperties: false }),
      response: { 200: Type.String({ description: 'SVG' }), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['seller', 'analyst']);
    const snap = snapshots.require();
    const { level, nodeId } = req.params as { level: 'village' | 'county' | 'province'; nodeId: string };
    if (!canSeeProduceNode(p, snap, level, nodeId)) throw new CodedError('NOT_FOUND', `no ${level} ${nodeId}`);
    if (snap.calendar === null) throw new CodedError('NO_DATA', 'this snapshot has no produce calendar');
    const lang = langOf(req, req.query.lang);
    if (conditional(req, reply, snap, `svg|${lang}`)) return reply;
    const rows = snap.calendar.get(`${level}/${nodeId}`)?.[lang] ?? [];
    const svg = seasonCalendarSvg({ lang, width: req.query.width ?? 760, cells: rows.map((x) => ({ item: String(x['name']), weekStart: String(x['week_start']), kg: Number(x['expected_kg']) })) });
    return reply.type(SVG).send(svg);
  });

  const BRAND_CHARTS = { shares: 'cells', trend: 'cells', 'price-bands': 'price-bands', events: 'events' } as const;
  r.get('/v1/brands/:brand/charts/:chart', {
    schema: {
      tags: ['brands'], produces: ['image/svg+xml'],
      summary: "A brand's chart by region for one category (SVG): shares.svg (value share, latest 12 months), trend.svg (share by month), price-bands.svg (sales by price band), events.svg (festival lifts); withheld cells drawn as withheld with the reason",
      params: Type.Object({ brand: Type.String({ minLength: 1, maxLength: 128 }), chart: Type.Union(Object.keys(BRAND_CHARTS).map((k) => Type.Literal(`${k}.svg`))) }, { additionalProperties: false }),
      querystring: Type.Object({
        category: Type.String({ minLength: 1, maxLength: 128 }), lang: Type.Optional(Lang),
        by: Type.Optional(Type.Union([Type.Literal('county'), Type.Literal('province')])), width: Size(240, 1600, 'px, default 640'),
      }, { additionalProperties: false }),
      response: { 200: Type.String({ description: 'SVG' }), 304: Type.Null(), ...ERROR_RESPONSES },
      security: [{ bearer: [] }],
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['brand', 'analyst']);
    const snap = snapshots.require();
    const { brand } = req.params;
    const chart = String((req.params as { chart: string }).chart).replace(/\.svg$/, '') as keyof typeof BRAND_CHARTS;
    if (!canSeeBrand(p, snap, brand)) throw new CodedError('NOT_FOUND', 'no such brand');
    const q = req.query;
    const by = q.by ?? 'county';
    const rows = snap.brandRows(BRAND_CHARTS[chart], brand, by);
    if (rows === null) throw new CodedError('NO_DATA', 'this snapshot has no brand tables');
    const lang = langOf(req, q.lang);
    const mine = rows.filter((x) => x['category'] === q.category && x['brand'] === brand && x['region_level'] === by && (chart === 'shares' ? x['period'] === 'ALL' : chart === 'trend' ? x['period_level'] === 'month' : true));
    if (mine.length === 0) throw new CodedError('NOT_FOUND', `no ${chart} of ${brand} in category ${q.category}`);
    if (conditional(req, reply, snap, `svg|${lang}`)) return reply;
    const names = snap.regionNames();
    const region = (x: Row): string => names.get(String(x['region_id'])) ?? String(x['region_id']);
    const withheld = (x: Row): boolean => x['suppressed'] === true;
    const reason = (x: Row): string | null => (withheld(x) ? suppressionReasonText(String(x['reason'] ?? ''), lang) : null);
    const base = { lang, width: q.width ?? 640, title: `${brand} · ${q.category}` };
    const svg = chart === 'shares'
      ? brandSharesSvg({ ...base, cells: mine.map((x) => ({ region: region(x), share: withheld(x) || x['value_share'] === null ? null : Number(x['value_share']), reason: reason(x) })) })
      : chart === 'trend'
        ? brandTrendSvg({ ...base, cells: mine.map((x) => ({ region: region(x), month: String(x['period']), share: withheld(x) || x['value_share'] === null ? null : Number(x['value_share']) })) })
      : chart === 'price-bands'
        ? priceBandsSvg({ ...base, cells: mine.filter((x) => x['band'] !== 'ALL').map((x) => ({ region: region(x), band: String(x['band']), share: withheld(x) || x['band_share'] === null ? null : Number(x['band_share']), reason: reason(x) })) })
        : eventLiftsSvg({ ...base, cells: mine.map((x) => ({ region: region(x), event: (EVENT_LABELS as Record<string, { zh: string; en: string } | undefined>)[String(x['event'])]?.[lang] ?? String(x['event']), lift: withheld(x) || x['lift'] === null ? null : Number(x['lift']), reason: reason(x) })) });
    return reply.type(SVG).send(svg);
  });
}
