/**
 * Forecast reconciliation methods. Every method takes base forecasts for every node (n x h,
 * row-major, see hierarchy.ts), computes reconciled leaves, and produces the aggregates by summing
 * those leaves, so each parent equals the sum of its children up to floating-point addition.
 * Leaves are non-negative by default (demand), by the active set in non-negative.ts.
 */
import { CodedError } from '../errors.ts';
import {
  completeCases,
  denseCovariance,
  residualVariances,
  shrinkageIntensity,
  shrinkCovariance,
  type Covariance,
} from './covariance.ts';
import { sumLeavesUp, type Hierarchy } from './hierarchy.ts';
import { mintColumnProblem, prepareMint } from './mint.ts';
import { lowRankColumnProblem, prepareLowRank, type LowRankSystem } from './mint-lowrank.ts';
import { activeSetColumn, type ColumnProblem } from './non-negative.ts';
import { treeGlsColumn, treeMultiplier, treeWork } from './tree-gls.ts';

export type ReconcileMethod = 'bottom-up' | 'ols' | 'wls-structural' | 'wls-var' | 'mint-shrink' | 'mint-cov';

export interface ReconcileOptions {
  /** Hold reconciled leaves >= 0 (demand cannot be negative). @defaultValue true */
  readonly nonNegative?: boolean;
  /**
   * MinT solves a dense system with one row per aggregate; above this many aggregates it falls
   * back to wls-var (cost grows as the cube). @defaultValue 2000
   */
  readonly maxAggregates?: number;
}

export interface ReconcileResult {
  /** Reconciled forecasts for every node, n x h row-major; coherent by construction. */
  readonly values: Float64Array;
  /** Method asked for. */
  readonly requested: ReconcileMethod;
  /** Method actually used (differs after a fallback). */
  readonly method: ReconcileMethod;
  /** Why the method differs from the one requested. */
  readonly fallbackReason?: string;
  /** Shrinkage intensity used by mint-shrink, in [0, 1]. */
  readonly lambda?: number;
  /** Horizon steps where the non-negativity constraint was active (some leaf held at zero). */
  readonly constrainedSteps: number;
  /** Steps where the active set hit its iteration cap or a singular system and leaves were zeroed. */
  readonly clippedSteps: number;
}

function checkBase(tree: Hierarchy, base: Float64Array, h: number): number {
  const n = tree.parent.length;
  if (!Number.isInteger(h) || h < 1) throw new CodedError('BAD_ARGUMENT', `reconcile: bad horizon ${h}`);
  if (base.length !== n * h) throw new CodedError('BAD_ARGUMENT', `reconcile: expected ${n}x${h} base forecasts`);
  for (let i = 0; i < base.length; i++) {
    if (!Number.isFinite(base[i]!)) throw new CodedError('BAD_ARGUMENT', 'reconcile: base forecasts must be finite');
  }
  return n;
}

/** Bottom-up: leaves as forecast (clamped at zero, which is the exact non-negative answer here). */
export function bottomUp(tree: Hierarchy, base: Float64Array, h: number, options: ReconcileOptions = {}): ReconcileResult {
  const n = checkBase(tree, base, h);
  const nonNegative = options.nonNegative ?? true;
  const values = new Float64Array(n * h);
  let constrained = 0;
  const hit = new Uint8Array(h);
  for (const j of tree.leaves) {
    for (let k = 0; k < h; k++) {
      const v = base[j * h + k]!;
      if (nonNegative && v < 0) hit[k] = 1;
      values[j * h + k] = nonNegative && v < 0 ? 0 : v;
    }
  }
  for (let k = 0; k < h; k++) constrained += hit[k]!;
  sumLeavesUp(tree, values, h);
  return { values, requested: 'bottom-up', method: 'bottom-up', constrainedSteps: constrained, clippedSteps: 0 };
}

/** OLS: W = I (Hyndman et al. 2011). */
export function olsReconcile(tree: Hierarchy, base: Float64Array, h: number, options: ReconcileOptions = {}): ReconcileResult {
  checkBase(tree, base, h);
  return diagonal(tree, base, h, new Float64Array(tree.parent.length).fill(1), 'ols', options);
}

