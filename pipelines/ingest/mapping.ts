import { readFile } from 'node:fs/promises';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';
import { LAYOUTS, MASTER_KINDS, type ColumnType, type FileFormat, type FileKind } from './layouts.ts';
import { ENCODINGS, type Encoding, type StagedColumn } from './sources.ts';

/**
 * A mapping file brings a foreign export onto one of our layouts without editing the export:
 * its declared columns, how each of our fields is made from them (rename, constant, code table,
 * date format and time zone, unit scale, sign), and which rows are not ours to load (fees, postage)
 * and go to the rejects table with a reason. Declarative on purpose: no SQL in a mapping file.
 * The README documents the format with a worked example.
 */
export interface Mapping {
  readonly name: string;
  readonly kind: FileKind;
  readonly source: {
    readonly format: FileFormat;
    readonly delimiter?: string;
    readonly header?: boolean;
    /** Text encoding of a CSV/TSV/JSONL export: UCI Online Retail is Latin-1. @defaultValue 'utf-8' */
    readonly encoding?: Encoding;
    readonly columns: readonly string[];
  };
  /** IANA zone the export's clock times are in. @defaultValue 'Asia/Shanghai' */
  readonly timezone?: string;
  readonly fields: Readonly<Record<string, FieldMapping>>;
  readonly skip?: readonly { readonly if: Condition; readonly reason: string }[];
  /**
   * Master data only: which of the rows describing one key defines it. `last` (the file's last word),
   * `first`, or `most_common` (the description most rows give; a tie goes to the later). A sales log
   * read as a product list names a product on every line, and its last line may be an odd one.
   * @defaultValue 'last'
   */
  readonly defining_row?: DefiningRow;
}

export type DefiningRow = 'last' | 'first' | 'most_common';
export const DEFINING_ROWS: readonly DefiningRow[] = ['last', 'first', 'most_common'];

export interface FieldMapping {
  readonly column?: string;
  readonly value?: string | number | boolean;
  /** Number rows 1, 2, ... within each value of this column, in file order (invoice line numbers). */
  readonly sequence_within?: string;
  readonly strip_prefix?: string;
  readonly prefix?: string;
  /** Code table: foreign code -> ours. `otherwise`: keep the code, or reject the row. @defaultValue 'keep' */
  readonly codes?: Readonly<Record<string, string>>;
  readonly otherwise?: 'keep' | 'reject';
  /** strptime format of a date/time column, e.g. "%d/%m/%Y %H:%M". */
  readonly format?: string;
  /** Multiply a number (units: grams to kg 0.001; fen to yuan 0.01). */
  readonly scale?: number;
  readonly absolute?: boolean;
  /** Value for a blank cell. */
  readonly blank?: string;
  readonly cases?: readonly { readonly if: Condition; readonly value: string }[];
  readonly default?: string;
  /** A value computed from columns (arithmetic, composed keys). */
  readonly compute?: Expr;
}

/**
 * A condition on a row: a test on one column, or `all` / `any` / `not` of conditions. Tests: equals,
 * starts_with, in, is_blank, negative, matches (a regular expression, whole value, RE2 syntax), and
 * numeric thresholds gt / gte / lt / lte (a non-number never passes one).
 */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | ColumnTest;

export const PRODUCT_ATTRIBUTES = ['name_zh', 'name_en', 'category', 'subcategory', 'brand', 'unit', 'is_produce'] as const;
export const STORE_ATTRIBUTES = ['village_id', 'kind', 'name_zh', 'name_pinyin', 'timezone'] as const;

/**
 * One test on one value: the export's `column`, or an attribute of master data already loaded,
 * `product` (of the row's mapped `sku`) or `store` (of its `store_id`): skip till lines whose
 * product's department is FUEL. A row whose product or store is not known yet fails such a test.
 */
export interface ColumnTest {
  readonly column?: string;
  readonly product?: (typeof PRODUCT_ATTRIBUTES)[number];
  readonly store?: (typeof STORE_ATTRIBUTES)[number];
  readonly equals?: string;
  readonly starts_with?: string;
  readonly in?: readonly string[];
  readonly is_blank?: boolean;
  readonly negative?: boolean;
  readonly matches?: string;
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
}

