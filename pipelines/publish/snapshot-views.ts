/**
 * A published snapshot seen as the warehouse tables the read commands query (restock,
 * forecast, lookups), as views over its Parquet files in an in-memory DuckDB. So a reader keeps
 * working while a run holds the warehouse file (one process owns a DuckDB file, not even a
 * read-only second open is allowed), and sees exactly what the API serves.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';
import { datasetSource, openLatestSnapshot } from './reader.ts';

export interface SnapshotReader {
  readonly connection: DuckDBConnection;
  readonly runId: string;
  readonly asOf: string | null;
  close(): void;
}

export async function openSnapshotReader(root: string): Promise<SnapshotReader> {
  const handle = await openLatestSnapshot(root);
  if (!handle) throw new CodedError('NO_DATA', `no published snapshot in ${root} yet: run \`rural-demand run\` (or npm start) first`);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const src = (name: string): string => datasetSource(handle, name);
  const has = (name: string): boolean => handle.files[name] !== undefined;
  const views: string[] = [
    `CREATE VIEW forecasts AS SELECT * FROM ${src('forecasts')}`,
    `CREATE VIEW restock_suggestions AS SELECT * FROM ${src('restock_suggestions')}`,
    `CREATE VIEW products AS SELECT * FROM ${src('products')}`,
    // The snapshot leaves the store's cash budget out (it feeds a shared API).
    `CREATE VIEW stores AS SELECT *, CAST(NULL AS DECIMAL(14, 2)) AS cash_budget FROM ${src('stores')}`,
    `CREATE VIEW villages AS SELECT village_id, town_id, village_name_zh AS name_zh, village_name_pinyin AS name_pinyin, population FROM ${src('geography')}`,
    `CREATE VIEW towns AS SELECT DISTINCT town_id, county_id, town_name_zh AS name_zh, town_name_pinyin AS name_pinyin FROM ${src('geography')}`,
    `CREATE VIEW counties AS SELECT DISTINCT county_id, province_id, county_name_zh AS name_zh, county_name_pinyin AS name_pinyin FROM ${src('geography')}`,
    `CREATE VIEW provinces AS SELECT DISTINCT province_id, province_name_zh AS name_zh, province_name_pinyin AS name_pinyin FROM ${src('geography')}`,
    `CREATE VIEW forecast_runs AS SELECT run_id, as_of, horizon, started_at, finished_at, status, CAST(NULL AS VARCHAR) AS params FROM ${src('runs')}`,
    `CREATE VIEW run_stages AS SELECT ${literal(handle.runId)} AS run_id, 'complete' AS stage, now() AS finished_at`,
  ];
  // Weekly store demand stands in for the daily table (charts re-aggregate by week anyway).
  if (has('demand_weekly')) {
    views.push(`CREATE VIEW demand_daily AS SELECT node_id AS store_id, sku, week_start AS day, shelf_units, order_units, returned_units
      FROM ${src('demand_weekly')} WHERE level = 'store'`);
  }
  try {
    for (const v of views) await conn.run(v);
  } catch (err) {
    conn.closeSync();
    db.closeSync();
    throw new CodedError('INTERNAL', `snapshot ${handle.runId} cannot be read as tables`, { cause: err });
  }
  return { connection: conn, runId: handle.runId, asOf: handle.manifest.asOf, close() { conn.closeSync(); db.closeSync(); } };
}