/** Structural WLS: W = diag(number of leaves under each node) (Athanasopoulos et al. 2017). */
export function wlsStructural(tree: Hierarchy, base: Float64Array, h: number, options: ReconcileOptions = {}): ReconcileResult {
  checkBase(tree, base, h);
  return diagonal(tree, base, h, tree.leafCount, 'wls-structural', options);
}

/**
 * WLS with residual variances (MinT with a diagonal covariance). `residuals` is n x t row-major
 * one-step in-sample or backtest errors; NaN marks a missing value.
 */
export function wlsVar(
  tree: Hierarchy,
  base: Float64Array,
  h: number,
  residuals: Float64Array,
  t: number,
  options: ReconcileOptions = {},
): ReconcileResult {
  const n = checkBase(tree, base, h);
  return diagonal(tree, base, h, varianceWeights(residuals, n, t), 'wls-var', options);
}

/**
 * Diagonal weights from residuals. A node with no residuals gets the largest variance seen (its
 * forecast is trusted least); variances are floored at 1e-9 of the largest so a perfectly fitted
 * node cannot force two conflicting exact constraints.
 */
function varianceWeights(residuals: Float64Array, n: number, t: number): Float64Array {
  const v = residualVariances(residuals, n, t);
  let max = 0;
  for (const x of v) if (x > max) max = x;
  if (!(max > 0)) return v.fill(1);
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    v[i] = Number.isNaN(x) ? max : Math.max(x, 1e-9 * max);
  }
  return v;
}

/** MinT with the Schäfer-Strimmer shrinkage covariance (Wickramasuriya et al. 2019). */
export function mintShrink(
  tree: Hierarchy,
  base: Float64Array,
  h: number,
  residuals: Float64Array,
  t: number,
  options: ReconcileOptions = {},
): ReconcileResult {
  const n = checkBase(tree, base, h);
  const fallback = (reason: string): ReconcileResult => ({
    ...wlsVar(tree, base, h, residuals, t, options),
    requested: 'mint-shrink',
    fallbackReason: reason,
  });
  const na = tree.aggregates.length;
  if (na > (options.maxAggregates ?? 2000)) return fallback(`${na} aggregates exceed the dense limit`);
  const cc = completeCases(residuals, n, t);
  // Fewer complete steps than this and the off-diagonal estimates are noise.
  if (cc.t < 3) return fallback(`only ${cc.t} time steps with residuals for every node`);
  const lambda = shrinkageIntensity(cc.e, n, cc.t);
  const cov = shrinkCovariance(tree, cc.e, cc.t, lambda);
  const sys = prepareMint(tree, cov);
  if (sys === null) return fallback("U'WU is singular");
  // Built on first need: with dense demand few villages are ever pinned and it is never used.
  let low: LowRankSystem | null | undefined;
  const lowRank = (): LowRankSystem | null => (low ??= prepareLowRank(tree, cc.e, cc.t, lambda));
  // Pinned leaves cost O(p^3) in the U form and nothing extra in the low-rank form, which has a
  // fixed O(n T^2) per solve; switch once p passes T.
  const res = solveColumns(tree, base, h, 'mint-shrink', options, (yhat) =>
    switching(mintColumnProblem(sys, yhat), () => {
      const l = lowRank();
      return l === null ? null : lowRankColumnProblem(l, yhat);
    }, cc.t),
  );
  return res === null ? fallback('a pinned system is singular') : { ...res, lambda };
}

/** Routes each solve, and the multipliers that follow it, to the cheaper of two exact solvers. */
function switching(small: ColumnProblem, makeLarge: () => ColumnProblem | null, threshold: number): ColumnProblem {
  let current = small;
  let large: ColumnProblem | null | undefined;
  return {
    n: small.n,
    leaves: small.leaves,
    solve: (pinned, y) => {
      let p = 0;
      for (const j of small.leaves) p += pinned[j]!;
      current = small;
      if (p > threshold) {
        large ??= makeLarge();
        if (large !== null) current = large;
      }
      return current.solve(pinned, y);
    },
    multiplier: (leaf, y) => current.multiplier(leaf, y),
  };
}

