/**
 * Builds a protected table (pipelines/disclosure) from a base relation of sales lines in DuckDB.
 * The base relation has the dimension columns, `store_id`, `cust` (who bought: a pseudonymous
 * customer, or one anonymous key per till receipt), `value` (yuan) and `units`. Each dimension
 * lists its published levels, leaf first; a level groups by some columns and names its node by a
 * key expression (NULL: the row is not in any node of that level). Atoms group by every
 * dimension's `atom` columns; when they are the published leaves, the attacker's LP has one
 * unknown per withheld leaf and stays small.
 *
 * Store and customer identifiers stay inside DuckDB: what comes back is per cell counts and the
 * two largest stores' sums, which the primary rules need.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildTable, type CellStats, type DimStructure, type ProtectedTable } from '../disclosure/index.ts';
import { toNumber } from '../warehouse/sql.ts';
import { helperName } from './scratch.ts';

export interface CubeLevel {
  readonly level: string;
  /** SQL expression of the node id at this level over the base columns. */
  readonly key: string;
  /** Levels of the same dimension whose nodes are each the sum of this level's nodes inside them. */
  readonly within?: readonly string[];
}

export interface CubeDim {
  readonly name: string;
  /** Columns that identify an atom on this dimension. */
  readonly atom: readonly string[];
  readonly levels: readonly CubeLevel[];
}

export function combinations(dims: readonly CubeDim[]): CubeLevel[][] {
  let out: CubeLevel[][] = [[]];
  for (const d of dims) out = out.flatMap((prefix) => d.levels.map((l) => [...prefix, l]));
  return out;
}

/** One buyer in SAMPLE counts towards an atom's lower bound (see loadCube). */
const SAMPLE = 32;

const fen = (yuan: unknown): number => Math.round(toNumber(yuan) * 100);
const milli = (units: unknown): number => Math.round(toNumber(units) * 1000);

export interface Cube {
  readonly table: ProtectedTable;
  /** Each dimension's partitions, from the `within` declarations and the atoms present. */
  readonly structure: DimStructure[];
}

export interface LoadCubeOptions {
  /**
   * Count each cell's customers exactly only below this number; at or above it a cell gets a
   * lower bound that is itself at least this (the largest count of any one atom inside it, among a
   * fixed sample of buyers). The minimum-customers rule only asks whether a cell reaches its
   * minimum, and counting every cell's distinct buyers exactly (a till receipt is a buyer) was a
   * quarter of the 1,000-village run. Default: every count exact.
   */
  readonly exactCustomersBelow?: number;
}

/**
 * Loads the cube of `base` (a table or view name). Helper tables (`<base>_sa`, store x atom sums;
 * `<base>_ac`, customers per atom, sampled under a cap; `<base>_ca`, customer x atom pairs of the
 * atoms counted exactly; a qualified base's dots become underscores) are created as TEMP and
 * dropped again.
 */
