import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * A content fingerprint of every ingested table, independent of file_id numbering and ingest
 * clocks: a row's file is named by the file's content (sha256 + kind), so two warehouses built
 * from the same inputs in different runs compare equal exactly when their rows do.
 */
export async function warehouseFingerprint(conn: DuckDBConnection): Promise<Record<string, string>> {
  const tables = ['provinces', 'counties', 'towns', 'villages', 'stores', 'products', 'sellers', 'order_lines', 'till_lines', 'inventory_snapshots', 'produce_sales', 'ingest_rejects'];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const cols = (await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`))
      .getRows()
      .map((r) => String(r[0]));
    const hasFile = cols.includes('file_id');
    const text = cols
      .filter((c) => c !== 'file_id')
      .map((c) => `coalesce(CAST(t."${c}" AS VARCHAR), '∅')`)
      .concat(hasFile ? ["f.sha256 || ':' || f.kind"] : [])
      .join(` || '|' || `);
    const from = hasFile ? `${t} t JOIN ingest_files f USING (file_id)` : `${t} t`;
    const row = (await conn.runAndReadAll(`SELECT count(*)::VARCHAR || ':' || coalesce(md5(string_agg(${text}, chr(10) ORDER BY ${text})), '') FROM ${from}`)).getRows()[0];
    out[t] = String(row?.[0]);
  }
  const files = await conn.runAndReadAll(`SELECT count(*)::VARCHAR || ':' || md5(coalesce(string_agg(sha256 || kind || name || rows_read || '/' || rows_loaded || '/' || rows_rejected || '/' || rows_inserted || '/' || rows_updated || '/' || rows_duplicate || '/' || repeats_resolved, ',' ORDER BY sha256, kind), '')) FROM ingest_files`);
  out['ingest_files'] = String(files.getRows()[0]?.[0]);
  return out;
}
