/** Reading the produce calendar and listing advice of a run, for the CLI and the API. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';

const rowsOf = async (conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> => {
  const r = await conn.runAndReadAll(sql);
  const names = r.columnNames();
  return r.getRows().map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
};

/** A region id names a village, county or province; the level is found from the geography. */
export async function produceCalendar(conn: DuckDBConnection, runId: string, sku: string, region: string): Promise<{ season: Record<string, unknown>; weeks: Record<string, unknown>[] }> {
  const seasons = await rowsOf(conn, `SELECT s.*, p.name_zh, p.name_en FROM produce_seasons s JOIN products p USING (sku)
    WHERE s.run_id = ${literal(runId)} AND s.sku = ${literal(sku)} AND s.node_id = ${literal(region)}`);
  const season = seasons[0];
  if (season === undefined) {
    const item = await rowsOf(conn, `SELECT 1 FROM products WHERE sku = ${literal(sku)} AND is_produce`);
    if (item.length === 0) throw new CodedError('NOT_FOUND', `produce item ${sku} not found (see \`rural-demand products --produce\`)`);
    throw new CodedError('NOT_FOUND', `no produce history for ${sku} in region ${region}`);
  }
  const weeks = await rowsOf(conn, `SELECT week_start, position, share, expected_kg, kg_lo, kg_hi, expected_price, in_peak, in_season
    FROM produce_calendar WHERE run_id = ${literal(runId)} AND sku = ${literal(sku)} AND node_id = ${literal(region)} ORDER BY week_start`);
  return { season, weeks };
}

export async function listingAdvice(conn: DuckDBConnection, runId: string, sellerId: string, weeks: number): Promise<Record<string, unknown>[]> {
  const seller = await rowsOf(conn, `SELECT 1 FROM sellers WHERE seller_id = ${literal(sellerId)}`);
  if (seller.length === 0) throw new CodedError('NOT_FOUND', `seller ${sellerId} not found`);
  return rowsOf(conn, `SELECT a.rank, a.sku, p.name_zh, p.name_en, a.market_kg, a.expected_kg, a.kg_lo, a.kg_hi, a.expected_price,
      a.expected_revenue, a.competitors, a.momentum, a.top_regions, a.reason_zh, a.reason_en
    FROM listing_advice a JOIN products p USING (sku)
    WHERE a.run_id = ${literal(runId)} AND a.seller_id = ${literal(sellerId)} AND a.weeks = ${weeks} ORDER BY a.rank`);
}