/**
 * A value computed from columns: arithmetic on numbers (a unit price from a line total and a
 * quantity) or a key composed of several columns (a basket from a customer and a day).
 */
export type Expr =
  | { readonly column: string }
  | { readonly value: string | number }
  | { readonly divide: readonly [Expr, Expr] }
  | { readonly multiply: readonly [Expr, Expr] }
  | { readonly add: readonly [Expr, Expr] }
  | { readonly subtract: readonly [Expr, Expr] }
  | { readonly abs: Expr }
  | { readonly concat: readonly Expr[] };

const TESTS = ['equals', 'starts_with', 'in', 'is_blank', 'negative', 'matches', 'gt', 'gte', 'lt', 'lte'] as const;

/** Every column a condition reads (for validation). */
export function conditionColumns(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionColumns);
  if ('any' in c) return c.any.flatMap(conditionColumns);
  if ('not' in c) return conditionColumns(c.not);
  return typeof c.column === 'string' ? [c.column] : [];
}

export function exprColumns(e: Expr): string[] {
  if ('column' in e) return [e.column];
  if ('value' in e) return [];
  if ('abs' in e) return exprColumns(e.abs);
  if ('concat' in e) return e.concat.flatMap(exprColumns);
  const pair = 'divide' in e ? e.divide : 'multiply' in e ? e.multiply : 'add' in e ? e.add : e.subtract;
  return pair.flatMap(exprColumns);
}

