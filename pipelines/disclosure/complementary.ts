/**
 * Complementary (secondary) suppression. Primary cells are withheld by the rules; then, so that no
 * withheld cell can be narrowed by subtraction or by the attacker's LP, more cells are withheld:
 *   1. local pass: every additive relation (a parent and one partition of it into children) that
 *      holds exactly one withheld cell gets a second, or the one is recovered by subtraction;
 *   2. audit: the attacker's LP bounds every withheld cell, and any bound tighter than the
 *      protection level gets another cell from the relations around it, until all hold.
 * Adding a suppression only removes constraints from the attacker, so a cell once protected stays
 * protected and the loop ends. Two strategies choose the added cell: `cost` (ours: smallest value
 * per relation it closes, a cell too small to hide the protection interval counting four times its
 * value) and `smallest` (the textbook baseline: the smallest cell of the relation).
 */
import { Attacker, isProtected, type KnownCell } from './attacker.ts';
import { DEFAULT_RULES, primaryReason, type DisclosureRules } from './rules.ts';
import { cellKey, type ProtectedTable, type SuppressionReason } from './table.ts';

export type ComplementStrategy = 'cost' | 'smallest';

/**
 * Audit rounds of one-cell repairs from a weak cell's own relations; as many again from one
 * relation further out; only then is its whole neighbourhood withheld. That last fallback after 4
 * rounds withheld 90 % of brand_cells on the demo set; with 30 the repairs settle before it
 * (docs/benchmarks.md, disclosure section). Each round is a fraction of a second there.
 */
const STUBBORN_ROUNDS = 30;

/** One dimension's additive structure: each node's partitions into child nodes. */
export interface DimStructure {
  readonly partitions: ReadonlyMap<string, readonly (readonly string[])[]>;
}

export interface ProtectOptions {
  readonly rules?: DisclosureRules;
  /** @defaultValue 'cost' */
  readonly strategy?: ComplementStrategy;
  readonly onProgress?: (message: string) => void;
  /**
   * Cells whose fate another table has decided: the same number published there ('publish') may
   * not be withheld here, and one withheld there ('withhold') must be withheld here too.
   */
  readonly fixed?: readonly ('publish' | 'withhold' | null)[];
}

export interface ProtectResult {
  readonly reasons: (SuppressionReason | null)[];
  readonly primary: number;
  readonly complementary: number;
  readonly cells: number;
  readonly valueFen: number;
  readonly suppressedValueFen: number;
  readonly lpChecks: number;
  /** Withheld cells still narrower than the protection when no cell was left to add; empty when done. */
  readonly unprotected: readonly number[];
}

function aliasFates(cells: ProtectedTable['cells'], given: ProtectOptions['fixed']): ('publish' | 'withhold' | null)[] | undefined {
  if (given === undefined) return undefined;
  const byAtoms = new Map<string, 'publish' | 'withhold'>();
  cells.forEach((c, i) => {
    const f = given[i];
    if (f === null || f === undefined) return;
    const key = Array.from(c.atoms).join(',');
    // Withholding wins: a number withheld elsewhere must not appear here under another name.
    if (byAtoms.get(key) !== 'withhold') byAtoms.set(key, f);
  });
  return cells.map((c, i) => given[i] ?? byAtoms.get(Array.from(c.atoms).join(',')) ?? null);
}

/** Relations: member cell indices, the parent first. */
export function relationsOf(table: ProtectedTable, structure: readonly DimStructure[]): number[][] {
  const index = new Map<string, number>();
  table.cells.forEach((c, i) => index.set(cellKey(c.coords), i));
  const relations: number[][] = [];
  table.cells.forEach((parent, p) => {
    structure.forEach((dim, d) => {
      for (const part of dim.partitions.get(parent.coords[d]!) ?? []) {
        const members = [p];
        for (const child of part) {
          const coords = parent.coords.slice();
          coords[d] = child;
          const i = index.get(cellKey(coords));
          if (i !== undefined) members.push(i);
        }
        if (members.length > 1) relations.push(members);
      }
    });
  });
  return relations;
}

/** The published cells as the attacker sees them. */
export function knownCells(table: ProtectedTable, reasons: readonly (SuppressionReason | null)[]): KnownCell[] {
  const known: KnownCell[] = [];
  table.cells.forEach((c, i) => { if (reasons[i] === null) known.push({ atoms: c.atoms, value: c.valueFen }); });
  return known;
}

