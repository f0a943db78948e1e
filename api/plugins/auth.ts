/**
 * Bearer keys. The hook runs on every /v1 route: no key, a malformed one, an unknown, revoked or
 * wrong one all get the same 401, so a client cannot tell which part was wrong. A key id the store
 * has not seen triggers a reload of the key file (at most every 200 ms), so a key created by
 * `rural-demand keys create` while the server runs works at once; a timer picks up revocations.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CodedError } from '../../pipelines/errors.ts';
import type { KeyStore, Principal, Role } from '../../pipelines/keys/key-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const RELOAD_GAP_MS = 200;

export function installAuth(app: FastifyInstance, keys: KeyStore): void {
  let lastReload = 0;
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer ([^\s]{1,200})$/.exec(header) : null;
    if (m === null) throw new CodedError('UNAUTHORIZED');
    const presented = m[1]!;
    let who = keys.verify(presented);
    if (who === null && !keys.knows(presented) && Date.now() - lastReload > RELOAD_GAP_MS) {
      lastReload = Date.now();
      await keys.reload().catch((err: unknown) => req.log.error({ err }, 'key file could not be reloaded; using the keys already loaded'));
      who = keys.verify(presented);
    }
    if (who === null) throw new CodedError('UNAUTHORIZED');
    req.principal = who;
  });
}

/** The caller, for a route that may only be reached after the auth hook. */
export function principalOf(req: FastifyRequest): Principal {
  if (req.principal === null) throw new CodedError('UNAUTHORIZED');
  return req.principal;
}

/**
 * The caller when its role may use the route; otherwise NOT_FOUND, exactly as for a resource that
 * does not exist, so a route a role cannot use reveals nothing about what it would hold.
 */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Principal {
  const p = principalOf(req);
  if (!roles.includes(p.role)) throw new CodedError('NOT_FOUND');
  return p;
}
