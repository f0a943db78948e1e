/** Test helpers: seeded randomness, random trees, and the textbook S-form of MinT as a reference. */
import { solveSpd } from '../../../pipelines/reconcile/dense.ts';
import { fromParents, type Hierarchy } from '../../../pipelines/reconcile/hierarchy.ts';
import { uniforms } from '../../../pipelines/restock/random.ts';

/** Seeded uniform draws (mulberry32), shared with the simulations. */
export const rng = uniforms;

export function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Root -> `a` mid nodes -> each 2..b leaf-parents -> each 1..c leaves (3 levels below the root). */
export function randomTree(u: () => number, a = 3, b = 3, c = 4): Hierarchy {
  const parent: number[] = [-1];
  const mids: number[] = [];
  for (let i = 0; i < a; i++) {
    mids.push(parent.length);
    parent.push(0);
  }
  const lows: number[] = [];
  for (const m of mids) {
    const k = 2 + Math.floor(u() * (b - 1));
    for (let i = 0; i < k; i++) {
      lows.push(parent.length);
      parent.push(m);
    }
  }
  for (const l of lows) {
    const k = 1 + Math.floor(u() * c);
    for (let i = 0; i < k; i++) parent.push(l);
  }
  return fromParents(
    parent.map((_, i) => `n${i}`),
    Int32Array.from(parent),
  );
}

/** Summing matrix S (n x m): S[i][l] = 1 when leaf l lies under (or is) node i. */
export function summingMatrix(tree: Hierarchy): number[][] {
  const n = tree.parent.length;
  const m = tree.leaves.length;
  const s = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  tree.leaves.forEach((leaf, l) => {
    for (let i = leaf; i >= 0; i = tree.parent[i]!) s[i]![l] = 1;
  });
  return s;
}

/** W^-1 of a dense SPD matrix, column by column. */
export function inverse(w: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const x = solveSpd(w, n, e)!;
    for (let i = 0; i < n; i++) inv[i * n + j] = x[i]!;
  }
  return inv;
}

/**
 * Reference GLS with only the leaves in `free` varying (others fixed at 0): minimise
 * (S_F b - yhat)' W^-1 (S_F b - yhat). Returns the coherent node vector and its objective.
 */
export function sFormGls(
  tree: Hierarchy,
  w: Float64Array,
  yhat: Float64Array,
  free: boolean[] = Array.from(tree.leaves, () => true),
): { y: Float64Array; objective: number } {
  const n = tree.parent.length;
  const s = summingMatrix(tree);
  const cols = [...tree.leaves.keys()].filter((l) => free[l]);
  const winv = inverse(w, n);
  const k = cols.length;
  const a = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    for (let i = 0; i < n; i++) {
      const sip = s[i]![cols[p]!]!;
      if (sip === 0) continue;
      for (let j = 0; j < n; j++) {
        const wij = winv[i * n + j]!;
        rhs[p]! += wij * yhat[j]!;
        for (let q = 0; q < k; q++) a[p * k + q]! += wij * s[j]![cols[q]!]!;
      }
    }
  }
  const b = k > 0 ? solveSpd(a, k, rhs)! : new Float64Array(0);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) y[i]! += s[i]![cols[p]!]! * b[p]!;
  let objective = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) objective += (y[i]! - yhat[i]!) * winv[i * n + j]! * (y[j]! - yhat[j]!);
  }
  return { y, objective };
}

export function diag(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = v[i]!;
  return w;
}

/** A random SPD matrix: B B' / n + diag(0.5..1.5). */
export function randomSpd(u: () => number, n: number): Float64Array {
  const z = normal(u);
  const b = Float64Array.from({ length: n * n }, z);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
      w[i * n + j] = s / n + (i === j ? 0.5 + u() : 0);
    }
  }
  return w;
}
