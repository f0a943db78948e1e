/**
 * Brent's 1-D minimiser (golden-section search accelerated by parabolic steps). Used wherever a model
 * has a single smoothing constant left after the other parameters are profiled out exactly, so a
 * bracketing search is both cheaper and more reliable than a general simplex.
 */

export interface BrentResult {
  readonly x: number;
  readonly fx: number;
  readonly evaluations: number;
}

const GOLDEN = 0.3819660112501051; // (3 - sqrt(5)) / 2

/**
 * Minimise f on [lower, upper]. Converges to a local minimum within `tol` (absolute on x); for the
 * unimodal profiles of smoothing models that is the global one.
 */
export function brentMinimize(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tol = 1e-5,
  maxEvaluations = 100,
): BrentResult {
  let a = Math.min(lower, upper);
  let b = Math.max(lower, upper);
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let evaluations = 1;
  let d = 0;
  let e = 0;
  while (evaluations < maxEvaluations) {
    const mid = 0.5 * (a + b);
    const tol1 = 1e-10 * Math.abs(x) + tol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - mid) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      // Parabola through (v, fv), (w, fw), (x, fx); accept its vertex only if it falls well inside
      // the bracket and the step shrinks, otherwise golden-section keeps the guaranteed rate.
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < mid ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = x < mid ? b - x : a - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    evaluations++;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, evaluations };
}
