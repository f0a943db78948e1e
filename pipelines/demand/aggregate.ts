/**
 * Brings demand_daily up to date with the ingested facts. Definitions live in docs/demand.md; the
 * SQL in cells-sql.ts. The watermark (highest file_id aggregated) commits in the same transaction
 * as the cells it covers, so a crash leaves the previous state and a rerun redoes the work.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { toNumber } from '../warehouse/sql.ts';
import { REZONED, STORE_ZONES, TOUCHED, cellsSql, touchedSql } from './cells-sql.ts';

export const DEMAND_WATERMARK = 'demand_daily';

export interface RefreshOptions {
  /** Recompute every cell from scratch instead of only those touched by new files. */
  readonly full?: boolean;
}

export interface RefreshSummary {
  /** 'noop' when no file arrived and no store changed zone since the last refresh. */
  readonly mode: 'full' | 'incremental' | 'noop';
  /** Watermark before and after (highest file_id aggregated; 0 = none). */
  readonly fromFileId: number;
  readonly toFileId: number;
  /** Cells recomputed (incremental) or null for a full rebuild. */
  readonly touchedCells: number | null;
  /** Rows removed and rows written; an unchanged cell counts in neither, a changed one in both. */
  readonly deleted: number;
  readonly inserted: number;
  readonly rows: number;
  readonly ms: number;
}

/** Temp table of recomputed cells, applied to demand_daily as a difference. */
const FRESH = 'demand_fresh';

/**
 * Makes the cells in scope (all, or the SEMI JOIN `scope` over demand_daily d) equal FRESH, touching
 * only rows that differ: with the primary key, deleting and reinserting 1.9M unchanged rows in one
 * transaction cost ~50 s here (delete, insert and commit), most of a full rebuild.
 */
async function applyFresh(conn: DuckDBConnection, scope: string): Promise<{ deleted: number; inserted: number }> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE demand_gone AS SELECT store_id, sku, day FROM (
    SELECT d.* FROM demand_daily d ${scope} EXCEPT SELECT * FROM ${FRESH})`);
  const deleted = await scalar(conn, `DELETE FROM demand_daily d USING demand_gone g
    WHERE d.store_id = g.store_id AND d.sku = g.sku AND d.day = g.day`);
  // Rows still present are exactly the unchanged ones, so the anti-join leaves new and changed cells.
  const inserted = await scalar(conn, `INSERT INTO demand_daily SELECT * FROM ${FRESH} f
    WHERE NOT EXISTS (SELECT 1 FROM demand_daily d WHERE d.store_id = f.store_id AND d.sku = f.sku AND d.day = f.day)`);
  await conn.run('DROP TABLE demand_gone');
  return { deleted, inserted };
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  return toNumber((await conn.runAndReadAll(sql)).getRows()[0]?.[0]);
}

/** The highest file_id already aggregated into demand_daily, or null before the first refresh. */
export async function demandWatermark(conn: DuckDBConnection): Promise<number | null> {
  const rows = (await conn.runAndReadAll(`SELECT file_id FROM pipeline_watermarks WHERE name = '${DEMAND_WATERMARK}'`)).getRows();
  const v = rows[0]?.[0];
  return v === undefined || v === null ? null : toNumber(v);
}

/**
 * Incremental by default: recomputes exactly the cells that files after the watermark touch (see
 * touchedSql). The first refresh, or `{ full: true }`, rebuilds everything. Must not be called
 * inside an open transaction on `conn` (it runs its own). Running it again with no new file is a
 * no-op.
 */
export async function refreshDemand(conn: DuckDBConnection, options: RefreshOptions = {}): Promise<RefreshSummary> {
  const t0 = performance.now();
  await conn.run('BEGIN TRANSACTION');
  try {
    const previous = await demandWatermark(conn);
    // A file whose rows committed but whose repeated keys are not yet resolved (a crash between
    // the two steps) still holds its duplicates: aggregating it and moving the watermark past it
    // would count them for good. Stop just before the first such file; its finishing step, run by
    // the next ingest or by the nightly job before this, lets a later refresh take it.
    const latest = await scalar(conn, `SELECT coalesce(least(max(file_id), min(file_id) FILTER (WHERE NOT repeats_resolved) - 1), max(file_id), 0) FROM ingest_files`);
    const from = previous ?? 0;
    const full = options.full === true || previous === null;
    // A store's zone moves all its days, so a zone change is work even with no new file.
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${REZONED} AS SELECT store_id FROM (
      (SELECT * FROM ${STORE_ZONES} EXCEPT SELECT * FROM demand_store_zones)
      UNION (SELECT * FROM demand_store_zones EXCEPT SELECT * FROM ${STORE_ZONES}))`);
    const rezoned = await scalar(conn, `SELECT count(*) FROM ${REZONED}`);
    if (!full && latest <= from && rezoned === 0) {
      await conn.run('ROLLBACK');
      const rows = await scalar(conn, 'SELECT count(*) FROM demand_daily');
      return { mode: 'noop', fromFileId: from, toFileId: from, touchedCells: 0, deleted: 0, inserted: 0, rows, ms: performance.now() - t0 };
    }
    let touchedCells: number | null = null;
    let scope = '';
    if (full) {
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${FRESH} AS ${cellsSql(false)}`);
    } else {
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${TOUCHED} AS ${touchedSql(from, rezoned > 0)}`);
      const r = (await conn.runAndReadAll(`SELECT count(*), strftime(min(day), '%Y-%m-%d') FROM ${TOUCHED}`)).getRows()[0];
      touchedCells = toNumber(r?.[0]);
      const since = typeof r?.[1] === 'string' ? r[1] : undefined;
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${FRESH} AS ${cellsSql(true, since)}`);
      scope = `SEMI JOIN ${TOUCHED} t ON t.store_id = d.store_id AND t.sku = d.sku AND t.day = d.day`;
    }
    const { deleted, inserted } = await applyFresh(conn, scope);
    await conn.run(`DROP TABLE ${FRESH}`);
    if (!full) await conn.run(`DROP TABLE ${TOUCHED}`);
    await conn.run(`DROP TABLE ${REZONED}`);
    if (full || rezoned > 0) {
      await conn.run('DELETE FROM demand_store_zones');
      await conn.run(`INSERT INTO demand_store_zones SELECT * FROM ${STORE_ZONES}`);
    }
    await conn.run(`INSERT OR REPLACE INTO pipeline_watermarks (name, file_id, updated_at)
      VALUES ('${DEMAND_WATERMARK}', ${latest}, now())`);
    await conn.run('COMMIT');
    const rows = await scalar(conn, 'SELECT count(*) FROM demand_daily');
    return { mode: full ? 'full' : 'incremental', fromFileId: from, toFileId: latest, touchedCells, deleted, inserted, rows, ms: performance.now() - t0 };
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    if (err instanceof CodedError) throw err;
    throw new CodedError('INTERNAL', 'demand refresh failed; demand_daily is unchanged', { cause: err });
  }
}
