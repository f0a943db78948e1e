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
  const r = (await conn.runAndReadAll(`SELECT run_id FROM forecast_runs WHERE status = 'done' ORDER BY finished_at DESC, run_id DESC LIMIT 1`)).getRows()[0];
  if (!r) throw new CodedError('NO_DATA', 'no finished forecast run yet: run `rural-demand run` first');
  return String(r[0]);
}
