import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { listSnapshots, openLatestSnapshot, readLatest } from '../../../pipelines/publish/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { RUN_ROWS, seedWarehouse } from './fixture.ts';
import { DEFAULT_DATASETS } from '../../../pipelines/publish/datasets.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runChild(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { ...process.env, RURAL_DEMAND_FAULT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('snapshots across processes', () => {
  let dir: string;
  let cleanup: () => void;
  let warehouse: string;
  let root: string;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('publish-crash'));
    warehouse = join(dir, 'wh.duckdb');
    root = join(dir, 'snapshots');
    const wh = await Warehouse.open(warehouse);
    await seedWarehouse(wh.connection);
    await wh.close();
    const first = await runChild(['publish', warehouse, root, 'R1']);
    expect(first.code, first.stderr).toBe(0);
  });

  afterAll(() => cleanup());

  it('kill -9 after half the files: LATEST unchanged, no partial snapshot, a rerun completes', async () => {
    const killed = await runChild(['publish', warehouse, root, 'R2'], { RURAL_DEMAND_FAULT: 'publish-after-dataset:3' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await readLatest(root)).toBe('R1');
    expect((await listSnapshots(root)).map((s) => s.runId)).toEqual(['R1']);
    expect(existsSync(join(root, 'R2'))).toBe(false);
    // The half-written temp folder is there, holding exactly the three files done before the kill.
    const temps = readdirSync(root).filter((n) => n.startsWith('.tmp-R2-'));
    expect(temps).toHaveLength(1);
    expect(readdirSync(join(root, temps[0]!)).sort()).toEqual(['demand_weekly.parquet', 'forecasts.parquet', 'restock_suggestions.parquet']);

    const rerun = await runChild(['publish', warehouse, root, 'R2']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const h = await openLatestSnapshot(root, { verifySha256: true });
    expect(h?.runId).toBe('R2');
    expect(h?.manifest.datasets.find((d) => d.name === 'forecasts')?.rows).toBe(RUN_ROWS.R2.forecasts);
    expect(h?.manifest.datasets).toHaveLength(DEFAULT_DATASETS.length);
  });

  it('kill -9 between the folder rename and the LATEST swap: the rerun only swaps', async () => {
    const killed = await runChild(['publish', warehouse, join(dir, 'gap'), 'R1'], { RURAL_DEMAND_FAULT: 'publish-before-latest' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await readLatest(join(dir, 'gap'))).toBeUndefined();
    const manifest = readFileSync(join(dir, 'gap', 'R1', 'manifest.json'), 'utf8');
    const rerun = await runChild(['publish', warehouse, join(dir, 'gap'), 'R1']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await readLatest(join(dir, 'gap'))).toBe('R1');
    expect(readFileSync(join(dir, 'gap', 'R1', 'manifest.json'), 'utf8')).toBe(manifest);
  });

  it('a reader process opens the latest Parquet while the writer process holds the warehouse', async () => {
    const writer = spawn(process.execPath, ['--import', 'tsx', CHILD, 'hold', warehouse, root, 'R2'], {
      env: { ...process.env, RURAL_DEMAND_FAULT: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let err = '';
        writer.stderr.on('data', (d: Buffer) => (err += d.toString()));
        writer.stdout.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
        writer.on('exit', (code) => reject(new Error(`writer exited ${code}: ${err}`)));
      });
      // The writer published R2 (or found it complete) and keeps the warehouse open read-write.
      const read = await runChild(['read', root, warehouse]);
      expect(read.code, read.stderr).toBe(0);
      const out = JSON.parse(read.stdout) as { runId: string; rows: Record<string, number>; warehouseError: string };
      expect(out.warehouseError).toMatch(/lock/i);
      expect(out.runId).toBe('R2');
      expect(out.rows).toMatchObject({ forecasts: RUN_ROWS.R2.forecasts, restock_suggestions: RUN_ROWS.R2.restock, products: 2, stores: 3, geography: 3 });
    } finally {
      writer.stdin.end();
      await new Promise((done) => (writer.exitCode === null ? writer.on('exit', done) : done(undefined)));
    }
  });
});
