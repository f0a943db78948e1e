/** Liveness and readiness, unauthenticated: ready only once a valid snapshot is loaded. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CodedError } from '../../pipelines/errors.ts';
import type { SnapshotState } from '../plugins/snapshots.ts';
import { ErrorBody } from '../schemas/common.ts';

export function healthRoutes(app: FastifyInstance, snapshots: SnapshotState): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/health', {
    schema: { tags: ['everyone'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));
  r.get('/ready', {
    schema: {
      tags: ['everyone'], summary: 'A valid snapshot is loaded (503 until then)',
      response: { 200: Type.Object({ status: Type.Literal('ready'), snapshot: Type.String() }), 503: ErrorBody },
    },
  }, async () => {
    const snap = snapshots.current;
    if (snap === undefined) throw new CodedError('NOT_READY');
    return { status: 'ready' as const, snapshot: snap.runId };
  });
}
