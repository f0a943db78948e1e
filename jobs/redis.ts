/**
 * The Redis connection BullMQ runs on, and the check at start: without `noeviction` Redis may
 * evict queue keys under memory pressure (jobs vanish, measured in shared/notes); without AOF a
 * restart loses every queued job. The first is refused, the second warned about.
 */
import { Redis } from 'ioredis';
import { CodedError } from '../pipelines/errors.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const redisUrl = (): string => process.env['REDIS_URL'] ?? DEFAULT_REDIS_URL;

/** A connection for BullMQ workers (`maxRetriesPerRequest: null`, so blocking commands survive reconnects). */
export function connectRedis(url: string = redisUrl()): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export interface RedisCheck {
  readonly evictionPolicy: string | null;
  readonly aof: boolean | null;
  readonly warnings: readonly string[];
}

async function configGet(redis: Redis, key: string): Promise<string | null> {
  try {
    const r = (await redis.config('GET', key)) as unknown as string[];
    return r[1] ?? null;
  } catch {
    // Managed Redis often disables CONFIG; then the policy is unknown and said so.
    return null;
  }
}

export async function checkRedis(redis: Redis): Promise<RedisCheck> {
  try {
    await redis.ping();
  } catch (err) {
    throw new CodedError('REDIS_UNAVAILABLE', `cannot reach Redis at ${redis.options.host}:${redis.options.port}`, { cause: err });
  }
  const policy = await configGet(redis, 'maxmemory-policy');
  if (policy !== null && policy !== 'noeviction') {
    throw new CodedError('REDIS_MISCONFIGURED', `Redis maxmemory-policy is '${policy}': BullMQ needs 'noeviction' (CONFIG SET maxmemory-policy noeviction), or queued jobs can be evicted`);
  }
  const aofText = await configGet(redis, 'appendonly');
  const warnings: string[] = [];
  if (policy === null) warnings.push('cannot read Redis maxmemory-policy (CONFIG disabled?): make sure it is noeviction');
  if (aofText === 'no') warnings.push('Redis persistence (AOF) is off: a Redis restart loses every queued job; set appendonly yes in production');
  return { evictionPolicy: policy, aof: aofText === null ? null : aofText === 'yes', warnings };
}
