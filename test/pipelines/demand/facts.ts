/** Writes fact rows straight into a warehouse, as ingestion would leave them, for demand tests. */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function fileRow(conn: DuckDBConnection, fileId: number): Promise<void> {
  await conn.run(`INSERT INTO ingest_files (file_id, sha256, name, path, size_bytes, kind, format, rows_read, rows_loaded,
    rows_rejected, rows_inserted, rows_updated, rows_duplicate, outcome, started_at, finished_at)
    VALUES (${fileId}, 'sha${fileId}', 'f${fileId}', '/f${fileId}', 0, 'test', 'csv', 0, 0, 0, 0, 0, 0, 'loaded', now(), now())`);
}

/** `at` is a local (Asia/Shanghai) timestamp text, e.g. '2026-03-01 10:00:00'. */
export async function till(conn: DuckDBConnection, fileId: number, store: string, sku: string, at: string, qty: number, receipt = `R${Math.random()}`): Promise<void> {
  await conn.run(`INSERT INTO till_lines VALUES ('${store}', '${receipt}', 1, TIMESTAMPTZ '${at}+08', '${sku}', ${qty}, 5, ${qty < 0}, ${fileId}, NULL)`);
}

export async function order(conn: DuckDBConnection, fileId: number, id: string, store: string, sku: string, at: string, qty: number, status = 'placed', customer: string | null = 'C1'): Promise<void> {
  await conn.run(`INSERT INTO order_lines VALUES ('${id}', 1, TIMESTAMPTZ '${at}+08', '${store}', ${customer === null ? 'NULL' : `'${customer}'`}, 'assisted', '${sku}', ${qty}, 10,
    '${status}', TIMESTAMPTZ '${at}+08', ${fileId})`);
}

/** Later status for an order line, the way ingestion applies it: status and file_id rewritten. */
export async function setStatus(conn: DuckDBConnection, fileId: number, id: string, status: string): Promise<void> {
  await conn.run(`UPDATE order_lines SET status = '${status}', file_id = ${fileId} WHERE order_id = '${id}'`);
}

export async function count(conn: DuckDBConnection, fileId: number, store: string, sku: string, day: string, onHand: number): Promise<void> {
  await conn.run(`INSERT INTO inventory_snapshots VALUES ('${store}', '${sku}', TIMESTAMPTZ '${day} 21:30:00+08', ${onHand}, 0, ${fileId})`);
}

export interface Cell {
  day: string;
  shelf: number;
  order: number;
  returned: number;
  censored: boolean;
  onHand: number | null;
}

export async function cells(conn: DuckDBConnection, store: string, sku: string): Promise<Cell[]> {
  const r = await conn.runAndReadAll(`SELECT strftime(day, '%Y-%m-%d'), shelf_units, order_units, returned_units, censored, on_hand
    FROM demand_daily WHERE store_id = '${store}' AND sku = '${sku}' ORDER BY day`);
  return r.getRows().map((x) => ({
    day: String(x[0]), shelf: Number(x[1]), order: Number(x[2]), returned: Number(x[3]), censored: x[4] === true,
    onHand: x[5] === null ? null : Number(x[5]),
  }));
}

/** Every demand_daily row as text, in key order, for comparing two builds row for row. */
export async function snapshot(conn: DuckDBConnection): Promise<string[]> {
  const r = await conn.runAndReadAll(`SELECT * FROM demand_daily ORDER BY store_id, sku, day`);
  return r.getRows().map((x) => JSON.stringify(x.map((v) => (v === null ? null : String(v)))));
}
