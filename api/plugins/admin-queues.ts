/**
 * The job queues' admin view (bull-board) at /admin/queues, for admin keys only. A browser cannot
 * send a Bearer header from its address bar, so the view also takes HTTP Basic with the key as the
 * password: the browser asks once and repeats it, and the key never appears in a URL or a log.
 * Any other caller gets the same 401 as the API (with a Basic challenge), never the board.
 *
 * bull-board registers its own error handler in its scope, so the guard answers from the catalogue
 * itself instead of throwing into a handler that is not ours.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { KeyStore, Principal } from '../../pipelines/keys/key-store.ts';
import { SHARD_QUEUE, WRITER_QUEUE } from '../../jobs/queues.ts';
import { sendCoded } from './errors.ts';

export const ADMIN_PATH = '/admin/queues';

export interface AdminQueuesOptions {
  readonly redisUrl: string;
  /** The jobs' key namespace (`jobs start --prefix`). */
  readonly prefix: string;
}

/** The key a request presents, from `Authorization: Bearer <key>` or `Basic base64(any:<key>)`. */
export function presentedKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  const bearer = /^Bearer ([^\s]{1,200})$/.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic ([A-Za-z0-9+/=]{1,400})$/.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon < 0 ? '' : decoded.slice(colon + 1);
  return key.length > 0 && key.length <= 200 ? key : null;
}

export interface AdminQueues {
  close(): Promise<void>;
}

/** Mounts the board; the returned handle closes its queues and Redis connection. */
export async function installAdminQueues(app: FastifyInstance, keys: KeyStore, o: AdminQueuesOptions): Promise<AdminQueues> {
  // Not the workers' connection (retries forever, for blocking reads): a board request with Redis
  // down should fail after a couple of tries, not hang.
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 2 });
  // A board with Redis down still loads and says so per queue; the API itself must not fail with it.
  redis.on('error', (err: unknown) => app.log.warn({ err }, 'admin view: Redis connection error'));
  const queues = [WRITER_QUEUE, SHARD_QUEUE].map((name) => new Queue(name, { connection: redis, prefix: o.prefix }));
  const adapter = new FastifyAdapter();
  adapter.setBasePath(ADMIN_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'rural-demand jobs' } },
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (req: FastifyRequest, reply) => {
      const key = presentedKey(req.headers.authorization);
      const who: Principal | null = key === null ? null : keys.verify(key);
      if (who === null || who.role !== 'admin') {
        // Same answer for no key, a wrong key and a non-admin key: nothing to tell them apart.
        reply.header('www-authenticate', 'Basic realm="rural-demand admin", charset="UTF-8"');
        return sendCoded(reply, 'UNAUTHORIZED');
      }
      req.log.info({ keyId: who.keyId, url: req.url }, 'admin view');
      return undefined;
    });
    await scope.register(adapter.registerPlugin(), { prefix: ADMIN_PATH });
  });
  return {
    async close() {
      // Bounded: a queue's close waits on its connection, and a server's shutdown must not hang on
      // Redis (CI once timed out here). What is left open is dropped by the disconnect below.
      const closed = Promise.all(queues.map((q) => q.close())).then(() => 'closed' as const);
      const timeout = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), 2_000).unref());
      if ((await Promise.race([closed, timeout])) === 'timeout') app.log.warn('admin view: queues did not close within 2 s; disconnecting');
      redis.disconnect();
    },
  };
}
