/** Appends reconciled node forecasts to `forecasts`, one row per node and day. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBDateValue } from '@duckdb/node-api';
import { dayNumber } from '../calendar/index.ts';
import { splitKey } from './geography.ts';
import type { NodeForecast } from './reconcile-sku.ts';

export async function appendForecasts(
  conn: DuckDBConnection,
  runId: string,
  asOf: string,
  bySku: ReadonlyMap<string, ReadonlyMap<string, NodeForecast>>,
): Promise<number> {
  const app = await conn.createAppender('forecasts');
  const first = dayNumber(asOf) + 1;
  let rows = 0;
  try {
    for (const [sku, nodes] of bySku) {
      for (const [key, f] of nodes) {
        const { level, id } = splitKey(key);
        for (let k = 0; k < f.mean.length; k++) {
          app.appendVarchar(runId);
          app.appendVarchar(level);
          app.appendVarchar(id);
          app.appendVarchar(sku);
          app.appendDate(new DuckDBDateValue(first + k));
          app.appendInteger(k + 1);
          app.appendDouble(f.mean[k] as number);
          for (const q of f.quantiles) app.appendDouble(q[k] as number);
          app.appendVarchar(f.model);
          app.endRow();
          rows += 1;
        }
      }
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
  return rows;
}
