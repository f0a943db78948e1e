import type { DuckDBConnection } from '@duckdb/node-api';
import { toNumber } from '../warehouse/sql.ts';
import { faultPoint } from '../faults.ts';
import type { Normalised } from './normalise.ts';
import type { ProblemSql } from './problems.ts';
import { BAD, recordRejects } from './rejects.ts';
import { prepareSource, rawExpression, READER_REJECTS, type SourceSpec } from './sources.ts';
import { literal } from '../warehouse/sql.ts';
import { hasRows, resolveRepeats, type FactTarget } from './targets.ts';

export interface LoadCounts {
  /** Fact files: whether the table had rows before this file (the repeat check against them is needed). */
  readonly hadRows?: boolean;
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
  readonly inserted: number;
  readonly updated: number;
  readonly duplicate: number;
}

/**
 * Loads a fact file (orders, till, stock counts, produce) in two reads and one write, inside the
 * caller's transaction. Pass A appends the rows that pass every check straight into the fact table;
 * pass B reads the file again, numbered, and keeps only the rows that fail, with their line and raw
 * text. Both passes evaluate the same CASE, so loaded + rejected = read by construction. Writing the
 * rows once (not staging them and copying) is what keeps this near a bare COPY's speed. Keys that
 * repeat (in the file, or against earlier files) are then resolved among the few rows involved.
 */
/** The loading pass's reader-rejected lines, kept across the numbered pass. */
const READER_KEEP = 'ingest_reader_keep';

export async function loadFact(
  conn: DuckDBConnection,
  spec: SourceSpec,
  makeSql: (columns: Awaited<ReturnType<typeof prepareSource>>['columns']) => { norms: readonly Normalised[]; sql: ProblemSql },
  target: FactTarget,
  fileId: number,
  ordinality: boolean,
  /** Records in the file when known (text lines less the header; Parquet: from its metadata). */
  records?: number,
): Promise<LoadCounts> {
  const hadRows = await hasRows(conn, target.table);

  // Pass A: the good rows, straight in.
  const a = await prepareSource(conn, spec, ordinality);
  const { norms, sql } = makeSql(a.columns);
  const ours = norms.map((x) => `n."n$${x.column.name}" AS "${x.column.name}"`).join(', ');
  const names = Object.keys(target.columns);
  const appended = toNumber((await conn.runAndReadAll(`INSERT INTO ${target.table} (${names.join(', ')}, file_id)
    SELECT ${names.map((c) => target.columns[c]).join(', ')}, ${fileId}
    FROM (SELECT ${ours} FROM (${sql.inner(a.from)}) n ${sql.joins} WHERE (${sql.problem}) IS NULL) v`)).getRows()[0]?.[0]);
  faultPoint('ingest-after-append');

  const total = records ?? (spec.format === 'parquet' ? await parquetRows(conn, spec.path) : undefined);
  const readerLines = toNumber((await conn.runAndReadAll(`SELECT count(DISTINCT line) FROM ${READER_REJECTS}`)).getRows()[0]?.[0]);
  if (total !== undefined && appended + readerLines === total) {
    // Every record is accounted for: none failed a rule, so the numbered read would find nothing.
    // The reader's own rejects (bad bytes, column counts) are already in its table from pass A.
    await conn.run(`DROP TABLE IF EXISTS ${BAD}`);
    await conn.run(`CREATE TEMP TABLE ${BAD} (ord BIGINT, p STRUCT(code VARCHAR, message VARCHAR, col VARCHAR), raw VARCHAR)`);
    const { rejected } = await recordRejects(conn, spec, fileId);
    await conn.run(`DROP TABLE ${BAD}`);
    return { read: appended + rejected, loaded: appended, rejected, inserted: appended, updated: 0, duplicate: 0, hadRows };
  }

  // Pass B: the bad rows, numbered, with the raw input. Pass A's reader rejects are the ones that
  // count (see recordRejects).
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${READER_KEEP} AS SELECT DISTINCT line FROM ${READER_REJECTS}`);
  const b = await prepareSource(conn, spec, true);
  const again = makeSql(b.columns).sql;
  await conn.run(`DROP TABLE IF EXISTS ${BAD}`);
  await conn.run(`CREATE TEMP TABLE ${BAD} AS SELECT x.ordinality - 1 AS ord, x.__p AS p, ${rawExpression(spec, b, 'x')} AS raw
    FROM (SELECT n.*, ${again.problem} AS __p FROM (${again.inner(b.from)}) n ${again.joins}) x WHERE x.__p IS NOT NULL`);
  const { rejected } = await recordRejects(conn, spec, fileId, READER_KEEP);
  await conn.run(`DROP TABLE ${BAD}`);
  await conn.run(`DROP TABLE ${READER_KEEP}`);
  // Repeated keys are resolved after this transaction commits (see finishRepeats).
  return { read: appended + rejected, loaded: appended, rejected, inserted: appended, updated: 0, duplicate: 0, hadRows };
}

/**
 * The second step of a fact file: one row per key, then the manifest's final counts, in one
 * transaction. Idempotent: run again on a resolved file it finds no repeats and changes nothing.
 */
export async function finishRepeats(conn: DuckDBConnection, target: FactTarget, fileId: number, hadRows: boolean): Promise<{ inserted: number; updated: number; duplicate: number }> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const { duplicate, updated } = await resolveRepeats(conn, target, fileId, hadRows);
    const loaded = toNumber((await conn.runAndReadAll(`SELECT rows_loaded FROM ingest_files WHERE file_id = ${fileId}`)).getRows()[0]?.[0]);
    const inserted = loaded - duplicate - updated;
    await conn.run(`UPDATE ingest_files SET rows_inserted = ${inserted}, rows_updated = ${updated}, rows_duplicate = ${duplicate},
      repeats_resolved = true WHERE file_id = ${fileId}`);
    await conn.run('COMMIT');
    return { inserted, updated, duplicate };
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function parquetRows(conn: DuckDBConnection, path: string): Promise<number> {
  return toNumber((await conn.runAndReadAll(`SELECT sum(num_rows) FROM parquet_file_metadata(${literal(path)})`)).getRows()[0]?.[0]);
}
