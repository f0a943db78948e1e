/**
 * A strict tree (or forest) of series: village -> town -> county -> province, or SKU -> subcategory ->
 * category. Nodes are numbered in topological order (every parent before its children), so one
 * forward loop walks top-down and one backward loop walks bottom-up; nothing here recurses.
 *
 * Matrices over nodes are row-major Float64Array of n rows: node i's values at steps 0..h-1 sit at
 * [i*h, i*h + h). Grouped (non-tree) structures, where a leaf has two parents, are not supported.
 */
import { CodedError } from '../errors.ts';

export interface Hierarchy {
  /** Node ids by index, topological order. */
  readonly ids: readonly string[];
  /** Parent index per node; -1 for a root. parent[i] < i always. */
  readonly parent: Int32Array;
  /** 1 where the node has no children. */
  readonly isLeaf: Uint8Array;
  /** Node indices of the leaves (the bottom level), ascending. */
  readonly leaves: Int32Array;
  /** Node indices of the non-leaves (one coherence constraint each), ascending. */
  readonly aggregates: Int32Array;
  /** Position of a node in `aggregates`, or -1 for a leaf. */
  readonly aggIndex: Int32Array;
  /** Number of leaves under each node (1 for a leaf): the structural WLS weights. */
  readonly leafCount: Float64Array;
}

/**
 * Builds a hierarchy from (child, parent) pairs. Ids that only ever appear as parents are roots.
 * Children keep the order in which they were first listed, so equal input gives equal numbering.
 */
export function buildHierarchy(pairs: readonly (readonly [child: string, parent: string])[]): Hierarchy {
  const parentOf = new Map<string, string>();
  const children = new Map<string, string[]>();
  const seen: string[] = [];
  const note = (id: string): void => {
    if (!children.has(id)) {
      children.set(id, []);
      seen.push(id);
    }
  };
  for (const [child, parent] of pairs) {
    if (child === '' || parent === '') throw new CodedError('BAD_ARGUMENT', 'hierarchy: empty node id');
    if (child === parent) throw new CodedError('BAD_ARGUMENT', `hierarchy: ${child} is its own parent`);
    const prior = parentOf.get(child);
    if (prior !== undefined && prior !== parent) {
      throw new CodedError('BAD_ARGUMENT', `hierarchy: ${child} has two parents (${prior}, ${parent})`);
    }
    note(parent);
    note(child);
    if (prior === undefined) {
      parentOf.set(child, parent);
      children.get(parent)!.push(child);
    }
  }
  const ids: string[] = [];
  const index = new Map<string, number>();
  for (const id of seen) {
    if (parentOf.has(id)) continue;
    // Breadth-first from each root: parents are numbered before their children.
    const queue = [id];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      index.set(node, ids.length);
      ids.push(node);
      for (const c of children.get(node)!) queue.push(c);
    }
  }
  if (ids.length !== seen.length) throw new CodedError('BAD_ARGUMENT', 'hierarchy: the pairs contain a cycle');
  return fromParents(
    ids,
    Int32Array.from(ids, (id) => {
      const p = parentOf.get(id);
      return p === undefined ? -1 : index.get(p)!;
    }),
  );
}

/** Builds a hierarchy from a parent array already in topological order (parent[i] < i, -1 for roots). */
export function fromParents(ids: readonly string[], parent: Int32Array): Hierarchy {
  const n = parent.length;
  if (ids.length !== n) throw new CodedError('BAD_ARGUMENT', 'hierarchy: ids and parents differ in length');
  if (n === 0) throw new CodedError('BAD_ARGUMENT', 'hierarchy: no nodes');
  const isLeaf = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= i || p < -1) throw new CodedError('BAD_ARGUMENT', 'hierarchy: parents must come before children');
    if (p >= 0) isLeaf[p] = 0;
  }
  const leafCount = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (isLeaf[i]) leafCount[i] = 1;
    const p = parent[i]!;
    if (p >= 0) leafCount[p]! += leafCount[i]!;
  }
  const leaves: number[] = [];
  const aggregates: number[] = [];
  const aggIndex = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (isLeaf[i]) leaves.push(i);
    else {
      aggIndex[i] = aggregates.length;
      aggregates.push(i);
    }
  }
  return {
    ids,
    parent,
    isLeaf,
    leaves: Int32Array.from(leaves),
    aggregates: Int32Array.from(aggregates),
    aggIndex,
    leafCount,
  };
}

/**
 * Bottom-up aggregation in place: every non-leaf row of `m` (n x h) is overwritten with the sum of
 * the leaf rows under it. One backward pass: O(n h). This is how every method here makes its
 * output coherent exactly, whatever rounding happened in the solve.
 */
export function sumLeavesUp(tree: Hierarchy, m: Float64Array, h: number): Float64Array {
  const { parent, isLeaf } = tree;
  const n = parent.length;
  if (m.length !== n * h) throw new CodedError('BAD_ARGUMENT', `sumLeavesUp: expected ${n}x${h} values`);
  for (let i = 0; i < n; i++) if (!isLeaf[i]) m.fill(0, i * h, i * h + h);
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    if (p < 0) continue;
    const src = i * h;
    const dst = p * h;
    for (let k = 0; k < h; k++) m[dst + k]! += m[src + k]!;
  }
  return m;
}

/**
 * Incoherence U'x of one node vector x (length n): for each aggregate, its value minus the sum of
 * the leaves under it. Zero exactly when x is coherent. `work` is scratch of length n.
 */
export function incoherence(tree: Hierarchy, x: Float64Array, out: Float64Array, work: Float64Array): Float64Array {
  const { parent, isLeaf, aggregates } = tree;
  const n = parent.length;
  for (let i = 0; i < n; i++) work[i] = isLeaf[i] ? x[i]! : 0;
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    if (p >= 0) work[p]! += work[i]!;
  }
  for (let a = 0; a < aggregates.length; a++) {
    const node = aggregates[a]!;
    out[a] = x[node]! - work[node]!;
  }
  return out;
}

/** The largest |parent - sum of its children| over all parents and steps: the coherence check. */
export function maxIncoherence(tree: Hierarchy, m: Float64Array, h: number): number {
  const n = tree.parent.length;
  const sums = new Float64Array(n * h);
  for (let i = 0; i < n; i++) {
    const p = tree.parent[i]!;
    if (p < 0) continue;
    for (let k = 0; k < h; k++) sums[p * h + k]! += m[i * h + k]!;
  }
  let worst = 0;
  for (let i = 0; i < n; i++) {
    if (tree.isLeaf[i]) continue;
    for (let k = 0; k < h; k++) worst = Math.max(worst, Math.abs(m[i * h + k]! - sums[i * h + k]!));
  }
  return worst;
}
