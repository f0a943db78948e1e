import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import {
  LatestSnapshot, listSnapshots, openLatestSnapshot, openSnapshot, publishSnapshot, readLatest,
} from '../../../pipelines/publish/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { seedWarehouse } from './fixture.ts';

describe('snapshot reader', () => {
  let dir: string;
  let cleanup: () => void;
  let root: string;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('publish-reader'));
    root = join(dir, 'snapshots');
    const wh = await Warehouse.open(':memory:');
    try {
      await seedWarehouse(wh.connection);
      await publishSnapshot(wh.connection, { root, runId: 'R1', now: new Date('2026-11-19T02:15:00Z') });
      await publishSnapshot(wh.connection, { root, runId: 'R2', now: new Date('2026-11-19T03:15:00Z') });
    } finally {
      await wh.close();
    }
  });

  afterAll(() => cleanup());

  it('returns undefined before anything was published', async () => {
    expect(await openLatestSnapshot(join(dir, 'empty'))).toBeUndefined();
    expect(await listSnapshots(join(dir, 'empty'))).toEqual([]);
  });

  it('pins the snapshot it resolved even when LATEST moves on', async () => {
    const h = await openLatestSnapshot(root);
    expect(h?.runId).toBe('R2');
    writeFileSync(join(root, 'LATEST'), 'R1\n');
    expect(h?.files['forecasts']).toEqual([join(root, 'R2', 'forecasts.parquet')]);
    expect((await openLatestSnapshot(root))?.runId).toBe('R1');
    writeFileSync(join(root, 'LATEST'), 'R2\n');
  });

  it('does not list temp, half-deleted or manifest-less folders', async () => {
    mkdirSync(join(root, '.tmp-R3-abcd'));
    writeFileSync(join(root, '.tmp-R3-abcd', 'forecasts.parquet'), 'half');
    mkdirSync(join(root, '.del-R0-abcd'));
    mkdirSync(join(root, 'R4'));
    expect((await listSnapshots(root)).map((s) => s.runId)).toEqual(['R2', 'R1']);
    rmSync(join(root, '.tmp-R3-abcd'), { recursive: true });
    rmSync(join(root, '.del-R0-abcd'), { recursive: true });
    rmSync(join(root, 'R4'), { recursive: true });
  });

  it('refuses a snapshot whose file size differs from the manifest', async () => {
    const copy = join(dir, 'size');
    const wh = await Warehouse.open(':memory:');
    try {
      await seedWarehouse(wh.connection);
      await publishSnapshot(wh.connection, { root: copy, runId: 'R1' });
    } finally {
      await wh.close();
    }
    appendFileSync(join(copy, 'R1', 'products.parquet'), 'x');
    await expect(openLatestSnapshot(copy)).rejects.toThrow(/products.parquet is \d+ bytes, manifest says/);
  });

  it('catches a same-size corruption only when asked to verify SHA-256', async () => {
    const copy = join(dir, 'sha');
    const wh = await Warehouse.open(':memory:');
    try {
      await seedWarehouse(wh.connection);
      await publishSnapshot(wh.connection, { root: copy, runId: 'R1' });
    } finally {
      await wh.close();
    }
    const path = join(copy, 'R1', 'stores.parquet');
    const bytes = readFileSync(path);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    await expect(openSnapshot(copy, 'R1')).resolves.toBeDefined();
    await expect(openSnapshot(copy, 'R1', { verifySha256: true })).rejects.toThrow(/stores.parquet does not match its SHA-256/);
  });

  it('reports a missing file, a missing snapshot and a garbled pointer with codes', async () => {
    rmSync(join(root, 'R1', 'geography.parquet'));
    await expect(openSnapshot(root, 'R1')).rejects.toThrow(/geography.parquet is missing/);
    await expect(openSnapshot(root, 'R7')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    writeFileSync(join(root, 'LATEST'), '../etc\n');
    await expect(readLatest(root)).rejects.toMatchObject({ code: 'INTERNAL' });
    writeFileSync(join(root, 'LATEST'), 'R2\n');
  });
});

describe('LatestSnapshot (hot swap)', () => {
  it('swaps only when LATEST names a new, sound snapshot, and keeps the old one otherwise', async () => {
    const { dir, cleanup } = tempDir('publish-follow');
    const root = join(dir, 'snapshots');
    const wh = await Warehouse.open(':memory:');
    try {
      const follower = await LatestSnapshot.open(root);
      expect(follower.current).toBeUndefined();
      await seedWarehouse(wh.connection);
      await publishSnapshot(wh.connection, { root, runId: 'R1' });
      expect(await follower.refresh()).toBe(true);
      expect(follower.current?.runId).toBe('R1');
      expect(await follower.refresh()).toBe(false);
      await publishSnapshot(wh.connection, { root, runId: 'R2' });
      appendFileSync(join(root, 'R2', 'forecasts.parquet'), 'x');
      await expect(follower.refresh()).rejects.toThrow(/forecasts.parquet is \d+ bytes/);
      expect(follower.current?.runId).toBe('R1');
    } finally {
      await wh.close();
      cleanup();
    }
  });
});
