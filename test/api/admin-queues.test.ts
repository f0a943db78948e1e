/**
 * The bull-board admin view over a real socket and a real Redis (own prefix, cleaned up): only an
 * admin key opens it (Bearer or Basic), every other caller gets the API's 401 with a Basic
 * challenge, and the board's JSON shows the jobs queued under that prefix with their failure reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiServer } from '../../api/server.ts';
import { presentedKey } from '../../api/plugins/admin-queues.ts';
import { WRITER_QUEUE } from '../../jobs/queues.ts';
import { connectRedis, redisUrl } from '../../jobs/redis.ts';
import { KeyStore } from '../../pipelines/keys/key-store.ts';
import { deletePrefix, testPrefix } from '../helpers/bullmq.ts';
import { until } from '../helpers/wait.ts';

const prefix = testPrefix('admin');
let dir: string;
let server: ApiServer;
let admin: string;
let shopkeeper: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-admin-'));
  const keys = join(dir, 'api-keys.json');
  const ks = await KeyStore.open(keys);
  admin = (await ks.create('admin', {}, 'ops')).key;
  shopkeeper = (await ks.create('shopkeeper', { stores: ['ST00001'] }, 'shop')).key;
  const redis = connectRedis();
  const q = new Queue(WRITER_QUEUE, { connection: redis, prefix });
  await q.add('nightly', {}, { jobId: 'nightly-bad' });
  // Fail one job for real so the board has a reason to show; then queue one that stays waiting.
  const workerRedis = connectRedis();
  const w = new Worker(WRITER_QUEUE, async () => { throw new UnrecoverableError('input refused: wrong header'); }, { connection: workerRedis, prefix });
  await until('the job to fail', async () => (await q.getFailedCount()) === 1, 10_000);
  await w.close();
  workerRedis.disconnect();
  await q.add('ingest', {}, { jobId: 'ingest-waiting' });
  await q.close();
  redis.disconnect();
  server = await ApiServer.start({ port: 0, snapshots: join(dir, 'snapshots'), keys, pollMs: 0, admin: { redisUrl: redisUrl(), prefix } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await deletePrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

const basic = (key: string): string => `Basic ${Buffer.from(`admin:${key}`).toString('base64')}`;

describe('admin view (bull-board)', () => {
  it('refuses no key, a wrong key and a non-admin key alike, with a Basic challenge', async () => {
    for (const authorization of [undefined, basic('rdk_nope_nope'), `Bearer ${shopkeeper}`, basic(shopkeeper)]) {
      const r = await fetch(`${server.url}/admin/queues`, { headers: authorization ? { authorization } : {} });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="rural-demand admin"/);
      expect(await r.json()).toEqual({ code: 'UNAUTHORIZED', message: expect.any(String) });
    }
    const api = await fetch(`${server.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${shopkeeper}` } });
    expect(api.status).toBe(401);
    await api.body?.cancel(); // an unread body holds its socket open, and with it the server's close
  });

  it('opens for an admin key by Basic (a browser) or Bearer, and shows this prefix\'s jobs', async () => {
    const page = await fetch(`${server.url}/admin/queues`, { headers: { authorization: basic(admin) } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('rural-demand jobs');
    const r = await fetch(`${server.url}/admin/queues/api/queues?activeQueue=${WRITER_QUEUE}&status=failed&page=1`, { headers: { authorization: `Bearer ${admin}` } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { queues: { name: string; counts: Record<string, number>; jobs: { id: string; failedReason?: string }[] }[] };
    const writer = body.queues.find((q) => q.name === WRITER_QUEUE);
    expect(writer?.counts['failed']).toBe(1);
    expect(writer?.counts['waiting']).toBe(1);
    expect(writer?.jobs.map((j) => [j.id, j.failedReason])).toEqual([['nightly-bad', 'input refused: wrong header']]);
    const statics = await fetch(`${server.url}/admin/queues/static/images/logo.svg`, { headers: { authorization: basic(admin) } });
    expect(statics.status).toBe(200);
    await statics.arrayBuffer();
  });

  it('reads the key from Bearer or Basic and nothing else', () => {
    expect(presentedKey('Bearer abc')).toBe('abc');
    expect(presentedKey(`Basic ${Buffer.from('x:rdk_a_b').toString('base64')}`)).toBe('rdk_a_b');
    expect(presentedKey(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeNull();
    expect(presentedKey(`Basic ${Buffer.from('x:').toString('base64')}`)).toBeNull();
    expect(presentedKey('Token abc')).toBeNull();
    expect(presentedKey(undefined)).toBeNull();
  });
});
