/**
 * The Fastify app: security headers, compression, the OpenAPI document and Swagger UI, strict
 * validation (an unknown query field is a 400, not silently dropped), per-key rate limits, and the
 * routes. `Api.create` wires it to a snapshot folder and a key file; `listen` is the caller's.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { CodedError } from '../pipelines/errors.ts';
import { KeyStore } from '../pipelines/keys/key-store.ts';
import { installAdminQueues, type AdminQueues, type AdminQueuesOptions } from './plugins/admin-queues.ts';
import { installAuth } from './plugins/auth.ts';
import { installErrorHandling } from './plugins/errors.ts';
import { installPages } from './plugins/pages.ts';
import { SnapshotState } from './plugins/snapshots.ts';
import { brandRoutes } from './routes/brands.ts';
import { chartRoutes } from './routes/charts.ts';
import { healthRoutes } from './routes/health.ts';
import { metaRoutes } from './routes/meta.ts';
import { produceRoutes } from './routes/produce.ts';
import { storeRoutes } from './routes/stores.ts';
import { ErrorBody } from './schemas/common.ts';

export interface ApiOptions {
  /** Folder of published snapshots (with LATEST). */
  readonly snapshots: string;
  /** The key file (see pipelines/keys/key-store.ts). */
  readonly keys: string;
  /** How often LATEST and the key file are re-read. @defaultValue 2000 ms */
  readonly pollMs?: number;
  /** Requests per key per minute. @defaultValue 600 */
  readonly rateLimit?: number;
  readonly logger?: FastifyServerOptions['logger'];
  /** Mount the job queues' admin view (bull-board, admin keys only) at /admin/queues. */
  readonly admin?: AdminQueuesOptions;
}

const MAX_URL = 2048;

export class Api {
  private constructor(
    readonly app: FastifyInstance,
    readonly snapshots: SnapshotState,
    readonly keys: KeyStore,
    private readonly db: DuckDBInstance,
    private readonly keyTimer: NodeJS.Timeout | undefined,
    private readonly admin: AdminQueues | null,
    /** Every route registered (method and URL pattern), for the OpenAPI completeness check. */
    readonly routes: readonly { readonly method: string; readonly url: string }[],
  ) {}

  static async create(o: ApiOptions): Promise<Api> {
    const app = Fastify({
      logger: o.logger ?? false,
      bodyLimit: 16 * 1024,
      routerOptions: { maxParamLength: 200 },
      // Reject, do not strip: a misspelt filter must not silently widen an answer.
      ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
      return503OnClosing: true,
    });
    const db = await DuckDBInstance.create(':memory:');
    const keys = await KeyStore.open(o.keys);
    const pollMs = o.pollMs ?? 2000;
    const snapshots = await SnapshotState.open(o.snapshots, db, app.log, pollMs);
    const keyTimer = pollMs > 0 ? setInterval(() => { keys.reload().catch((err: unknown) => app.log.error({ err }, 'key file reload failed')); }, pollMs) : undefined;
    keyTimer?.unref();

    const routes: { method: string; url: string }[] = [];
    app.addHook('onRoute', (r) => {
      for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push({ method: m, url: r.url });
    });
    installErrorHandling(app);
    app.addHook('onRequest', async (req) => {
      if (req.url.length > MAX_URL) throw new CodedError('URI_TOO_LONG');
    });
    // HSTS and upgrade-insecure-requests belong to the TLS proxy in front: a centre's LAN may serve plain HTTP.
    await app.register(helmet, { hsts: false, contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } } });
    await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
    app.addSchema(ErrorBody);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'rural-demand API', version: '1', description: 'Restock suggestions, forecasts, produce calendars and disclosure-controlled brand insights, served from the latest published snapshot.' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a key from `rural-demand keys create`' } } },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    healthRoutes(app, snapshots);
    installPages(app);
    await app.register(async (v1) => {
      installAuth(v1, keys);
      await v1.register(rateLimit, {
        max: o.rateLimit ?? 600, timeWindow: 60_000,
        keyGenerator: (req) => req.principal?.keyId ?? req.ip,
        errorResponseBuilder: () => new CodedError('RATE_LIMITED'),
      });
      storeRoutes(v1, snapshots);
      produceRoutes(v1, snapshots);
      brandRoutes(v1, snapshots);
      chartRoutes(v1, snapshots);
      metaRoutes(v1, snapshots, keys);
    });
    const admin = o.admin ? await installAdminQueues(app, keys, o.admin) : null;
    await app.ready();
    return new Api(app, snapshots, keys, db, keyTimer, admin, routes);
  }

  async close(): Promise<void> {
    if (this.keyTimer) clearInterval(this.keyTimer);
    await this.app.close();
    await this.admin?.close();
    await this.snapshots.close();
    this.db.closeSync();
  }
}