export async function loadMapping(path: string): Promise<Mapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new CodedError('BAD_MAPPING', `${path}: not readable JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  return validateMapping(parsed, path);
}

export function validateMapping(value: unknown, where = 'mapping'): Mapping {
  const fail = (msg: string): never => {
    throw new CodedError('BAD_MAPPING', `${where}: ${msg}`);
  };
  if (typeof value !== 'object' || value === null) return fail('must be a JSON object');
  const m = value as Partial<Mapping>;
  if (typeof m.name !== 'string' || m.name === '') fail('"name" is required');
  if (typeof m.kind !== 'string' || !(m.kind in LAYOUTS)) fail(`"kind" must be one of ${Object.keys(LAYOUTS).join(', ')}`);
  const src = m.source;
  if (!src || !Array.isArray(src.columns) || src.columns.length === 0) fail('"source.columns" must list the export\'s columns in order');
  if (!src || !['csv', 'tsv', 'jsonl', 'parquet'].includes(src.format)) fail('"source.format" must be csv, tsv, jsonl or parquet');
  if (src?.encoding !== undefined && !ENCODINGS.includes(src.encoding)) fail(`"source.encoding" must be one of ${ENCODINGS.join(', ')}`);
  if (src?.encoding !== undefined && src.format === 'parquet') fail('"source.encoding" does not apply to Parquet (its text is UTF-8)');
  const columns = new Set(src!.columns);
  const checkColumn = (c: string | undefined, ctx: string): void => {
    if (c !== undefined && !columns.has(c)) fail(`${ctx} names column "${c}", which is not in source.columns`);
  };
  const safe = <T>(f: () => T, ctx: string): T => {
    try {
      return f();
    } catch {
      return fail(`${ctx} is not a well-formed expression`);
    }
  };
  const checkCondition = (c: Condition, ctx: string, master = false): void => {
    if (typeof c !== 'object' || c === null) fail(`${ctx}: a condition must be an object`);
    if ('all' in c || 'any' in c) {
      const list = 'all' in c ? c.all : (c as { any: readonly Condition[] }).any;
      if (!Array.isArray(list) || list.length === 0) fail(`${ctx}: all/any needs a non-empty list`);
      for (const x of list) checkCondition(x, ctx, master);
      return;
    }
    if ('not' in c) return checkCondition(c.not, ctx, master);
    const t = c as ColumnTest;
    const subjects = [t.column, t.product, t.store].filter((x) => x !== undefined);
    if (subjects.length !== 1) fail(`${ctx}: a test needs one of "column", "product" or "store" (or use all, any, not)`);
    // A field's cases are computed with the fields, before the key a lookup would need.
    if (!master && (t.product !== undefined || t.store !== undefined)) fail(`${ctx}: tests on "product" or "store" are for skip rules`);
    if (t.product !== undefined) {
      if (!(PRODUCT_ATTRIBUTES as readonly string[]).includes(t.product)) fail(`${ctx}: "product" must name one of ${PRODUCT_ATTRIBUTES.join(', ')}`);
      if (!m.fields?.['sku']) fail(`${ctx}: a test on the product needs a mapped "sku" field`);
    } else if (t.store !== undefined) {
      if (!(STORE_ATTRIBUTES as readonly string[]).includes(t.store)) fail(`${ctx}: "store" must name one of ${STORE_ATTRIBUTES.join(', ')}`);
      if (!m.fields?.['store_id']) fail(`${ctx}: a test on the store needs a mapped "store_id" field`);
    } else {
      if (typeof t.column !== 'string') fail(`${ctx}: "column" must be a column name`);
      checkColumn(t.column, ctx);
    }
    const what = t.column ?? (t.product !== undefined ? `product ${t.product}` : `store ${t.store ?? ''}`);
    const used = TESTS.filter((k) => t[k] !== undefined);
    if (used.length !== 1) fail(`${ctx} on ${what} needs exactly one of ${TESTS.join(', ')}`);
    if (t.matches !== undefined) {
      try {
        new RegExp(t.matches);
      } catch {
        fail(`${ctx}: "matches" is not a valid regular expression: ${t.matches}`);
      }
    }
    for (const k of ['gt', 'gte', 'lt', 'lte'] as const) if (t[k] !== undefined && !Number.isFinite(t[k])) fail(`${ctx}: "${k}" must be a number`);
  };
  const layout = LAYOUTS[m.kind!];
  const fields = m.fields ?? {};
  for (const col of layout.columns) {
    const f = fields[col.name];
    if (!f) {
      if (!col.nullable) fail(`field "${col.name}" is required for kind ${m.kind}`);
      continue;
    }
    const sources = [f.column !== undefined, f.value !== undefined, f.sequence_within !== undefined, f.cases !== undefined, f.compute !== undefined];
    if (sources.filter(Boolean).length !== 1) fail(`field "${col.name}" needs exactly one of column, value, sequence_within, cases, compute`);
    checkColumn(f.column, `field "${col.name}"`);
    checkColumn(f.sequence_within, `field "${col.name}"`);
    for (const c of f.cases ?? []) checkCondition(c.if, `field "${col.name}" case`);
    if (f.compute !== undefined) for (const c of safe(() => exprColumns(f.compute!), `field "${col.name}" compute`)) checkColumn(c, `field "${col.name}" compute`);
  }
  for (const name of Object.keys(fields)) {
    if (!layout.columns.some((c) => c.name === name)) fail(`field "${name}" is not a column of kind ${m.kind}`);
  }
  for (const s of m.skip ?? []) checkCondition(s.if, 'skip rule', true);
  if (m.defining_row !== undefined) {
    if (!MASTER_KINDS.includes(m.kind!)) fail(`"defining_row" applies to master data (${MASTER_KINDS.join(', ')}), not ${m.kind}`);
    if (!DEFINING_ROWS.includes(m.defining_row)) fail(`"defining_row" must be one of ${DEFINING_ROWS.join(', ')}`);
  }
  return m as Mapping;
}

/** Window functions reorder rows, so such a mapping needs the reader to number them. */
export function needsOrdinality(mapping: Mapping | undefined): boolean {
  return mapping !== undefined && Object.values(mapping.fields).some((f) => f.sequence_within !== undefined);
}

/** Compiled mapping: one expression per target column over the staged foreign columns. */
export interface CompiledMapping {
  readonly fields: Map<string, StagedColumn>;
  /** Extra rules checked before everything else: skip rows and unmapped codes. */
  readonly rules: readonly { code: string; when: string; message: string; column?: string }[];
}

export function compileMapping(mapping: Mapping, staged: ReadonlyMap<string, StagedColumn>): CompiledMapping {
  const col = (name: string): string => {
    const s = staged.get(name);
    if (!s) throw new CodedError('BAD_MAPPING', `${mapping.name}: column ${name} missing from the staged file`);
    return `nullif(trim(CAST(${s.expr} AS VARCHAR)), '')`;
  };
  const cond = (c: Condition): string => {
    if ('all' in c) return `(${c.all.map(cond).join(' AND ')})`;
    if ('any' in c) return `(${c.any.map(cond).join(' OR ')})`;
    if ('not' in c) return `(NOT ${cond(c.not)})`;
    const x = subject(c);
    const n = `TRY_CAST(${x} AS DOUBLE)`;
    if (c.equals !== undefined) return `coalesce(${x} = ${literal(c.equals)}, false)`;
    if (c.starts_with !== undefined) return `coalesce(starts_with(${x}, ${literal(c.starts_with)}), false)`;
    if (c.in !== undefined) return `coalesce(${x} IN (${c.in.map(literal).join(', ')}), false)`;
    if (c.is_blank !== undefined) return c.is_blank ? `${x} IS NULL` : `${x} IS NOT NULL`;
    if (c.negative !== undefined) return `coalesce(${n} < 0, ${!c.negative})`;
    if (c.matches !== undefined) return `coalesce(regexp_full_match(${x}, ${literal(c.matches)}), false)`;
    if (c.gt !== undefined) return `coalesce(${n} > ${Number(c.gt)}, false)`;
    if (c.gte !== undefined) return `coalesce(${n} >= ${Number(c.gte)}, false)`;
    if (c.lt !== undefined) return `coalesce(${n} < ${Number(c.lt)}, false)`;
    if (c.lte !== undefined) return `coalesce(${n} <= ${Number(c.lte)}, false)`;
    throw new CodedError('BAD_MAPPING', `${mapping.name}: a condition needs one of ${TESTS.join(', ')}`);
  };
  // A master attribute is looked up by the row's mapped key, as text like a column's value.
  const subject = (c: ColumnTest): string => {
    if (c.product !== undefined) return `(SELECT CAST(m.${c.product} AS VARCHAR) FROM products m WHERE m.sku = ${keyOf('sku')})`;
    if (c.store !== undefined) return `(SELECT CAST(m.${c.store} AS VARCHAR) FROM stores m WHERE m.store_id = ${keyOf('store_id')})`;
    return col(c.column!);
  };
  const keyOf = (name: string): string => {
    const k = fields.get(name);
    if (!k) throw new CodedError('BAD_MAPPING', `${mapping.name}: a test on master data needs the "${name}" field`);
    return `CAST(${k.expr} AS VARCHAR)`;
  };
  const num = (e: Expr): string => `TRY_CAST(${exprOf(e)} AS DOUBLE)`;
  const exprOf = (e: Expr): string => {
    if ('column' in e) return col(e.column);
    if ('value' in e) return typeof e.value === 'number' ? String(e.value) : literal(e.value);
    if ('abs' in e) return `abs(${num(e.abs)})`;
    if ('concat' in e) return `(${e.concat.map((x) => `coalesce(CAST(${exprOf(x)} AS VARCHAR), '')`).join(' || ')})`;
    if ('divide' in e) return `(${num(e.divide[0])} / nullif(${num(e.divide[1])}, 0))`;
    if ('multiply' in e) return `(${num(e.multiply[0])} * ${num(e.multiply[1])})`;
    if ('add' in e) return `(${num(e.add[0])} + ${num(e.add[1])})`;
    return `(${num(e.subtract[0])} - ${num(e.subtract[1])})`;
  };
  const numeric = (e: Expr): boolean => !('column' in e || 'value' in e || 'concat' in e);
  const tz = literal(mapping.timezone ?? 'Asia/Shanghai');
  const fields = new Map<string, StagedColumn>();
  const rules: { code: string; when: string; message: string; column?: string }[] = [];
  const layout = LAYOUTS[mapping.kind];
  for (const target of layout.columns) {
    const f = mapping.fields[target.name];
    if (!f) continue;
    let expr: string;
    let readAs: ColumnType = 'text';
    if (f.value !== undefined) {
      expr = literal(String(f.value));
    } else if (f.compute !== undefined) {
      // Computed: numbers stay numbers (a divide by zero is NULL, so a bad_number reject), keys text.
      expr = exprOf(f.compute);
      readAs = numeric(f.compute) ? 'number' : 'text';
    } else if (f.sequence_within !== undefined) {
      expr = `row_number() OVER (PARTITION BY ${col(f.sequence_within)} ORDER BY ordinality)`;
      readAs = 'integer';
    } else if (f.cases !== undefined) {
      const whens = f.cases.map((c) => `WHEN ${cond(c.if)} THEN ${literal(c.value)}`).join(' ');
      expr = `CASE ${whens} ELSE ${f.default === undefined ? 'NULL' : literal(f.default)} END`;
    } else {
      expr = col(f.column!);
      if (f.blank !== undefined) expr = `coalesce(${expr}, ${literal(f.blank)})`;
      if (f.strip_prefix !== undefined) {
        const p = literal(f.strip_prefix);
        expr = `CASE WHEN starts_with(${expr}, ${p}) THEN substr(${expr}, ${f.strip_prefix.length + 1}) ELSE ${expr} END`;
      }
      if (f.codes !== undefined) {
        const entries = Object.entries(f.codes);
        const whens = entries.map(([k, v]) => `WHEN ${literal(k)} THEN ${literal(v)}`).join(' ');
        const mapped = entries.length > 0 ? `CASE ${expr} ${whens} ELSE ${f.otherwise === 'reject' ? 'NULL' : expr} END` : expr;
        if (f.otherwise === 'reject') {
          rules.push({
            code: 'unmapped_code',
            when: `${expr} IS NOT NULL AND ${expr} NOT IN (${entries.map(([k]) => literal(k)).join(', ') || "''"})`,
            message: `'${target.name}: code not in the mapping: ' || ${expr}`,
            column: target.name,
          });
        }
        expr = mapped;
      }
      if (f.prefix !== undefined) expr = `(${literal(f.prefix)} || ${expr})`;
      if (f.format !== undefined) {
        expr = `timezone(${tz}, try_strptime(${expr}, ${literal(f.format)}))`;
        readAs = target.type === 'date' ? 'timestamp' : 'timestamp';
        // A bad date must still be reported with its text: keep the raw for the type check.
        fields.set(`__raw_${target.name}`, { expr: col(f.column!), readAs: 'text' });
      } else if (target.type === 'timestamp' && mapping.timezone !== undefined) {
        expr = `timezone(${tz}, TRY_CAST(${expr} AS TIMESTAMP))`;
        readAs = 'timestamp';
        fields.set(`__raw_${target.name}`, { expr: col(f.column!), readAs: 'text' });
      }
      if (f.scale !== undefined || f.absolute) {
        const num = `TRY_CAST(${expr} AS DOUBLE)`;
        fields.set(`__raw_${target.name}`, { expr: col(f.column!), readAs: 'text' });
        expr = f.absolute ? `abs(${num})` : num;
        if (f.scale !== undefined) expr = `(${expr} * ${Number(f.scale)})`;
        readAs = 'number';
      }
    }
    fields.set(target.name, { expr, readAs });
  }
  // After the fields: a test on master data finds the row's product or store by its mapped key.
  // Skip rules are checked first, whatever their place in the list.
  const skips = (mapping.skip ?? []).map((s) => ({ code: 'skipped_by_mapping', when: cond(s.if), message: literal(s.reason) }));
  return { fields, rules: [...skips, ...rules] };
}

