/**
 * A small hand-made warehouse for the publish tests: three stores in two towns of one county, one
 * store (S9) missing from the master data, two forecast runs. Numbers are chosen so weekly sums can
 * be checked by hand (see publish.test.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const AS_OF = '2026-11-18'; // a Wednesday: its ISO week starts Monday 2026-11-16

export const RUN_ROWS = {
  R1: { forecasts: 4, restock: 2 },
  R2: { forecasts: 6, restock: 3 },
} as const;

export async function seedWarehouse(conn: DuckDBConnection): Promise<void> {
  await conn.run(`
    INSERT INTO provinces VALUES ('P36', '江西省', 'Jiangxi');
    INSERT INTO counties VALUES ('C1', 'P36', '赣县', 'Ganxian');
    INSERT INTO towns VALUES ('T1', 'C1', '城关镇', 'Chengguan'), ('T2', 'C1', '江口镇', 'Jiangkou');
    INSERT INTO villages VALUES ('V1', 'T1', '下洲村', 'Xiazhou', 820), ('V2', 'T1', '上洲村', 'Shangzhou', 640),
      ('V3', 'T2', '江口村', 'Jiangkou', 300);
    INSERT INTO stores VALUES
      ('S1', 'V1', '下洲村淘服务站', 'Xiazhou Cuntao', 'service_centre', 3, 7, 0.95, 1, 8000, DATE '2024-01-01', NULL),
      ('S2', 'V2', '上洲小卖部', 'Shangzhou Xiaomaibu', 'mom_and_pop', 2, 7, 0.9, 1, 5000, NULL, NULL),
      ('S3', 'V3', '江口小卖部', 'Jiangkou Xiaomaibu', 'mom_and_pop', 2, 7, 0.9, 1, NULL, NULL, NULL);
    INSERT INTO products VALUES
      ('A', '卫龙辣条', 'Weilong spicy strips', 'snacks', 'spicy', '卫龙', 'pack', 20, 2.5, 1.6, 180, false),
      ('B', '复合肥 50公斤', 'Compound fertiliser 50kg', 'farm_inputs', 'fertiliser', '史丹利', 'bag', 1, 150, 120, NULL, false);
    INSERT INTO demand_daily VALUES
      ('S1', 'A', DATE '2026-11-16', 2, 1, 0, false, 5),
      ('S1', 'A', DATE '2026-11-18', 3, 0, 1, true, 0),
      ('S2', 'A', DATE '2026-11-17', 4, 0, 0, false, NULL),
      ('S3', 'A', DATE '2026-11-10', 5, 0, 0, false, NULL),
      ('S1', 'B', DATE '2026-11-19', 100, 0, 0, false, NULL),  -- after the as-of day: not in
      ('S2', 'B', DATE '2026-05-24', 7, 0, 0, false, NULL),    -- Sunday before the 26-week window
      ('S2', 'B', DATE '2026-05-25', 8, 0, 0, false, NULL),    -- Monday, first day of the window
      ('S9', 'A', DATE '2026-11-16', 1, 0, 0, false, NULL);    -- store not in the master data
    INSERT INTO forecast_runs VALUES
      ('R1', DATE '${AS_OF}', 2, TIMESTAMPTZ '2026-11-19 02:00:00+08', TIMESTAMPTZ '2026-11-19 02:10:00+08', 'done', NULL),
      ('R2', DATE '${AS_OF}', 3, TIMESTAMPTZ '2026-11-19 03:00:00+08', TIMESTAMPTZ '2026-11-19 03:10:00+08', 'done', NULL);
    INSERT INTO forecasts
      SELECT 'R1', level, node, 'A', DATE '${AS_OF}' + CAST(h AS INTEGER), h, 1.5 * h, NULL, NULL, NULL, NULL, NULL, 'ets'
      FROM (VALUES ('store', 'S1'), ('village', 'V1')) l(level, node), range(1, 3) r(h);
    INSERT INTO forecasts
      SELECT 'R2', level, node, 'A', DATE '${AS_OF}' + CAST(h AS INTEGER), h, 2.0 * h, 2.0 * h, NULL, NULL, NULL, NULL, 'theta'
      FROM (VALUES ('store', 'S1'), ('village', 'V1')) l(level, node), range(1, 4) r(h);
    INSERT INTO restock_suggestions
      SELECT run, store, 'A', DATE '${AS_OF}', 1, 0, 10, 9, 2.5, 0.1, 0.95, 14.4, NULL, 1, true, 'trend', '补货', 'restock'
      FROM (VALUES ('R1', 'S1'), ('R1', 'S2'), ('R2', 'S1'), ('R2', 'S2'), ('R2', 'S3')) s(run, store);
  `);
}
