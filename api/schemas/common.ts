/**
 * Schemas shared by every route, built with TypeBox so one definition gives the validator, the
 * serialiser and the OpenAPI document. Nullable fields use JSON Schema type arrays (OpenAPI 3.1):
 * fast-json-stringify serialises them directly, where `anyOf` would make it try each branch.
 */
import { Type, type TSchema } from 'typebox';
import type { Column } from '../../pipelines/serve/tabular.ts';

export const ErrorBody = Type.Object({
  code: Type.String({ description: 'stable error code from the catalogue' }),
  message: Type.String(),
}, { $id: 'Error', additionalProperties: false });

const columnSchema = (c: Column): TSchema => {
  const type = c.type === 'integer' ? 'integer' : c.type;
  const meta = c.description ? { description: c.description } : {};
  return c.nullable ? Type.Unsafe({ type: [type, 'null'], ...meta }) : Type.Unsafe({ type, ...meta });
};

/** The JSON shape of one row of a table. */
export function rowSchema(columns: readonly Column[]): TSchema {
  return Type.Object(Object.fromEntries(columns.map((c) => [c.name, columnSchema(c)])), { additionalProperties: false });
}

/** A page of a table as JSON: the snapshot it came from, the rows, the cursor of the next page. */
export function pageSchema(columns: readonly Column[], description: string): TSchema {
  return Type.Object({
    snapshot: Type.String({ description: 'snapshot (run) id the answer comes from' }),
    as_of: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'last day of data, YYYY-MM-DD' }),
    rows: Type.Array(rowSchema(columns)),
    next_cursor: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'pass as ?cursor= for the next page; null on the last' }),
  }, { additionalProperties: false, description });
}

export const Format = Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('arrow')], { description: 'overrides the Accept header' });
export const Lang = Type.Union([Type.Literal('zh'), Type.Literal('en')], { description: 'overrides Accept-Language; default zh' });

/** Query fields every tabular route takes. */
export const TABLE_QUERY = {
  format: Type.Optional(Format),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'rows per page (default 500)' })),
} as const;

/** An id in a path: printable, no slashes, bounded. */
export const Id = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^/\\x00-\\x1f]+$' });

/** Every status a tabular route may answer besides 200, with the error body. */
export const ERROR_RESPONSES = {
  400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 406: ErrorBody, 409: ErrorBody, 429: ErrorBody, 500: ErrorBody, 503: ErrorBody,
} as const;
