import { literal } from '../warehouse/sql.ts';
import type { FileFormat } from './layouts.ts';
import { TYPE_ERROR_CODE, type Normalised } from './normalise.ts';
import { LOOKUPS, type Lookup, type Rule } from './rules.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { toNumber } from '../warehouse/sql.ts';
import { jsonlValidity } from './sources.ts';

/** The SQL that names a row's first problem, and the joins its lookup rules need. */
export interface ProblemSql {
  /** A CASE yielding STRUCT(code, message, col), NULL for a good row; over `n` (and lk_* joins). */
  readonly problem: string;
  readonly joins: string;
  /** The reader's row with our values beside it: n$<col> ours, te$<col> type-error flags, * as read. */
  readonly inner: (from: string) => string;
}

export const reasonStruct = (code: string, message: string, column?: string): string =>
  `struct_pack(code := '${code}', message := ${message}, col := ${column ? literal(column) : 'NULL::VARCHAR'})`;

export const isMappingRule = (r: Rule): boolean => r.code === 'skipped_by_mapping' || r.code === 'unmapped_code';

/**
 * Orders the checks: not JSON, skipped by the mapping (these read the export's own columns), a value
 * of the wrong type, a required value missing, then the kind's business rules in their order. Lookup
 * rules read master data through LEFT JOINs named lk_*.
 */
export function problemSql(format: FileFormat, norms: readonly Normalised[], rules: readonly Rule[], now: Date, lookupValues: Readonly<Record<string, string>>): ProblemSql {
  const whens: string[] = [];
  const json = jsonlValidity(format);
  if (json) whens.push(`WHEN ${json} THEN ${reasonStruct('bad_json', `'line is not a JSON object'`)}`);
  for (const r of rules.filter(isMappingRule)) whens.push(`WHEN ${r.when} THEN ${reasonStruct(r.code, r.message, r.column)}`);
  for (const x of norms) {
    if (!x.typeError) continue;
    const shown = x.source ? ` || ': "' || left(CAST(${x.source} AS VARCHAR), 60) || '"'` : '';
    whens.push(`WHEN n."te$${x.column.name}" THEN ${reasonStruct(TYPE_ERROR_CODE[x.column.type], `'${x.column.name}: not a valid ${x.column.type}'${shown}`, x.column.name)}`);
  }
  for (const x of norms) {
    if (!x.column.nullable) {
      whens.push(`WHEN n."n$${x.column.name}" IS NULL THEN ${reasonStruct('missing_value', `'${x.column.name} is required'`, x.column.name)}`);
    }
  }
  const values = lookupValues;
  const subst = (sql: string): string =>
    sql.replaceAll('{now}', `'${now.toISOString()}'::TIMESTAMPTZ`).replace(/\{([a-z_]+)\}/g, (_, c: string) => values[c] ?? `n."n$${c}"`);
  for (const r of rules.filter((r) => !isMappingRule(r))) {
    whens.push(`WHEN ${subst(r.when)} THEN ${reasonStruct(r.code, subst(r.message), r.column)}`);
  }
  const ours = norms.map((x) => `${x.expr} AS "n$${x.column.name}"`);
  const typeErrors = norms.filter((x) => x.typeError).map((x) => `${x.typeError} AS "te$${x.column.name}"`);
  return {
    problem: whens.length > 0 ? `CASE ${whens.join('\n')} END` : 'NULL::STRUCT(code VARCHAR, message VARCHAR, col VARCHAR)',
    joins: '',
    inner: (from: string) => `SELECT ${[...ours, ...typeErrors].join(', ')}, * FROM ${from}`,
  };
}

/**
 * Creates the ENUM types the rules' lookups read (inside the caller's transaction, so they vanish
 * with it) and returns the SQL each {name} in a rule stands for.
 */
export async function prepareLookups(conn: DuckDBConnection, rules: readonly Rule[]): Promise<{ values: Record<string, string>; types: string[] }> {
  const needed = [...new Set(rules.flatMap((r) => r.needs ?? []))] as Lookup[];
  const values: Record<string, string> = {};
  const types: string[] = [];
  for (const l of needed) {
    const { table, key, flag, extra } = LOOKUPS[l];
    const type = `ingest_lookup_${l}`;
    const rows = toNumber((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]?.[0]);
    await conn.run(`DROP TYPE IF EXISTS ${type}`);
    if (rows === 0) {
      values[flag] = 'false';
      for (const name of Object.keys(extra ?? {})) values[name] = 'NULL';
      continue;
    }
    await conn.run(`CREATE TYPE ${type} AS ENUM (SELECT ${key} FROM ${table} ORDER BY ${key})`);
    types.push(type);
    const cast = `TRY_CAST(n."n$${key}" AS ${type})`;
    values[flag] = `(${cast} IS NOT NULL)`;
    for (const [name, column] of Object.entries(extra ?? {})) {
      values[name] = `(SELECT list(${column} ORDER BY ${key}) FROM ${table})[enum_code(${cast}) + 1]`;
    }
  }
  return { values, types };
}

export async function dropLookups(conn: DuckDBConnection, types: readonly string[]): Promise<void> {
  for (const t of types) await conn.run(`DROP TYPE IF EXISTS ${t}`);
}
