/**
 * Nelder–Mead simplex minimiser with box bounds by projection: every trial point is clamped into
 * [lower, upper] before the objective sees it, so the objective never has to police the box.
 * Projection (rather than a penalty) keeps the simplex moving along a bound instead of bouncing
 * off a cliff, which matters for smoothing parameters that often sit at 1e-4.
 *
 * Allocation-light: one flat Float64Array holds the simplex; the objective receives a scratch
 * buffer it must not keep (copy it if needed).
 */

export type Objective = (x: Float64Array) => number;

export interface NelderMeadOptions {
  /** Lower bounds per coordinate; -Infinity for none. @defaultValue all -Infinity */
  readonly lower?: ArrayLike<number>;
  /** Upper bounds per coordinate; +Infinity for none. @defaultValue all +Infinity */
  readonly upper?: ArrayLike<number>;
  /** Initial simplex step per coordinate. @defaultValue 10 % of |x0| or 0.1 of the box width, else 0.05 */
  readonly step?: ArrayLike<number>;
  /** Stop after this many objective evaluations. @defaultValue 200 * dimension */
  readonly maxEvaluations?: number;
  /** Stop when (fmax - fmin) <= absTolerance + relTolerance * |fmin|. @defaultValue 1e-8 */
  readonly relTolerance?: number;
  /** @defaultValue 1e-10 */
  readonly absTolerance?: number;
}

export interface NelderMeadResult {
  /** Best point found (a fresh array the caller owns). */
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  /** True when the tolerance test stopped the search, false when the budget ran out. */
  readonly converged: boolean;
}

/** Non-finite objective values are treated as this, so comparisons and spreads stay finite. */
const HUGE = 1e300;

function clampInto(x: Float64Array, off: number, dim: number, lo: Float64Array, hi: Float64Array): void {
  for (let j = 0; j < dim; j++) {
    const v = x[off + j]!;
    if (v < lo[j]!) x[off + j] = lo[j]!;
    else if (v > hi[j]!) x[off + j] = hi[j]!;
  }
}

function toBounds(src: ArrayLike<number> | undefined, dim: number, fill: number): Float64Array {
  const out = new Float64Array(dim).fill(fill);
  if (src) for (let j = 0; j < dim; j++) out[j] = src[j] ?? fill;
  return out;
}

/** Minimise f from x0. Deterministic; never throws on non-finite objective values. */
export function nelderMead(f: Objective, x0: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const dim = x0.length;
  const lo = toBounds(options.lower, dim, -Infinity);
  const hi = toBounds(options.upper, dim, Infinity);
  const maxEval = options.maxEvaluations ?? 200 * Math.max(dim, 1);
  const relTol = options.relTolerance ?? 1e-8;
  const absTol = options.absTolerance ?? 1e-10;
  const np1 = dim + 1;

  const simplex = new Float64Array(np1 * dim);
  const fv = new Float64Array(np1);
  const centroid = new Float64Array(dim);
  const xr = new Float64Array(dim);
  const xe = new Float64Array(dim);
  const scratch = new Float64Array(dim);
  let evals = 0;

  const evalAt = (buf: Float64Array, off: number): number => {
    for (let j = 0; j < dim; j++) scratch[j] = buf[off + j]!;
    evals++;
    const v = f(scratch);
    return Number.isFinite(v) ? v : HUGE;
  };

  for (let j = 0; j < dim; j++) simplex[j] = x0[j]!;
  clampInto(simplex, 0, dim, lo, hi);
  for (let i = 1; i < np1; i++) {
    const off = i * dim;
    for (let j = 0; j < dim; j++) simplex[off + j] = simplex[j]!;
    const j = i - 1;
    const base = simplex[j]!;
    const width = hi[j]! - lo[j]!;
    let step = options.step?.[j] ?? (Number.isFinite(width) ? 0.1 * width : Math.abs(base) > 1e-8 ? 0.1 * Math.abs(base) : 0.05);
    // Step away from a bound we sit on, or the new vertex would collapse onto the old one.
    if (base + step > hi[j]!) step = -step;
    simplex[off + j] = base + step;
    clampInto(simplex, off, dim, lo, hi);
  }
  for (let i = 0; i < np1; i++) fv[i] = evalAt(simplex, i * dim);
  if (dim === 0) return { x: new Float64Array(0), value: fv[0]!, evaluations: evals, converged: true };

  let converged = false;
  while (evals < maxEval) {
    // Indices of best, worst and second-worst vertices; no sort needed for the update.
    let best = 0;
    let worst = 0;
    for (let i = 1; i < np1; i++) {
      if (fv[i]! < fv[best]!) best = i;
      if (fv[i]! > fv[worst]!) worst = i;
    }
    let second = best;
    for (let i = 0; i < np1; i++) if (i !== worst && fv[i]! > fv[second]!) second = i;
    const fBest = fv[best]!;
    const fWorst = fv[worst]!;
    if (fWorst - fBest <= absTol + relTol * Math.abs(fBest)) {
      converged = true;
      break;
    }

    centroid.fill(0);
    for (let i = 0; i < np1; i++) {
      if (i === worst) continue;
      const off = i * dim;
      for (let j = 0; j < dim; j++) centroid[j] = centroid[j]! + simplex[off + j]!;
    }
    for (let j = 0; j < dim; j++) centroid[j] = centroid[j]! / dim;

    const wOff = worst * dim;
    for (let j = 0; j < dim; j++) xr[j] = 2 * centroid[j]! - simplex[wOff + j]!;
    clampInto(xr, 0, dim, lo, hi);
    const fr = evalAt(xr, 0);

    if (fr < fBest) {
      for (let j = 0; j < dim; j++) xe[j] = 3 * centroid[j]! - 2 * simplex[wOff + j]!;
      clampInto(xe, 0, dim, lo, hi);
      const fe = evalAt(xe, 0);
      const take = fe < fr ? xe : xr;
      for (let j = 0; j < dim; j++) simplex[wOff + j] = take[j]!;
      fv[worst] = fe < fr ? fe : fr;
      continue;
    }
    if (fr < fv[second]!) {
      for (let j = 0; j < dim; j++) simplex[wOff + j] = xr[j]!;
      fv[worst] = fr;
      continue;
    }
    // Contraction: outside when the reflection helped a little, inside otherwise.
    const outside = fr < fWorst;
    for (let j = 0; j < dim; j++) {
      const c = centroid[j]!;
      xe[j] = outside ? c + 0.5 * (xr[j]! - c) : c + 0.5 * (simplex[wOff + j]! - c);
    }
    clampInto(xe, 0, dim, lo, hi);
    const fc = evalAt(xe, 0);
    if (fc < (outside ? fr : fWorst)) {
      for (let j = 0; j < dim; j++) simplex[wOff + j] = xe[j]!;
      fv[worst] = fc;
      continue;
    }
    // Shrink towards the best vertex.
    const bOff = best * dim;
    for (let i = 0; i < np1; i++) {
      if (i === best) continue;
      const off = i * dim;
      for (let j = 0; j < dim; j++) simplex[off + j] = simplex[bOff + j]! + 0.5 * (simplex[off + j]! - simplex[bOff + j]!);
      fv[i] = evalAt(simplex, off);
    }
  }

  let best = 0;
  for (let i = 1; i < np1; i++) if (fv[i]! < fv[best]!) best = i;
  return { x: simplex.slice(best * dim, best * dim + dim), value: fv[best]!, evaluations: evals, converged };
}
