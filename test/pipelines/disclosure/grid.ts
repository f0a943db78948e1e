/** A two-way table with margins (rows x columns, 'ALL' totals), for disclosure tests. */
import { buildTable, type CellStats, type DimStructure, type ProtectedTable } from '../../../pipelines/disclosure/index.ts';

export interface Grid {
  readonly table: ProtectedTable;
  readonly structure: DimStructure[];
}

/** `values[r][c]` in fen; `stores[r][c]` per leaf (margins add stores up, customers = 100 * stores). */
export function grid(values: number[][], stores: number[][] = values.map((row) => row.map(() => 20))): Grid {
  const rows = values.map((_, r) => `r${r}`);
  const cols = (values[0] ?? []).map((_, c) => `c${c}`);
  const stats = (cellsIn: [number, number][]): CellStats => {
    const v = cellsIn.reduce((s, [r, c]) => s + values[r]![c]!, 0);
    const n = cellsIn.reduce((s, [r, c]) => s + stores[r]![c]!, 0);
    // Even contributions: the largest store holds v / n, so concentration rules never fire here.
    const each = n === 0 ? 0 : Math.floor(v / n);
    return { valueFen: v, unitsMilli: v, stores: n, customers: 100 * n, top1ValueFen: each, top2ValueFen: each, top1UnitsMilli: each, top2UnitsMilli: each };
  };
  const all: [number, number][] = [];
  values.forEach((row, r) => row.forEach((_, c) => all.push([r, c])));
  const cells = [];
  for (const [r, c] of all) cells.push({ coords: [rows[r]!, cols[c]!], levels: ['row', 'col'], ...stats([[r, c]]) });
  rows.forEach((rid, r) => cells.push({ coords: [rid, 'ALL'], levels: ['row', 'ALL'], ...stats(all.filter(([x]) => x === r)) }));
  cols.forEach((cid, c) => cells.push({ coords: ['ALL', cid], levels: ['ALL', 'col'], ...stats(all.filter(([, y]) => y === c)) }));
  cells.push({ coords: ['ALL', 'ALL'], levels: ['ALL', 'ALL'], ...stats(all) });
  const atoms = all.map(([r, c]) => ({ ancestors: [[rows[r]!, 'ALL'], [cols[c]!, 'ALL']], valueFen: values[r]![c]! }));
  return {
    table: buildTable('grid', ['row', 'col'], cells, atoms),
    structure: [{ partitions: new Map([['ALL', [rows]]]) }, { partitions: new Map([['ALL', [cols]]]) }],
  };
}
