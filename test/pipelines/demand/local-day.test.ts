/**
 * localDay's arithmetic path for the default zone against DuckDB's own zone conversion (ICU), on
 * instants every 7 minutes and 13 seconds across 2024-2026 (every hour of the day, both sides of
 * midnight) and on 1988, when China kept summer time and the arithmetic would be an hour off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { localDay } from '../../../pipelines/demand/cells-sql.ts';

describe('localDay', () => {
  let wh: Warehouse;
  beforeAll(async () => { wh = await Warehouse.open(':memory:'); });
  afterAll(async () => { await wh.close(); });

  const mismatches = async (from: string, to: string): Promise<[number, number]> => {
    const r = (await wh.connection.runAndReadAll(`
      SELECT count(*), count(*) FILTER (WHERE ${localDay('t')} <> (t AT TIME ZONE 'Asia/Shanghai')::DATE
                                         OR ${localDay('t', 'NULL')} <> (t AT TIME ZONE 'Asia/Shanghai')::DATE)
      FROM (SELECT unnest(generate_series(TIMESTAMPTZ '${from}', TIMESTAMPTZ '${to}', INTERVAL 433 SECOND)) AS t)`)).getRows()[0]!;
    return [Number(r[0]), Number(r[1])];
  };

  it('gives the Shanghai day of every instant from 1992 on', async () => {
    const [n, bad] = await mismatches('2024-01-01 00:00:00+08', '2026-12-31 23:59:59+08');
    expect(n).toBeGreaterThan(200_000);
    expect(bad).toBe(0);
  });

  it('leaves earlier instants, summer time included, to the zone database', async () => {
    // 15:30 UTC on 1988-07-01 was 00:30 on the 2nd under summer time (UTC+9); a fixed +8 says 23:30 on the 1st.
    const day = (await wh.connection.runAndReadAll(`SELECT strftime(${localDay(`TIMESTAMPTZ '1988-07-01 15:30:00+00'`)}, '%Y-%m-%d')`)).getRows()[0]![0];
    expect(day).toBe('1988-07-02');
    const [, bad] = await mismatches('1988-04-01 00:00:00+08', '1988-10-01 00:00:00+08');
    expect(bad).toBe(0);
  });
});
