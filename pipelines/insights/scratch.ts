/**
 * Where brand insights keep their wide intermediate tables (the sales lines and the band, event and
 * basket lines made from them). TEMP tables live in memory and, past DuckDB's memory_limit, spill
 * uncompressed: at 1,000 villages the 49.5 M sales lines held 2 GB in memory and 6.4 GB in
 * temporary storage, and every query over them read the spill back. In a DuckDB file attached for
 * the stage the same lines are compressed (1.3 GB) and read through the buffer manager; grouping
 * them by atom and store took 2.3 s there against 7.7 s from the TEMP table.
 */
import { rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../warehouse/sql.ts';

export interface Scratch {
  /** The name to read a scratch table by. */
  table(name: string): string;
  /** `CREATE OR REPLACE ... TABLE <name>` for a scratch table. */
  create(name: string): string;
}

/** TEMP tables in the connection's own session: what tests and small warehouses use. */
export const TEMP_SCRATCH: Scratch = {
  table: (name) => name,
  create: (name) => `CREATE OR REPLACE TEMP TABLE ${name}`,
};

const ALIAS = 'insights_scratch';

/**
 * Runs `fn` with scratch tables in a fresh DuckDB file at `file`, attached to the connection's
 * instance for the call and deleted after it. A file a killed run left behind is removed first.
 */
export async function withScratchFile<T>(conn: DuckDBConnection, file: string, fn: (s: Scratch) => Promise<T>): Promise<T> {
  const remove = async (): Promise<void> => {
    for (const f of [file, `${file}.wal`]) await rm(f, { force: true });
  };
  await remove();
  await conn.run(`ATTACH ${literal(file)} AS ${ALIAS}`);
  try {
    return await fn({ table: (name) => `${ALIAS}.${name}`, create: (name) => `CREATE OR REPLACE TABLE ${ALIAS}.${name}` });
  } finally {
    try {
      await conn.run(`DETACH ${ALIAS}`);
    } finally {
      await remove();
    }
  }
}

/** A plain identifier for TEMP helper tables named after a base that may be qualified. */
export const helperName = (base: string): string => base.replace(/[^A-Za-z0-9_]/g, '_');
