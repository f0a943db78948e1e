/**
 * Where a read command reads: the warehouse when it is free, else the latest published snapshot
 * (a run or the jobs hold the warehouse file; the snapshot exists for exactly this), said on stderr.
 */
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Warehouse } from '../../jobs/warehouse.ts';
import { isCodedError } from '../../pipelines/errors.ts';
import { openSnapshotReader } from '../../pipelines/publish/snapshot-views.ts';

export interface ReadSource {
  readonly connection: DuckDBConnection;
  /** The snapshot's run when reading one (the only run it holds). */
  readonly snapshotRun: string | null;
  close(): Promise<void>;
}

export async function openForReading(warehouse: string, snapshots: string = process.env['RURAL_DEMAND_SNAPSHOTS'] ?? join(dirname(warehouse), 'snapshots')): Promise<ReadSource> {
  try {
    const wh = await Warehouse.open(warehouse);
    return { connection: wh.connection, snapshotRun: null, close: () => wh.close() };
  } catch (err) {
    if (!isCodedError(err) || err.code !== 'WAREHOUSE_LOCKED') throw err;
    const snap = await openSnapshotReader(snapshots);
    process.stderr.write(`the warehouse is busy (a run or the jobs hold it): reading the published snapshot ${snap.runId} (as of ${snap.asOf ?? '?'})\n`);
    return { connection: snap.connection, snapshotRun: snap.runId, close: async () => { snap.close(); } };
  }
}
