/**
 * Every error leaves through here, shaped `{ code, message }` from the one catalogue
 * (pipelines/errors.ts). A client sees a coded error's own message for 4xx (written for it), and
 * only the catalogue's generic message for 5xx: DuckDB's text, paths and stacks go to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CodedError, ERRORS, type ErrorCode } from '../../pipelines/errors.ts';

export interface ErrorPayload { readonly code: string; readonly message: string }

/** Send a catalogue error; for scopes whose own error handler is not ours (the admin view). */
export function sendCoded(reply: FastifyReply, code: ErrorCode, message: string = ERRORS[code].message): FastifyReply {
  return reply.code(ERRORS[code].status).type('application/json; charset=utf-8').send({ code, message });
}

/** Fastify's own 4xx (bad JSON, body too large, unsupported media type) by status. */
const FRAMEWORK: Record<number, ErrorCode> = { 400: 'BAD_ARGUMENT', 404: 'NOT_FOUND', 406: 'NOT_ACCEPTABLE', 413: 'TOO_LARGE', 414: 'URI_TOO_LONG', 415: 'BAD_ARGUMENT', 429: 'RATE_LIMITED' };

function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  if (first === undefined) return ERRORS.BAD_ARGUMENT.message;
  const where = err.validationContext ?? 'request';
  const field = first.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
  const extra = (first.params as { additionalProperty?: unknown; allowedValues?: unknown } | undefined);
  const detail = extra?.additionalProperty !== undefined ? `: unknown field '${String(extra.additionalProperty)}'`
    : extra?.allowedValues !== undefined ? ` (${(extra.allowedValues as unknown[]).join(', ')})` : '';
  return `${where}${field ? ` ${field}` : ''} ${first.message ?? 'is invalid'}${detail}`;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | CodedError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof CodedError) {
      if (err.status >= 500) {
        req.log.error({ err, cause: err.cause }, 'request failed');
        return sendCoded(reply, err.code, ERRORS[err.code].message);
      }
      return sendCoded(reply, err.code, err.message);
    }
    const fe = err as FastifyError;
    if (fe.validation) return sendCoded(reply, 'BAD_ARGUMENT', validationMessage(fe));
    const status = fe.statusCode ?? 500;
    const code = FRAMEWORK[status];
    if (code !== undefined && status < 500) return sendCoded(reply, code, ERRORS[code].message);
    req.log.error({ err }, 'unexpected error');
    return sendCoded(reply, 'INTERNAL', ERRORS.INTERNAL.message);
  });
  app.setNotFoundHandler((_req, reply) => sendCoded(reply, 'NOT_FOUND', ERRORS.NOT_FOUND.message));
}
