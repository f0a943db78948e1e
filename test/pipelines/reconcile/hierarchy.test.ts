import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  incoherence,
  maxIncoherence,
  sumLeavesUp,
} from '../../../pipelines/reconcile/hierarchy.ts';

// Province P -> counties C1, C2 -> villages.
const pairs = [
  ['v1', 'C1'],
  ['v2', 'C1'],
  ['C1', 'P'],
  ['C2', 'P'],
  ['v3', 'C2'],
] as const;

describe('buildHierarchy', () => {
  it('numbers parents before children and finds leaves, aggregates and leaf counts', () => {
    const t = buildHierarchy(pairs);
    expect(t.ids).toEqual(['P', 'C1', 'C2', 'v1', 'v2', 'v3']);
    expect([...t.parent]).toEqual([-1, 0, 0, 1, 1, 2]);
    expect([...t.leaves]).toEqual([3, 4, 5]);
    expect([...t.aggregates]).toEqual([0, 1, 2]);
    expect([...t.leafCount]).toEqual([3, 2, 1, 1, 1, 1]);
  });

  it('accepts a forest and repeated identical pairs', () => {
    const t = buildHierarchy([
      ['a', 'A'],
      ['b', 'B'],
      ['a', 'A'],
    ]);
    expect([...t.parent]).toEqual([-1, 0, -1, 2]);
  });

  it('rejects two parents, self-parents and cycles', () => {
    expect(() => buildHierarchy([['a', 'A'], ['a', 'B']])).toThrow(/two parents/);
    expect(() => buildHierarchy([['a', 'a']])).toThrow(/own parent/);
    expect(() => buildHierarchy([['a', 'b'], ['b', 'a']])).toThrow(/cycle/);
  });
});

describe('aggregation', () => {
  it('sums leaves up every level, h columns at a time', () => {
    const t = buildHierarchy(pairs);
    const m = Float64Array.from([99, 99, 99, 99, 99, 99, 1, 2, 3, 4, 5, 6]); // h = 2
    sumLeavesUp(t, m, 2);
    expect([...m]).toEqual([9, 12, 4, 6, 5, 6, 1, 2, 3, 4, 5, 6]);
    expect(maxIncoherence(t, m, 2)).toBe(0);
    m[0] = 10;
    expect(maxIncoherence(t, m, 2)).toBe(1);
  });

  it("U'x is each aggregate minus its leaves", () => {
    const t = buildHierarchy(pairs);
    const x = Float64Array.from([10, 4, 3, 1, 2, 3]);
    const out = incoherence(t, x, new Float64Array(3), new Float64Array(6));
    expect([...out]).toEqual([4, 1, 0]);
  });
});
