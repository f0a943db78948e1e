import type { DuckDBConnection } from '@duckdb/node-api';
import { toNumber } from '../warehouse/sql.ts';
import type { FileKind } from './layouts.ts';
import type { DefiningRow } from './mapping.ts';
import type { LoadCounts } from './load-fact.ts';
import type { Normalised } from './normalise.ts';
import type { ProblemSql } from './problems.ts';
import { BAD, recordRejects } from './rejects.ts';
import { prepareSource, rawExpression, type SourceSpec } from './sources.ts';
import { VALID, writeMasterData } from './targets.ts';

const STAGE = 'ingest_stage';

/**
 * Loads master data (geography, stores, products, sellers): small files, staged once in memory with
 * each row's first problem, then upserted. Inside the caller's transaction.
 */
export async function loadMaster(
  conn: DuckDBConnection,
  spec: SourceSpec,
  makeSql: (columns: Awaited<ReturnType<typeof prepareSource>>['columns']) => { norms: readonly Normalised[]; sql: ProblemSql },
  kind: FileKind,
  fileId: number,
  defining: DefiningRow = 'last',
): Promise<LoadCounts> {
  const source = await prepareSource(conn, spec, true);
  const { norms, sql } = makeSql(source.columns);
  await conn.run(`DROP TABLE IF EXISTS ${STAGE}`);
  await conn.run(`CREATE TEMP TABLE ${STAGE} AS
    SELECT x.ordinality - 1 AS __ord, ${norms.map((n) => `x."n$${n.column.name}" AS "${n.column.name}"`).join(', ')},
      x.__p AS __problem, CASE WHEN x.__p IS NOT NULL THEN ${rawExpression(spec, source, 'x')} END AS __raw
    FROM (SELECT n.*, ${sql.problem} AS __p FROM (${sql.inner(source.from)}) n ${sql.joins}) x`);
  await conn.run(`DROP TABLE IF EXISTS ${BAD}`);
  await conn.run(`CREATE TEMP TABLE ${BAD} AS SELECT __ord AS ord, __problem AS p, __raw AS raw FROM ${STAGE} WHERE __problem IS NOT NULL`);
  const { rejected, readerLines } = await recordRejects(conn, spec, fileId);
  await conn.run(`CREATE OR REPLACE TEMP VIEW ${VALID} AS SELECT __ord AS ord, ${norms.map((n) => `"${n.column.name}"`).join(', ')}
    FROM ${STAGE} WHERE __problem IS NULL`);
  const staged = toNumber((await conn.runAndReadAll(`SELECT count(*) FROM ${STAGE}`)).getRows()[0]?.[0]);
  const { inserted, updated } = await writeMasterData(conn, kind, defining);
  await conn.run(`DROP VIEW ${VALID}`);
  await conn.run(`DROP TABLE ${STAGE}`);
  await conn.run(`DROP TABLE ${BAD}`);
  const read = staged + readerLines;
  const loaded = read - rejected;
  return { read, loaded, rejected, inserted, updated, duplicate: loaded - inserted - updated };
}
