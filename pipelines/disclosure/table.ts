/**
 * A table to protect, as a statistical office sees it: cells that are sums of atoms. An atom is a
 * piece of the finest partition (a county x a week-within-a-month x a brand, say); a published
 * cell, leaf or margin, is the sum of its atoms. Atoms need not be cells themselves: when weeks and
 * months are both published, a week that straddles two months is two atoms, so the week cells and
 * the month cells of one table are protected together instead of leaving the attacker a
 * month-minus-weeks subtraction.
 *
 * Values are whole fen (0.01 yuan) so that every published margin is exactly the sum of its
 * published parts: an attacker reading the CSV sees the additivity hold to the cent.
 */

export type SuppressionReason = 'min_stores' | 'min_customers' | 'dominance' | 'p_percent' | 'complementary';

/** Each reason in words, for a reader of a withheld cell (charts, pages, CLI). */
export const SUPPRESSION_REASON_TEXT: Readonly<Record<SuppressionReason, { readonly zh: string; readonly en: string }>> = {
  min_stores: { zh: '店铺太少', en: 'too few stores' },
  min_customers: { zh: '顾客太少', en: 'too few customers' },
  dominance: { zh: '一两家店占大头', en: 'one or two stores dominate' },
  p_percent: { zh: '可推算出单店', en: 'a single store could be estimated' },
  complementary: { zh: '防止由合计反推', en: 'protects another withheld cell' },
};

/** The reason code in words; an unknown code is shown as it is. */
export function suppressionReasonText(code: string, lang: 'zh' | 'en'): string {
  return (SUPPRESSION_REASON_TEXT as Record<string, { zh: string; en: string } | undefined>)[code]?.[lang] ?? code;
}

export interface CellStats {
  /** Value in whole fen. */
  readonly valueFen: number;
  /** Units in thousandths (kg may be fractional). */
  readonly unitsMilli: number;
  readonly stores: number;
  /** Distinct buyers; only the minimum-customers rule reads it, so a loader may give a lower bound at or above that minimum. */
  readonly customers: number;
  /** The largest and second-largest single store's value (fen) and units (milli) in the cell. */
  readonly top1ValueFen: number;
  readonly top2ValueFen: number;
  readonly top1UnitsMilli: number;
  readonly top2UnitsMilli: number;
}

export interface TableCell extends CellStats {
  /** One node id per dimension ('ALL' and the like for margins). */
  readonly coords: readonly string[];
  /** One level name per dimension. */
  readonly levels: readonly string[];
  /** Indices into the table's atoms. */
  readonly atoms: Int32Array;
}

export interface ProtectedTable {
  readonly name: string;
  readonly dims: readonly string[];
  readonly cells: readonly TableCell[];
  /** True value of each atom in fen: for the audit, never published. */
  readonly atomValueFen: Float64Array;
}

export const cellKey = (coords: readonly string[]): string => coords.join('\u0001');

/**
 * Builds a table from atom rows and cell statistics (a cell listed with no atom is kept, empty).
 * Each atom lists, per dimension, the node ids it belongs to at every level (its ancestors), so
 * each cell's atoms follow from one pass over the atoms.
 */
export function buildTable(
  name: string,
  dims: readonly string[],
  cells: readonly (CellStats & { coords: readonly string[]; levels: readonly string[] })[],
  atoms: readonly { readonly ancestors: readonly (readonly string[])[]; readonly valueFen: number; readonly unitsMilli?: number }[],
): ProtectedTable {
  const index = new Map<string, number>();
  cells.forEach((c, i) => index.set(cellKey(c.coords), i));
  const lists: number[][] = cells.map(() => []);
  const atomValueFen = new Float64Array(atoms.length);
  atoms.forEach((atom, a) => {
    atomValueFen[a] = atom.valueFen;
    // Every combination of one ancestor per dimension names a cell that contains this atom.
    const combos: string[][] = [[]];
    for (const options of atom.ancestors) {
      const next: string[][] = [];
      for (const prefix of combos) for (const o of options) next.push([...prefix, o]);
      combos.splice(0, combos.length, ...next);
    }
    for (const combo of combos) {
      const i = index.get(cellKey(combo));
      if (i !== undefined) lists[i]!.push(a);
    }
  });
  return {
    name,
    dims,
    // A cell's value and units are the sums of its atoms' whole fen and milli-units, whatever the
    // caller summed, so that published margins add up exactly.
    cells: cells.map((c, i) => {
      const list = lists[i]!;
      let v = 0;
      let u = 0;
      for (const a of list) { v += atoms[a]!.valueFen; u += atoms[a]!.unitsMilli ?? 0; }
      return { ...c, valueFen: v, unitsMilli: atoms[0]?.unitsMilli === undefined ? c.unitsMilli : u, atoms: Int32Array.from(list) };
    }),
    atomValueFen,
  };
}
