import { beforeAll, describe, expect, it } from 'vitest';
import { Attacker, isProtected, knownCells, type SuppressionReason } from '../../../pipelines/disclosure/index.ts';
import { grid } from './grid.ts';

let attacker: Attacker;
beforeAll(async () => { attacker = await Attacker.create(); });

const withheld = (n: number, hide: number[]): (SuppressionReason | null)[] =>
  Array.from({ length: n }, (_, i) => (hide.includes(i) ? 'min_stores' : null));

describe('the attacker LP', () => {
  // Leaves are cells 0..8 in row-major order for a 3 x 3 grid.
  const values = [[500, 300, 200], [100, 800, 400], [600, 250, 900]];

  it('recovers a lone withheld cell exactly by subtraction', () => {
    const { table } = grid(values);
    const reasons = withheld(table.cells.length, [4]);
    const [iv] = attacker.intervals(table.atomValueFen.length, knownCells(table, reasons), [table.cells[4]!.atoms]);
    expect(iv).toEqual({ lo: 800, hi: 800 });
  });

  it('bounds a withheld rectangle by the textbook interval [a - min(a, d), a + min(b, c)]', () => {
    // Rectangle (0,0)=500, (0,1)=300, (1,0)=100, (1,1)=800: x00 moves by t with t in [-min(500, 800), min(300, 100)].
    const { table } = grid(values);
    const reasons = withheld(table.cells.length, [0, 1, 3, 4]);
    const [iv] = attacker.intervals(table.atomValueFen.length, knownCells(table, reasons), [table.cells[0]!.atoms]);
    expect(iv!.lo).toBeCloseTo(0, 6);
    expect(iv!.hi).toBeCloseTo(600, 6);
    expect(isProtected(iv!, 500, 0.15)).toBe(true);
  });

  it('reports an upper bound of infinity when a withheld margin has no published total', () => {
    const { table } = grid(values);
    // Hide the grand total and one whole column (leaves, its margin): nothing bounds that column from above.
    const col0 = table.cells.findIndex((c) => c.coords[0] === 'ALL' && c.coords[1] === 'c0');
    const grand = table.cells.findIndex((c) => c.coords[0] === 'ALL' && c.coords[1] === 'ALL');
    const rowMargins = table.cells.map((c, i) => (c.coords[1] === 'ALL' && c.coords[0] !== 'ALL' ? i : -1)).filter((i) => i >= 0);
    const reasons = withheld(table.cells.length, [0, 3, 6, col0, grand, ...rowMargins]);
    const [iv] = attacker.intervals(table.atomValueFen.length, knownCells(table, reasons), [table.cells[col0]!.atoms]);
    expect(iv!.hi).toBe(Number.POSITIVE_INFINITY);
  });
});
