import type { EtsFit } from './fit.ts';
import { gaussianSource, normalQuantile } from './normal.ts';
import { specCodes } from './spec.ts';

/**
 * Sample paths from a fitted ETS model, for the classes whose forecast distribution has no closed
 * form here (multiplicative error with multiplicative season, multiplicative trend, additive error
 * with a multiplicative part).
 */

export interface SimulateOptions {
  /** @defaultValue 20260101 */
  readonly seed?: number;
  /**
   * Latin-hypercube errors: each step uses the n stratified normal scores Phi^-1((i + 0.5) / n)
   * in a fresh random order across paths. Same distribution per step as iid draws, much less
   * sampling noise in quantiles, and no logs or trig per draw. Needs many paths to mean anything.
   * @defaultValue false
   */
  readonly stratified?: boolean;
}

/** Phi^-1((i + 0.5) / n) for i = 0..n-1. */
export function stratifiedNormals(n: number): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = normalQuantile((i + 0.5) / n);
  return z;
}

/**
 * Simulated future paths (nPaths x h, row-major: path p, step k at p * h + k) from the states after
 * the last observation, Gaussian errors of variance sigma2. Deterministic for a given seed.
 */
export function etsSimulate(fit: EtsFit, h: number, nPaths: number, options: SimulateOptions = {}): Float64Array {
  const c = specCodes(fit.spec);
  const { alpha, beta, gamma, phi } = fit.params;
  const betaStar = alpha > 0 ? beta / alpha : 0;
  const sd = Math.sqrt(fit.sigma2);
  const m = c.season > 0 ? fit.period : 1;
  const seed = options.seed ?? 20260101;
  const level = new Float64Array(nPaths).fill(fit.states.level);
  const slope = new Float64Array(nPaths).fill(c.trend > 0 ? fit.states.trend : 0);
  const rings = new Float64Array(nPaths * m);
  if (c.season > 0) for (let p = 0; p < nPaths; p++) rings.set(fit.states.seasonal, p * m);
  const out = new Float64Array(nPaths * h);
  const noise = options.stratified ? stratifiedNormals(nPaths) : new Float64Array(nPaths);
  const gauss = options.stratified ? null : gaussianSource(seed);
  let state = seed >>> 0;

  for (let k = 0; k < h; k++) {
    if (gauss) for (let p = 0; p < nPaths; p++) noise[p] = gauss();
    else {
      // Fisher-Yates with an inline mulberry32: a new pairing of strata and paths each step.
      for (let i = nPaths - 1; i > 0; i--) {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        const j = ((t ^ (t >>> 14)) >>> 0) % (i + 1);
        const tmp = noise[i]!;
        noise[i] = noise[j]!;
        noise[j] = tmp;
      }
    }
    const idx = k % m;
    for (let p = 0; p < nPaths; p++) {
      const l = level[p]!;
      const b = slope[p]!;
      const sPrev = c.season > 0 ? rings[p * m + idx]! : 0;
      const phib = c.trend === 0 ? 0 : c.trend === 1 ? (c.damped ? phi * b : b) : c.damped ? Math.pow(b, phi) : b;
      const q = c.trend === 0 ? l : c.trend === 1 ? l + phib : l * phib;
      const yhat = c.season === 0 ? q : c.season === 1 ? q + sPrev : q * sPrev;
      const e = sd * noise[p]!;
      const y = c.multError ? yhat * (1 + e) : yhat + e;
      out[p * h + k] = y;
      const pAdj = c.season === 0 ? y : c.season === 1 ? y - sPrev : y / sPrev;
      const lNew = q + alpha * (pAdj - q);
      if (c.trend > 0) slope[p] = phib + betaStar * ((c.trend === 1 ? lNew - l : lNew / l) - phib);
      if (c.season > 0) rings[p * m + idx] = sPrev + gamma * ((c.season === 1 ? y - q : y / q) - sPrev);
      level[p] = lNew;
    }
  }
  return out;
}

/** Rearrange a[lo..hi] so a[k] holds the value it would have sorted (Hoare selection). */
function select(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot keeps already-ordered columns from going quadratic.
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Sample quantile with linear interpolation (R's type 7), by selection rather than a full sort.
 * Reorders `a`.
 */
export function sampleQuantile(a: Float64Array, p: number): number {
  const n = a.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * p;
  const lo = Math.floor(pos);
  select(a, lo);
  const v = a[lo]!;
  if (pos === lo) return v;
  // After selection everything right of lo is >= a[lo]; the next order statistic is their minimum.
  let next = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i]! < next) next = a[i]!;
  return v + (pos - lo) * (next - v);
}