/** MinT with a given dense covariance (n x n row-major): for tests and callers with their own W. */
export function mintCov(
  tree: Hierarchy,
  base: Float64Array,
  h: number,
  covariance: Float64Array,
  options: ReconcileOptions = {},
): ReconcileResult {
  checkBase(tree, base, h);
  const res = viaMint(tree, base, h, denseCovariance(tree, covariance), 'mint-cov', options);
  if (res === null) throw new CodedError('BAD_ARGUMENT', "mintCov: U'WU is singular");
  return res;
}

function viaMint(
  tree: Hierarchy,
  base: Float64Array,
  h: number,
  cov: Covariance,
  method: ReconcileMethod,
  options: ReconcileOptions,
): ReconcileResult | null {
  const sys = prepareMint(tree, cov);
  if (sys === null) return null;
  return solveColumns(tree, base, h, method, options, (yhat) => mintColumnProblem(sys, yhat));
}

function diagonal(
  tree: Hierarchy,
  base: Float64Array,
  h: number,
  w: Float64Array,
  method: ReconcileMethod,
  options: ReconcileOptions,
): ReconcileResult {
  const n = tree.parent.length;
  const work = treeWork(n);
  const res = solveColumns(tree, base, h, method, options, (yhat) => ({
    n,
    leaves: tree.leaves,
    solve: (pinned, y) => {
      treeGlsColumn(tree, w, yhat, pinned, y, work);
      return true;
    },
    multiplier: (leaf, y) => treeMultiplier(tree, w, yhat, y, leaf),
  }));
  // The tree solve has no matrix to be singular, so null cannot happen.
  if (res === null) throw new CodedError('INTERNAL', 'tree reconciliation failed');
  return res;
}

/** Solves each horizon step, enforcing non-negativity where needed, then re-sums the aggregates. */
function solveColumns(
  tree: Hierarchy,
  base: Float64Array,
  h: number,
  method: ReconcileMethod,
  options: ReconcileOptions,
  problemFor: (yhat: Float64Array) => ColumnProblem,
): ReconcileResult | null {
  const n = tree.parent.length;
  const nonNegative = options.nonNegative ?? true;
  const values = new Float64Array(n * h);
  const yhat = new Float64Array(n);
  const y = new Float64Array(n);
  const pinned = new Uint8Array(n);
  const previous = new Uint8Array(n);
  let havePrevious = false;
  let constrained = 0;
  let clipped = 0;
  for (let k = 0; k < h; k++) {
    let scale = 0;
    for (let i = 0; i < n; i++) {
      const v = base[i * h + k]!;
      yhat[i] = v;
      scale = Math.max(scale, Math.abs(v));
    }
    const problem = problemFor(yhat);
    if (!problem.solve(pinned, y)) return null;
    if (nonNegative) {
      let negative = false;
      for (const j of tree.leaves) if (y[j]! < 0) negative = true;
      if (negative) {
        constrained++;
        const outcome = activeSetColumn(problem, y, scale, pinned, havePrevious ? previous : undefined);
        if (outcome !== 'optimal') clipped++;
        previous.set(pinned);
        havePrevious = outcome === 'optimal';
        pinned.fill(0);
      }
    }
    for (const j of tree.leaves) values[j * h + k] = y[j]!;
  }
  sumLeavesUp(tree, values, h);
  return { values, requested: method, method, constrainedSteps: constrained, clippedSteps: clipped };
}

export interface ReconcileRequest extends ReconcileOptions {
  readonly method: Exclude<ReconcileMethod, 'mint-cov'>;
  /** n x t residuals, required by wls-var and mint-shrink. */
  readonly residuals?: Float64Array;
  readonly t?: number;
}

/** One entry point for the pipeline: picks the method by name. */
export function reconcile(tree: Hierarchy, base: Float64Array, h: number, request: ReconcileRequest): ReconcileResult {
  switch (request.method) {
    case 'bottom-up':
      return bottomUp(tree, base, h, request);
    case 'ols':
      return olsReconcile(tree, base, h, request);
    case 'wls-structural':
      return wlsStructural(tree, base, h, request);
    case 'wls-var':
    case 'mint-shrink': {
      const { residuals, t } = request;
      if (residuals === undefined || t === undefined) {
        throw new CodedError('BAD_ARGUMENT', `reconcile: ${request.method} needs residuals and t`);
      }
      return request.method === 'wls-var'
        ? wlsVar(tree, base, h, residuals, t, request)
        : mintShrink(tree, base, h, residuals, t, request);
    }
  }
}
