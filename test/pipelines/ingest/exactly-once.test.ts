import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { ingestFile } from '../../../pipelines/ingest/ingest-file.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { ORDERS_HEADER, writeMasterData } from '../../helpers/master-data.ts';
import { tempDir } from '../../helpers/temp.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const line = (id: string, no: number, sku: string, qty: number, status = 'placed', statusAt = ''): string =>
  `${id},${no},2025-03-01 09:15:00,S1,C042,assisted,${sku},${qty},150,${status},${statusAt}`;

describe('exactly-once ingestion', () => {
  let dir: string;
  let cleanup: () => void;
  let wh: Warehouse;
  const rows = async (sql: string): Promise<unknown[][]> => (await wh.connection.runAndReadAll(sql)).getRows();

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('once'));
    wh = await Warehouse.open(join(dir, 'w.duckdb'));
    await ingestPaths(wh.connection, writeMasterData(dir), { now: NOW });
  });
  afterAll(async () => {
    await wh.close();
    cleanup();
  });

  it('skips the same content a second time, under any name, and says so', async () => {
    const a = join(dir, 'orders-2025-03-a.csv');
    writeFileSync(a, [ORDERS_HEADER, line('O1', 1, 'FERT-01', 2), line('O1', 2, 'SNK-01', 20)].join('\n') + '\n');
    const first = await ingestFile(wh.connection, a, { now: NOW });
    expect(first).toMatchObject({ outcome: 'loaded', read: 2, loaded: 2, inserted: 2 });
    const copy = join(dir, 'orders-2025-03-copy.csv');
    copyFileSync(a, copy);
    const again = await ingestFile(wh.connection, copy, { now: NOW });
    expect(again.outcome).toBe('skipped');
    expect(again.message).toContain(`file #${first.fileId}`);
    expect(Number((await rows(`SELECT count(*) FROM order_lines WHERE order_id = 'O1'`))[0]?.[0])).toBe(2);
    expect(Number((await rows(`SELECT count(*) FROM ingest_files WHERE sha256 = '${first.sha256}'`))[0]?.[0])).toBe(1);
  });

  it('stores a line that arrives in two overlapping files once', async () => {
    const b = join(dir, 'orders-2025-03-b.csv');
    const c = join(dir, 'orders-2025-03-c.csv');
    writeFileSync(b, [ORDERS_HEADER, line('O2', 1, 'FERT-01', 1), line('O3', 1, 'FERT-01', 1), line('O3', 1, 'FERT-01', 1)].join('\n') + '\n');
    writeFileSync(c, [ORDERS_HEADER, line('O3', 1, 'FERT-01', 1), line('O4', 1, 'SNK-01', 40)].join('\n') + '\n');
    const rb = await ingestFile(wh.connection, b, { now: NOW });
    expect(rb).toMatchObject({ read: 3, loaded: 3, inserted: 2, duplicate: 1 });
    const rc = await ingestFile(wh.connection, c, { now: NOW });
    expect(rc).toMatchObject({ read: 2, loaded: 2, inserted: 1, duplicate: 1, updated: 0 });
    const keys = await rows(`SELECT order_id, count(*) FROM order_lines WHERE order_id IN ('O2', 'O3', 'O4') GROUP BY 1 ORDER BY 1`);
    expect(keys.map((r) => [r[0], Number(r[1])])).toEqual([['O2', 1], ['O3', 1], ['O4', 1]]);
  });

  it('loads changed content under the same name as a new file, and a later status updates the line', async () => {
    const d = join(dir, 'orders-2025-03-d.csv');
    writeFileSync(d, [ORDERS_HEADER, line('O5', 1, 'FERT-01', 3)].join('\n') + '\n');
    const first = await ingestFile(wh.connection, d, { now: NOW });
    writeFileSync(d, [ORDERS_HEADER, line('O5', 1, 'FERT-01', 3, 'cancelled', '2025-03-02 10:00:00'), line('O6', 1, 'SNK-01', 20)].join('\n') + '\n');
    const second = await ingestFile(wh.connection, d, { now: NOW });
    expect(second.fileId).not.toBe(first.fileId);
    expect(second).toMatchObject({ outcome: 'loaded', inserted: 1, updated: 1 });
    const o5 = await rows(`SELECT status, strftime(status_at, '%Y-%m-%d %H:%M'), file_id FROM order_lines WHERE order_id = 'O5'`);
    expect(o5).toEqual([['cancelled', '2025-03-02 10:00', BigInt(second.fileId)]]);

    // An older word on the line (a resent "placed") does not undo the cancellation.
    const e = join(dir, 'orders-2025-03-e.csv');
    writeFileSync(e, [ORDERS_HEADER, line('O5', 1, 'FERT-01', 3), line('O7', 1, 'SNK-01', 20)].join('\n') + '\n');
    const third = await ingestFile(wh.connection, e, { now: NOW });
    expect(third).toMatchObject({ inserted: 1, updated: 0, duplicate: 1 });
    expect((await rows(`SELECT status FROM order_lines WHERE order_id = 'O5'`))[0]?.[0]).toBe('cancelled');
  });

  it('keeps loaded + rejected = read in the manifest for every file', async () => {
    const bad = await rows(`SELECT name FROM ingest_files WHERE rows_loaded + rows_rejected <> rows_read
      OR rows_inserted + rows_updated + rows_duplicate <> rows_loaded`);
    expect(bad).toEqual([]);
    const files = Number((await rows('SELECT count(*) FROM ingest_files'))[0]?.[0]);
    expect(files).toBeGreaterThanOrEqual(8);
  });
});
