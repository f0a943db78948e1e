/** Finding forecast runs for readers (CLI, API). */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';

/** The given run if it exists, else the latest finished run; NO_DATA / NOT_FOUND otherwise. */
export async function resolveRunId(conn: DuckDBConnection, runId?: string): Promise<string> {
  if (runId !== undefined) {
    const r = (await conn.runAndReadAll(`SELECT status FROM forecast_runs WHERE run_id = ${literal(runId)}`)).getRows()[0];
    if (!r) throw new CodedError('NOT_FOUND', `forecast run ${runId} not found`);
    return runId;
  }
  // A run is what readers see once every stage finished (run_stages 'complete'), not when its
  // forecast did: a kill during restock must not make an empty list the latest. The newest as-of
  // wins, so a backfill finished later never replaces today's run.
  const r = (await conn.runAndReadAll(`SELECT r.run_id FROM forecast_runs r JOIN run_stages s ON s.run_id = r.run_id AND s.stage = 'complete'
    WHERE r.status = 'done' ORDER BY r.as_of DESC, s.finished_at DESC, r.run_id DESC LIMIT 1`)).getRows()[0];
  if (!r) throw new CodedError('NO_DATA', 'no finished forecast run yet: run `rural-demand run` first');
  return String(r[0]);
}

export type RunStage = 'forecast' | 'restock' | 'order-forecast' | 'produce' | 'brand-insights' | 'complete';

/** Records that a stage of a run finished (idempotent: a retried stage keeps its first time). */
export async function markStage(conn: DuckDBConnection, runId: string, stage: RunStage): Promise<void> {
  await conn.run(`INSERT OR IGNORE INTO run_stages VALUES (${literal(runId)}, '${stage}', now())`);
}

export async function stageDone(conn: DuckDBConnection, runId: string, stage: RunStage): Promise<boolean> {
  return (await conn.runAndReadAll(`SELECT 1 FROM run_stages WHERE run_id = ${literal(runId)} AND stage = '${stage}'`)).getRows().length > 0;
}

/**
 * Runs left `running` by a process that died. One process writes the warehouse (its file lock
 * says so), so a running run found by the writer at start belongs to nobody: its rows in every
 * run-keyed table are removed and it is marked failed. Returns the run ids cleaned up.
 */
export async function abandonDeadRuns(conn: DuckDBConnection, except?: string, olderThanHours?: number): Promise<string[]> {
  // With shards on other machines a running run may be alive while the writer does other jobs:
  // there only runs older than the given age are dead.
  const age = olderThanHours === undefined ? '' : ` AND started_at < now() - INTERVAL ${Math.max(0, Math.trunc(olderThanHours))} HOUR`;
  const dead = (await conn.runAndReadAll(`SELECT run_id FROM forecast_runs WHERE status = 'running'${except ? ` AND run_id <> ${literal(except)}` : ''}${age}`))
    .getRows().map((r) => String(r[0]));
  if (dead.length === 0) return [];
  const tables = (await conn.runAndReadAll(`SELECT DISTINCT table_name FROM information_schema.columns
    WHERE column_name = 'run_id' AND table_schema = 'main' AND table_name NOT IN ('forecast_runs', 'run_stages') ORDER BY 1`)).getRows().map((r) => String(r[0]));
  const ids = dead.map(literal).join(', ');
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const t of tables) await conn.run(`DELETE FROM "${t}" WHERE run_id IN (${ids})`);
    await conn.run(`DELETE FROM run_stages WHERE run_id IN (${ids})`);
    await conn.run(`UPDATE forecast_runs SET status = 'failed', finished_at = now() WHERE run_id IN (${ids})`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return dead;
}
