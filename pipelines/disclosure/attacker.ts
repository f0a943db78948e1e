/**
 * The attacker of a published table: knows every published cell, the table's additive structure
 * (which atoms each cell sums) and that values are non-negative, and bounds each withheld cell by
 * two linear programs (minimise and maximise it). HiGHS solves them; before that, cells with a
 * single unknown atom are peeled off (the plain subtraction attack), which both catches the
 * common case without a solve and keeps the LPs small. Each LP holds only the constraints of the
 * connected block of unknown atoms the target touches.
 */
import highsImport from 'highs';
import type { Highs } from 'highs';
import { CodedError } from '../errors.ts';

export interface KnownCell {
  readonly atoms: ArrayLike<number>;
  readonly value: number;
}

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

// The package's types describe its CommonJS build, where TypeScript sees the default export as the
// module object; the ESM build this project imports has the loader function as its default.
const loadHighs = highsImport as unknown as () => Promise<Highs>;

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(a: number): number {
    let r = a;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[a] !== r) {
      const next = this.parent[a]!;
      this.parent[a] = r;
      a = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra] = rb;
  }
}

interface Reduced {
  /** Atom value where the published cells pin it down, else NaN. */
  readonly fixed: Float64Array;
  /** Constraints over unknown atoms only: sum(atoms) = rhs. */
  readonly rows: { readonly atoms: number[]; readonly rhs: number }[];
  readonly block: UnionFind;
}

/** Peels cells with one unknown atom until none is left, then groups the rest into blocks. */
function reduce(atomCount: number, known: readonly KnownCell[]): Reduced {
  const fixed = new Float64Array(atomCount).fill(Number.NaN);
  const pending = known.map((c) => ({ atoms: Array.from(c.atoms), rhs: c.value }));
  const byAtom: number[][] = Array.from({ length: atomCount }, () => []);
  pending.forEach((c, i) => { for (const a of c.atoms) byAtom[a]!.push(i); });
  const queue: number[] = [];
  const unknownCount = pending.map((c) => c.atoms.length);
  pending.forEach((_, i) => { if (unknownCount[i] === 1) queue.push(i); });
  // A cell with no atoms is an empty margin: nothing to learn from it.
  while (queue.length > 0) {
    const i = queue.pop()!;
    const c = pending[i]!;
    if (unknownCount[i] !== 1) continue;
    let target = -1;
    let rest = c.rhs;
    for (const a of c.atoms) {
      if (Number.isNaN(fixed[a]!)) target = a;
      else rest -= fixed[a]!;
    }
    if (target < 0) continue;
    fixed[target] = rest;
    for (const j of byAtom[target]!) {
      unknownCount[j]! -= 1;
      if (unknownCount[j] === 1) queue.push(j);
    }
  }
  const block = new UnionFind(atomCount);
  const rows: { atoms: number[]; rhs: number }[] = [];
  for (const c of pending) {
    const free: number[] = [];
    let rhs = c.rhs;
    for (const a of c.atoms) {
      if (Number.isNaN(fixed[a]!)) free.push(a);
      else rhs -= fixed[a]!;
    }
    if (free.length === 0) continue;
    for (let k = 1; k < free.length; k++) block.union(free[0]!, free[k]!);
    rows.push({ atoms: free, rhs });
  }
  return { fixed, rows, block };
}

function sumTerms(atoms: readonly number[]): string {
  // LP-format readers accept continuation lines; short lines keep every reader happy.
  const parts: string[] = [];
  for (let i = 0; i < atoms.length; i += 16) {
    parts.push(atoms.slice(i, i + 16).map((a) => `a${a}`).join(' + '));
  }
  return parts.join('\n + ');
}

/** Solves the attacker's LPs with HiGHS. Open with `Attacker.create()`. */
export class Attacker {
  private constructor(private readonly highs: Highs) {}

  static async create(): Promise<Attacker> {
    return new Attacker(await loadHighs());
  }

  /**
   * The interval the attacker can prove for each target cell (a set of atoms), given the known
   * (published) cells. Unbounded above gives hi = Infinity.
   */
  intervals(atomCount: number, known: readonly KnownCell[], targets: readonly ArrayLike<number>[]): Interval[] {
    const { fixed, rows, block } = reduce(atomCount, known);
    const rowsByBlock = new Map<number, { atoms: number[]; rhs: number }[]>();
    for (const r of rows) {
      const b = block.find(r.atoms[0]!);
      let list = rowsByBlock.get(b);
      if (list === undefined) rowsByBlock.set(b, (list = []));
      list.push(r);
    }
    return targets.map((t) => {
      let constant = 0;
      const free: number[] = [];
      for (const a of Array.from(t)) {
        if (Number.isNaN(fixed[a]!)) free.push(a);
        else constant += fixed[a]!;
      }
      if (free.length === 0) return { lo: constant, hi: constant };
      const blocks = new Set(free.map((a) => block.find(a)));
      const constraints = [...blocks].flatMap((b) => rowsByBlock.get(b) ?? []);
      const lo = this.solve('Minimize', free, constraints);
      const hi = this.solve('Maximize', free, constraints);
      return { lo: constant + lo, hi: constant + hi };
    });
  }

  private solve(sense: 'Minimize' | 'Maximize', objective: readonly number[], rows: readonly { atoms: number[]; rhs: number }[]): number {
    const lines = [sense, ` obj: ${sumTerms(objective)}`, 'Subject To'];
    rows.forEach((r, i) => lines.push(` c${i}: ${sumTerms(r.atoms)} = ${r.rhs}`));
    // An objective atom in no constraint still needs declaring; its default bound is [0, inf).
    lines.push('Bounds');
    for (const a of new Set(objective)) lines.push(` a${a} >= 0`);
    lines.push('End');
    const result = this.highs.solve(lines.join('\n'));
    if (result.Status === 'Optimal') return result.ObjectiveValue;
    if (result.Status === 'Unbounded') return sense === 'Maximize' ? Number.POSITIVE_INFINITY : 0;
    // The true values satisfy every constraint, so anything else is our bug, not the data's.
    throw new CodedError('INTERNAL', `attacker LP ended with status ${result.Status}`);
  }
}

/** Whether an interval reaches `protection` below and above the true value. */
export function isProtected(interval: Interval, trueValue: number, protection: number): boolean {
  // A withheld zero is protected when the attacker cannot prove it is zero.
  if (trueValue <= 0) return interval.hi > 0;
  const slack = 1e-6 * Math.max(1, trueValue);
  return interval.lo <= trueValue * (1 - protection) + slack && interval.hi >= trueValue * (1 + protection) - slack;
}
