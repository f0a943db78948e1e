/**
 * Quantiles after reconciliation. Quantiles do not add up a hierarchy (the 0.9 quantile of a
 * county is not the sum of its villages' 0.9 quantiles unless they are perfectly correlated), so
 * they cannot be reconciled like means. This keeps each node's own base distribution shape and
 * moves it so it is centred on the reconciled mean: shift every quantile by (reconciled - base
 * mean), clamp at zero (demand), and force the levels to be non-decreasing. Limits: see
 * docs/reconciliation.md (spread is not re-estimated; clamping shifts the implied mean).
 */
import { CodedError } from '../errors.ts';

/**
 * @param baseMean n x h base means (row-major).
 * @param reconciledMean n x h reconciled means.
 * @param baseQuantiles level -> n x h base quantiles.
 * @returns level -> n x h adjusted quantiles, same levels.
 */
export function shiftQuantiles(
  baseMean: Float64Array,
  reconciledMean: Float64Array,
  baseQuantiles: ReadonlyMap<number, Float64Array>,
): Map<number, Float64Array> {
  const size = baseMean.length;
  if (reconciledMean.length !== size) throw new CodedError('BAD_ARGUMENT', 'shiftQuantiles: mean sizes differ');
  const levels = [...baseQuantiles.keys()].sort((a, b) => a - b);
  const out = new Map<number, Float64Array>();
  for (const p of levels) {
    if (!(p > 0 && p < 1)) throw new CodedError('BAD_ARGUMENT', `shiftQuantiles: level ${p} not in (0, 1)`);
    const q = baseQuantiles.get(p)!;
    if (q.length !== size) throw new CodedError('BAD_ARGUMENT', `shiftQuantiles: level ${p} has the wrong size`);
    const r = new Float64Array(size);
    for (let i = 0; i < size; i++) r[i] = Math.max(0, q[i]! + reconciledMean[i]! - baseMean[i]!);
    out.set(p, r);
  }
  // Base quantiles from separate models can cross; a running max restores monotonicity in the level.
  for (let a = 1; a < levels.length; a++) {
    const lo = out.get(levels[a - 1]!)!;
    const hi = out.get(levels[a]!)!;
    for (let i = 0; i < size; i++) if (hi[i]! < lo[i]!) hi[i] = lo[i]!;
  }
  return out;
}
