/**
 * Where brand insights keep their wide intermediate tables (the sales lines and the band, event and
 * basket lines made from them). TEMP tables live in memory and, past DuckDB's memory_limit, spill
 * uncompressed, and every query over them reads the spill back. In a DuckDB file attached for the
 * stage the same lines are compressed and read through the buffer manager. `npm run
 * bench:brand-lines` measures both on the 1,000-village bench warehouse (docs/benchmarks.md).
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
