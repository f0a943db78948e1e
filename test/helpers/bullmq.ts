/**
 * Real Redis for job tests: REDIS_URL (default the machine's 127.0.0.1:6379), a prefix unique to
 * the test run so nothing an earlier run left is seen, and a cleanup that deletes every key of it.
 * `RedisServer` starts a private redis-server (own port, AOF on) for restart tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { redisUrl } from '../../jobs/redis.ts';

export const testPrefix = (name: string): string => `rdtest-${name}-${randomBytes(4).toString('hex')}`;

export async function deletePrefix(prefix: string, url: string = redisUrl()): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export class RedisServer {
  private proc: ChildProcess | undefined;
  private constructor(readonly port: number, readonly dir: string) {}

  static async start(dir: string): Promise<RedisServer> {
    const s = new RedisServer(await freePort(), dir);
    await s.up();
    return s;
  }

  get url(): string { return `redis://127.0.0.1:${this.port}`; }

  async up(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes',
      '--appendfsync', 'always', '--maxmemory-policy', 'noeviction', '--save', ''], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const r = new Redis(this.url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
      r.on('error', () => undefined); // refused while the server boots: expected, retried below
      const ok = await r.connect().then(() => r.ping()).then(() => true, () => false);
      r.disconnect();
      if (ok) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('redis-server did not start');
  }

  /** SIGTERM (Redis flushes its AOF) and wait for the exit. */
  async down(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((res) => { p.once('exit', () => res()); p.kill('SIGTERM'); });
  }
}
