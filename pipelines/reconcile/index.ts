/** Public surface of forecast reconciliation; see docs/reconciliation.md. */
export { buildHierarchy, fromParents, maxIncoherence, sumLeavesUp, type Hierarchy } from './hierarchy.ts';
export {
  bottomUp,
  mintCov,
  mintShrink,
  olsReconcile,
  reconcile,
  wlsStructural,
  wlsVar,
  type ReconcileMethod,
  type ReconcileOptions,
  type ReconcileRequest,
  type ReconcileResult,
} from './methods.ts';
export { shrinkageIntensity } from './covariance.ts';
export { shiftQuantiles } from './quantiles.ts';