export async function loadCube(
  conn: DuckDBConnection, name: string, base: string, dims: readonly CubeDim[], options: LoadCubeOptions = {},
): Promise<Cube> {
  const atomCols = [...new Set(dims.flatMap((d) => d.atom))];
  const sa = `${helperName(base)}_sa`;
  const ac = `${helperName(base)}_ac`;
  const ca = `${helperName(base)}_ca`;
  const cap = options.exactCustomersBelow;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${sa} AS
    SELECT ${atomCols.join(', ')}, store_id, sum(value) AS v, sum(units) AS u FROM ${base} GROUP BY ALL`);
  // A cell holding an atom with `cap` buyers has at least `cap`; only cells made of smaller atoms
  // need their buyers counted, and those atoms' lines are few. Without a cap every atom is counted.
  // With one, an atom's buyers are counted among a fixed 1/SAMPLE of all buyers (by hash): a
  // subset, so never more than the true count, and at or above `cap` it is a valid bound. An atom
  // whose sample falls short is counted exactly below. Exact distinct sets of every atom were the
  // largest part of loading the cube at 1,000 villages.
  const sampled = cap === undefined ? 'count(DISTINCT cust)' : `count(DISTINCT cust) FILTER (WHERE hash(cust) % ${SAMPLE} = 0)`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ac} AS
    SELECT ${atomCols.join(', ')}, ${sampled} AS n FROM ${base} WHERE cust IS NOT NULL GROUP BY ALL`);
  const on = atomCols.map((c) => `b.${c} IS NOT DISTINCT FROM s.${c}`).join(' AND ');
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ca} AS
    SELECT DISTINCT ${atomCols.map((c) => `b.${c}`).join(', ')}, b.cust
    FROM ${base} b JOIN (SELECT ${atomCols.join(', ')} FROM ${ac} WHERE ${cap === undefined ? 'true' : `n < ${Number(cap)}`}) s ON ${on}
    WHERE b.cust IS NOT NULL`);
  try {
    const combos = combinations(dims);
    const keyCols = dims.map((_, i) => `k${i}`);
    const parts = combos.map((combo, c) => {
      const keys = combo.map((l, i) => `${l.key} AS k${i}`).join(', ');
      const notNull = combo.map((l) => `(${l.key}) IS NOT NULL`).join(' AND ');
      return `SELECT ${c} AS combo, s.*, greatest(coalesce(cu.customers, 0), coalesce(lb.bound, 0)) AS customers FROM (
          SELECT ${keyCols.join(', ')}, count(*) AS stores, max(v) AS top1v, coalesce(list_sort(list(v), 'DESC')[2], 0) AS top2v,
                 max(u) AS top1u, coalesce(list_sort(list(u), 'DESC')[2], 0) AS top2u
          FROM (SELECT ${keys}, store_id, sum(v) AS v, sum(u) AS u FROM ${sa} WHERE ${notNull} GROUP BY ALL) GROUP BY ALL
        ) s LEFT JOIN (
          SELECT ${keyCols.join(', ')}, count(DISTINCT cust) AS customers
          FROM (SELECT ${keys}, cust FROM ${ca} WHERE ${notNull}) GROUP BY ALL
        ) cu USING (${keyCols.join(', ')}) LEFT JOIN (
          SELECT ${keyCols.join(', ')}, max(n) AS bound FROM (SELECT ${keys}, n FROM ${ac} WHERE ${notNull}) GROUP BY ALL
        ) lb USING (${keyCols.join(', ')})`;
    });
    // Ordered: the greedy suppression takes cells in this order, and the same data must give the
    // same published pattern on every run (unordered, two runs differed by 15 % of their cells).
    const cellRows = (await conn.runAndReadAll(`${parts.join('\nUNION ALL\n')}\nORDER BY ALL`)).getRows();
    const cells = cellRows.map((r) => {
      const combo = combos[toNumber(r[0])]!;
      const stats: CellStats = {
        valueFen: 0, unitsMilli: 0,
        stores: toNumber(r[1 + dims.length]), customers: toNumber(r[6 + dims.length]),
        top1ValueFen: fen(r[2 + dims.length]), top2ValueFen: fen(r[3 + dims.length]),
        top1UnitsMilli: milli(r[4 + dims.length]), top2UnitsMilli: milli(r[5 + dims.length]),
      };
      return { ...stats, coords: dims.map((_, i) => String(r[1 + i])), levels: combo.map((l) => l.level) };
    });
    const ancestorCols = dims.flatMap((d, i) => d.levels.map((l, j) => `${l.key} AS a${i}_${j}`));
    const atomRows = (await conn.runAndReadAll(`SELECT ${ancestorCols.join(', ')}, v, u
      FROM (SELECT ${atomCols.join(', ')}, sum(v) AS v, sum(u) AS u FROM ${sa} GROUP BY ALL) ORDER BY ALL`)).getRows();
    // partitions[d]: parent node -> child level -> child nodes
    const partitions = dims.map(() => new Map<string, Map<string, Set<string>>>());
    const atoms = atomRows.map((r) => {
      let k = 0;
      const ancestors = dims.map((d, di) => {
        const ids: string[] = [];
        const byLevel = new Map<string, string>();
        for (let j = 0; j < d.levels.length; j++) {
          const v = r[k++];
          if (v !== null && v !== undefined) { ids.push(String(v)); byLevel.set(d.levels[j]!.level, String(v)); }
        }
        for (const l of d.levels) {
          const child = byLevel.get(l.level);
          if (child === undefined) continue;
          for (const up of l.within ?? []) {
            const parent = byLevel.get(up);
            if (parent === undefined) continue;
            let levels = partitions[di]!.get(parent);
            if (levels === undefined) partitions[di]!.set(parent, (levels = new Map()));
            let set = levels.get(l.level);
            if (set === undefined) levels.set(l.level, (set = new Set()));
            set.add(child);
          }
        }
        return ids;
      });
      return { ancestors, valueFen: fen(r[k]), unitsMilli: milli(r[k + 1]) };
    });
    const structure: DimStructure[] = partitions.map((m) => ({
      partitions: new Map([...m].map(([parent, levels]) => [parent, [...levels.values()].map((s) => [...s].sort())])),
    }));
    return { table: buildTable(name, dims.map((d) => d.name), cells, atoms), structure };
  } finally {
    for (const t of [sa, ac, ca]) await conn.run(`DROP TABLE IF EXISTS ${t}`);
  }
}

/**
 * Extra per-cell aggregates over the same level combinations: `inner` is grouped by the cell keys
 * plus whatever non-aggregate columns it names (GROUP BY ALL), `outer` aggregates that per cell.
 * Returns the outer values by cell key (coords joined as in pipelines/disclosure).
 */
export async function perCell(
  conn: DuckDBConnection, base: string, dims: readonly CubeDim[], inner: string, outer: string, where = 'true',
): Promise<Map<string, unknown[]>> {
  const combos = combinations(dims);
  const keyCols = dims.map((_, i) => `k${i}`);
  const parts = combos.map((combo) => {
    const keys = combo.map((l, i) => `${l.key} AS k${i}`).join(', ');
    const notNull = combo.map((l) => `(${l.key}) IS NOT NULL`).join(' AND ');
    return `SELECT ${keyCols.join(', ')}, ${outer} FROM (SELECT ${keys}, ${inner} FROM ${base} WHERE ${notNull} AND (${where}) GROUP BY ALL) GROUP BY ALL`;
  });
  const rows = (await conn.runAndReadAll(parts.join('\nUNION ALL\n'))).getRows();
  const out = new Map<string, unknown[]>();
  for (const r of rows) out.set(r.slice(0, dims.length).map(String).join('\u0001'), r.slice(dims.length));
  return out;
}
