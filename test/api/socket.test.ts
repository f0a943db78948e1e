/**
 * Over a real socket. The hot swap: client loops keep requesting while two new snapshots are
 * published, one valid and one corrupt; no request may fail, each client's answers switch
 * snapshot once (old to new, never back), and the corrupt one is refused and reported. Then the
 * CLI as a user runs it: `keys create --format json`, `serve` in its own process, curl-like fetches.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiServer } from '../../api/server.ts';
import { KeyStore } from '../../pipelines/keys/key-store.ts';
import { buildApiFixture, publishCopy, type ApiFixture } from '../helpers/api-fixture.ts';
import { sleep } from '../helpers/wait.ts';

const BIN = fileURLToPath(new URL('../../bin/rural-demand.js', import.meta.url));

let fx: ApiFixture;
beforeAll(async () => { fx = await buildApiFixture('socket'); }, 120_000);
afterAll(() => fx?.cleanup());

describe('hot swap over a real socket', () => {
  it('serves every request while a valid and a corrupt snapshot are published; switches once', async () => {
    const ks = await KeyStore.open(fx.keys);
    const store = 'ST00001';
    const { key } = await ks.create('shopkeeper', { stores: [store] }, 'swap');
    const { key: admin } = await ks.create('admin', {}, 'swap-admin');
    const server = await ApiServer.start({ port: 0, snapshots: fx.root, keys: fx.keys, pollMs: 25, rateLimit: 1_000_000 });
    try {
      let stop = false;
      const failures: string[] = [];
      const seen: string[][] = [];
      const client = async (k: number): Promise<void> => {
        const ids: string[] = [];
        seen[k] = ids;
        while (!stop) {
          try {
            const r = await fetch(`${server.url}/v1/stores/${store}/restock?limit=30`, { headers: { authorization: `Bearer ${key}` } });
            const body = (await r.json()) as { snapshot?: string; rows?: unknown[] };
            if (r.status !== 200 || body.rows?.length === 0) failures.push(`${r.status}`);
            else if (ids.at(-1) !== body.snapshot) ids.push(body.snapshot!);
          } catch (err) {
            failures.push(String(err));
          }
        }
      };
      const loops = [0, 1, 2, 3].map(client);
      await sleep(200);
      await publishCopy(fx.root, fx.runId, 'api-2');
      for (let i = 0; i < 200 && server.api.snapshots.current?.runId !== 'api-2'; i++) await sleep(10);
      await sleep(200);
      await publishCopy(fx.root, fx.runId, 'api-3', true);
      for (let i = 0; i < 200 && server.api.snapshots.rejected === null; i++) await sleep(10);
      await sleep(200);
      stop = true;
      await Promise.all(loops);
      expect(failures).toEqual([]);
      for (const ids of seen) expect(ids).toEqual(['api-1', 'api-2']);
      const fresh = (await (await fetch(`${server.url}/v1/freshness`, { headers: { authorization: `Bearer ${admin}` } })).json()) as Record<string, unknown>;
      expect(fresh['snapshot']).toBe('api-2');
      expect(fresh['swaps']).toBe(2); // the first load, then api-2
      expect(fresh['rejected']).toMatchObject({ run_id: 'api-3', code: 'INTERNAL' });
      expect((await (await fetch(`${server.url}/ready`)).json())).toEqual({ status: 'ready', snapshot: 'api-2' });
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('the CLI', () => {
  let child: ChildProcess | undefined;
  afterAll(() => { child?.kill('SIGTERM'); });

  it('keys create prints a key for scripts; serve answers it over HTTP; a key made while it runs works at once', async () => {
    const create = (args: string[]): { key: string; id: string } =>
      JSON.parse(execFileSync(process.execPath, [BIN, 'keys', 'create', ...args, '--keys', fx.keys, '--format', 'json'], { encoding: 'utf8' })) as { key: string; id: string };
    const shop = create(['--role', 'shopkeeper', '--store', 'ST00002', '--label', 'cli test']);
    expect(shop.key).toMatch(/^rdk_[0-9a-f]{16}_/);
    child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--snapshots', fx.root, '--keys', fx.keys, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child!.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /API on (http:\/\/[^\s]+) /.exec(err);
        if (m) resolve(m[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const r = await fetch(`${url}/v1/stores/ST00002/restock?lang=en`, { headers: { authorization: `Bearer ${shop.key}` } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    const late = create(['--role', 'analyst']);
    expect((await fetch(`${url}/v1/hierarchy`, { headers: { authorization: `Bearer ${late.key}` } })).status).toBe(200);
    execFileSync(process.execPath, [BIN, 'keys', 'revoke', late.id, '--keys', fx.keys]);
    await sleep(2500);
    expect((await fetch(`${url}/v1/hierarchy`, { headers: { authorization: `Bearer ${late.key}` } })).status).toBe(401);
    const bad = await fetch(`${url}/v1/stores/ST00002/restock`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child!.on('exit', resolve));
    expect(code).toBe(0);
    child = undefined;
  }, 60_000);
});
