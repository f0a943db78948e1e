import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseRules, primaryReason, type CellStats } from '../../../pipelines/disclosure/index.ts';

const cell = (over: Partial<CellStats>): CellStats => ({
  valueFen: 10_000, unitsMilli: 10_000, stores: 20, customers: 50,
  top1ValueFen: 1_000, top2ValueFen: 900, top1UnitsMilli: 1_000, top2UnitsMilli: 900, ...over,
});

describe('primary rules', () => {
  it('applies each rule on its own', () => {
    expect(primaryReason(cell({}))).toBeNull();
    expect(primaryReason(cell({ stores: 9 }))).toBe('min_stores');
    expect(primaryReason(cell({ customers: 9 }))).toBe('min_customers');
    expect(primaryReason(cell({ top1ValueFen: 5_001 }))).toBe('dominance');
    expect(primaryReason(cell({ top1UnitsMilli: 5_001 }))).toBe('dominance');
    // p % rule: 10,000 - 4,500 - 4,900 = 600 < 15 % of 4,900 = 735.
    expect(primaryReason(cell({ top1ValueFen: 4_900, top2ValueFen: 4_500 }))).toBe('p_percent');
    expect(primaryReason(cell({ top1ValueFen: 4_900, top2ValueFen: 4_300 }))).toBeNull();
  });

  it('reads a rules file over the defaults and refuses what it does not know', () => {
    expect(parseRules('{"minStores": 5}')).toEqual({ ...DEFAULT_RULES, minStores: 5 });
    expect(() => parseRules('{"minStore": 5}')).toThrow(/unknown disclosure rule 'minStore'/);
    expect(() => parseRules('{"pPercent": "15"}')).toThrow(/must be a number/);
    expect(() => parseRules('{"protection": 1.5}')).toThrow(/protection must be in/);
    expect(() => parseRules('[1]')).toThrow(/JSON object/);
  });
});
