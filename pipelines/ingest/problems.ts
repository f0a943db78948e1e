import { literal } from '../warehouse/sql.ts';
import type { FileFormat } from './layouts.ts';
import { TYPE_ERROR_CODE, type Normalised } from './normalise.ts';
import { LOOKUPS, type Lookup, type Rule } from './rules.ts';
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
export function problemSql(format: FileFormat, norms: readonly Normalised[], rules: readonly Rule[], now: Date): ProblemSql {
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
  const needed = [...new Set(rules.flatMap((r) => r.needs ?? []))] as Lookup[];
  const values: Record<string, string> = Object.assign({}, ...needed.map((l) => LOOKUPS[l].values));
  const subst = (sql: string): string =>
    sql.replaceAll('{now}', `'${now.toISOString()}'::TIMESTAMPTZ`).replace(/\{([a-z_]+)\}/g, (_, c: string) => values[c] ?? `n."n$${c}"`);
  for (const r of rules.filter((r) => !isMappingRule(r))) {
    whens.push(`WHEN ${subst(r.when)} THEN ${reasonStruct(r.code, subst(r.message), r.column)}`);
  }
  const ours = norms.map((x) => `${x.expr} AS "n$${x.column.name}"`);
  const typeErrors = norms.filter((x) => x.typeError).map((x) => `${x.typeError} AS "te$${x.column.name}"`);
  return {
    problem: whens.length > 0 ? `CASE ${whens.join('\n')} END` : 'NULL::STRUCT(code VARCHAR, message VARCHAR, col VARCHAR)',
    // Joins name their key as n."store_id" in LOOKUPS; our values carry the n$ prefix here.
    joins: needed.map((l) => LOOKUPS[l].join.replace(/n\."([a-z_]+)"/g, 'n."n$$$1"')).join(' '),
    inner: (from: string) => `SELECT ${[...ours, ...typeErrors].join(', ')}, * FROM ${from}`,
  };
}