export async function protectTable(
  table: ProtectedTable,
  structure: readonly DimStructure[],
  attacker: Attacker,
  options: ProtectOptions = {},
): Promise<ProtectResult> {
  const rules = options.rules ?? DEFAULT_RULES;
  const strategy = options.strategy ?? 'cost';
  const cells = table.cells;
  // Cells with the same atoms are the same number (the province and ALL of a one-province table, a
  // brand's only price band and its total): a fate fixed for one is fixed for all of them.
  const fixed = aliasFates(cells, options.fixed);
  const reasons: (SuppressionReason | null)[] = cells.map((c, i) => {
    const own = primaryReason(c, rules);
    return own ?? (fixed?.[i] === 'withhold' ? 'complementary' : null);
  });
  // Cells withheld because another table withholds the same number count as complementary, not primary.
  const primary = reasons.filter((r) => r !== null && r !== 'complementary').length;
  const relations = relationsOf(table, structure);
  const relationsOfCell: number[][] = cells.map(() => []);
  relations.forEach((rel, r) => { for (const m of rel) relationsOfCell[m]!.push(r); });
  const suppressedIn = relations.map((rel) => rel.filter((m) => reasons[m] !== null).length);

  const withhold = (i: number): void => {
    if (reasons[i] !== null) return;
    reasons[i] = 'complementary';
    for (const r of relationsOfCell[i]!) suppressedIn[r]! += 1;
  };
  const value = (i: number): number => cells[i]!.valueFen;

  /** The published member of `rel` to withhold next, or -1. */
  const choose = (candidates: Iterable<number>, need: number): number => {
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const m of candidates) {
      if (reasons[m] !== null || fixed?.[m] === 'publish') continue;
      let score: number;
      if (strategy === 'smallest') {
        score = value(m);
      } else {
        // A cell smaller than the interval it must hide cannot absorb the whole shift alone: it
        // costs four times its value. Taking such cells only last (an infinite penalty) pushed the
        // choice onto large margins and withheld 87 % of brand_cells' value on the demo set.
        const closes = relationsOfCell[m]!.filter((r) => suppressedIn[r] === 1).length;
        score = ((value(m) + 1) / (1 + closes)) * (value(m) < need ? 4 : 1);
      }
      if (score < bestScore) { bestScore = score; best = m; }
    }
    return best;
  };

  // 1. Local pass: no relation keeps a single withheld cell. Rerun after every repair, since a
  // cell added to protect another is alone in its other relations.
  const localPass = (): void => {
    let changed = true;
    while (changed) {
      changed = false;
      for (let r = 0; r < relations.length; r++) {
        if (suppressedIn[r] !== 1) continue;
        const rel = relations[r]!;
        const lone = rel.find((m) => reasons[m] !== null)!;
        const pick = choose(rel, rules.protection * value(lone));
        if (pick >= 0) { withhold(pick); changed = true; }
      }
    }
  };
  localPass();
  options.onProgress?.(`local pass: ${reasons.filter((r) => r !== null).length} withheld`);
  // 2. Audit with the attacker's LP, repairing until every withheld cell holds.
  let lpChecks = 0;
  const atomCount = table.atomValueFen.length;
  // Withholding more only widens intervals, so a cell found protected never needs another check.
  const safe = new Uint8Array(cells.length);
  for (let round = 0; round < 10_000; round++) {
    const withheld = cells.map((_, i) => i).filter((i) => reasons[i] !== null && safe[i] === 0);
    const intervals = attacker.intervals(atomCount, knownCells(table, reasons), withheld.map((i) => cells[i]!.atoms));
    lpChecks += withheld.length;
    const weak = withheld.filter((i, k) => {
      const ok = isProtected(intervals[k]!, value(i), rules.protection);
      if (ok) safe[i] = 1;
      return !ok;
    });
    options.onProgress?.(`audit round ${round}: ${withheld.length} checked, ${weak.length} weak`);
    if (weak.length === 0) break;
    const before = reasons.filter((r) => r !== null).length;
    for (const i of weak) {
      if (reasons[i] === null) continue;
      // Candidates: the published cells of every relation of this cell.
      const frontier = new Set<number>();
      for (const r of relationsOfCell[i]!) for (const m of relations[r]!) frontier.add(m);
      if (round >= 2 * STUBBORN_ROUNDS) {
        // Neither repair has settled this cell: withhold every published cell of its relations.
        // Crude and costly in value, but it ends the loop (at worst the whole table).
        for (const m of frontier) if (fixed?.[m] !== 'publish') withhold(m);
        continue;
      }
      const wide = new Set<number>();
      for (const m of frontier) for (const r of relationsOfCell[m]!) for (const x of relations[r]!) wide.add(x);
      // Past STUBBORN_ROUNDS the cells next to it have not helped: look one relation further out.
      let pick = round >= STUBBORN_ROUNDS ? choose(wide, rules.protection * value(i)) : choose(frontier, rules.protection * value(i));
      if (pick < 0) pick = choose(wide, rules.protection * value(i));
      if (pick >= 0) withhold(pick);
    }
    localPass();
    // Nothing left to add (every candidate withheld or fixed as published elsewhere): stop and
    // report the cells still weak; the caller refuses to publish them.
    if (reasons.filter((r) => r !== null).length === before) break;
  }
  const unprotected = cells.map((_, i) => i).filter((i) => reasons[i] !== null && safe[i] === 0);
  const total = cells.reduce((s, c) => s + c.valueFen, 0);
  const hidden = cells.reduce((s, c, i) => s + (reasons[i] === null ? 0 : c.valueFen), 0);
  return {
    reasons,
    primary,
    complementary: reasons.filter((r) => r === 'complementary').length,
    unprotected,
    cells: cells.length,
    valueFen: total,
    suppressedValueFen: hidden,
    lpChecks,
  };
}
