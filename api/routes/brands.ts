/**
 * A brand's insight tables: only what disclosure control published (withheld cells keep their
 * dimensions, `suppressed: true` and the reason, never a number), with the margins beside them.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CodedError } from '../../pipelines/errors.ts';
import { BRAND_TABLES, type BrandTable } from '../../pipelines/serve/columns.ts';
import { canSeeBrand } from '../../pipelines/serve/tenancy.ts';
import { requireRole } from '../plugins/auth.ts';
import type { SnapshotState } from '../plugins/snapshots.ts';
import { conditional, formatOf, paginate, sendTable } from '../plugins/tabular.ts';
import { ERROR_RESPONSES, TABLE_QUERY, pageSchema } from '../schemas/common.ts';

const TABLE = ['application/json', 'text/csv', 'application/vnd.apache.arrow.stream'];

const SUMMARY: Record<BrandTable, string> = {
  cells: 'Sales by region and month with shares, growth, season index, penetration and repeat rate',
  'price-bands': 'Sales by price band against the category median',
  events: 'Spring Festival, 11.11 and 6.18 windows against the four weeks before (lift)',
  basket: 'Other categories in the baskets holding the brand (affinity, lift)',
  adoption: "New SKUs' adoption curves: stores and villages that have sold them, by month since launch",
};

export function brandRoutes(app: FastifyInstance, snapshots: SnapshotState): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const [table, t] of Object.entries(BRAND_TABLES) as [BrandTable, (typeof BRAND_TABLES)[BrandTable]][]) {
    r.get(`/v1/brands/:brand/${table}`, {
      schema: {
        tags: ['brands'], produces: TABLE, summary: SUMMARY[table],
        description: 'Brand keys: their own brand. Analysts: any brand. Rows at the asked region level and the whole-region level (`all`).',
        params: Type.Object({ brand: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        querystring: Type.Object({ ...TABLE_QUERY, by: Type.Optional(Type.Union([Type.Literal('county'), Type.Literal('province')], { description: 'default county' })) }, { additionalProperties: false }),
        response: { 200: pageSchema(t.columns, table), 304: Type.Null(), ...ERROR_RESPONSES },
        security: [{ bearer: [] }],
      },
    }, async (req, reply) => {
      const p = requireRole(req, ['brand', 'analyst']);
      const snap = snapshots.require();
      const { brand } = req.params;
      if (!canSeeBrand(p, snap, brand)) throw new CodedError('NOT_FOUND', 'no such brand');
      const q = req.query;
      const format = formatOf(req, q.format);
      const rows = snap.brandRows(table, brand, q.by ?? 'county');
      if (rows === null) throw new CodedError('NO_DATA', 'this snapshot has no brand tables');
      if (conditional(req, reply, snap, format)) return reply;
      return sendTable(reply, format, t.columns, snap, paginate(rows, q.cursor, q.limit, snap.runId));
    });
  }
}
