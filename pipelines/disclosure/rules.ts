/**
 * Primary disclosure rules, checked per cell and per measure (value and units): enough
 * contributors, no dominant store (the n-k rule with n = 1), and the p % rule. A cell that breaks
 * one is withheld; complementary suppression then protects it from subtraction.
 */
import { CodedError } from '../errors.ts';
import type { CellStats, SuppressionReason } from './table.ts';

export interface DisclosureRules {
  /** Distinct stores a cell needs. @defaultValue 10 */
  readonly minStores: number;
  /** Distinct customers a cell needs. @defaultValue 10 */
  readonly minCustomers: number;
  /** The largest store's share of a cell above which it dominates (n-k rule, n = 1). @defaultValue 0.5 */
  readonly dominanceShare: number;
  /** p of the p % rule: the second-largest store must not estimate the largest within p %. @defaultValue 15 */
  readonly pPercent: number;
  /** How far the attacker's interval must reach below and above a withheld value. @defaultValue 0.15 */
  readonly protection: number;
}

export const DEFAULT_RULES: DisclosureRules = {
  minStores: 10,
  minCustomers: 10,
  dominanceShare: 0.5,
  pPercent: 15,
  protection: 0.15,
};

function dominated(total: number, top1: number, share: number): boolean {
  return total > 0 && top1 > share * total;
}

/**
 * The p % rule: the runner-up knows its own figure and the total, so it can estimate the
 * largest as total - own; that estimate errs by the rest of the cell, which must be at least p %
 * of the largest.
 */
function pPercentBroken(total: number, top1: number, top2: number, p: number): boolean {
  return total > 0 && total - top1 - top2 < (p / 100) * top1;
}

/** The first primary rule a cell breaks, or null. Order: contributors first, then concentration. */
export function primaryReason(cell: CellStats, rules: DisclosureRules = DEFAULT_RULES): SuppressionReason | null {
  if (cell.stores < rules.minStores) return 'min_stores';
  if (cell.customers < rules.minCustomers) return 'min_customers';
  if (dominated(cell.valueFen, cell.top1ValueFen, rules.dominanceShare) ||
      dominated(cell.unitsMilli, cell.top1UnitsMilli, rules.dominanceShare)) return 'dominance';
  if (pPercentBroken(cell.valueFen, cell.top1ValueFen, cell.top2ValueFen, rules.pPercent) ||
      pPercentBroken(cell.unitsMilli, cell.top1UnitsMilli, cell.top2UnitsMilli, rules.pPercent)) return 'p_percent';
  return null;
}

export function checkRules(rules: DisclosureRules): DisclosureRules {
  const bad = (what: string): never => { throw new CodedError('BAD_ARGUMENT', `disclosure rule ${what}`); };
  if (!Number.isInteger(rules.minStores) || rules.minStores < 1) bad('minStores must be a whole number >= 1');
  if (!Number.isInteger(rules.minCustomers) || rules.minCustomers < 1) bad('minCustomers must be a whole number >= 1');
  if (!(rules.dominanceShare > 0 && rules.dominanceShare <= 1)) bad('dominanceShare must be in (0, 1]');
  if (!(rules.pPercent >= 0 && rules.pPercent <= 100)) bad('pPercent must be in [0, 100]');
  if (!(rules.protection > 0 && rules.protection < 1)) bad('protection must be in (0, 1)');
  return rules;
}

/**
 * Rules from a JSON object (a `--disclosure` file): any of the DisclosureRules fields, the rest
 * from DEFAULT_RULES; unknown fields are refused so a misspelt rule is not silently the default.
 */
export function parseRules(text: string): DisclosureRules {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CodedError('BAD_ARGUMENT', 'disclosure rules must be a JSON object', { cause: err });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new CodedError('BAD_ARGUMENT', 'disclosure rules must be a JSON object');
  const known = Object.keys(DEFAULT_RULES);
  const out: Record<string, number> = { ...DEFAULT_RULES };
  for (const [k, v] of Object.entries(raw)) {
    if (!known.includes(k)) throw new CodedError('BAD_ARGUMENT', `unknown disclosure rule '${k}' (known: ${known.join(', ')})`);
    if (typeof v !== 'number') throw new CodedError('BAD_ARGUMENT', `disclosure rule ${k} must be a number`);
    out[k] = v;
  }
  return checkRules(out as unknown as DisclosureRules);
}
