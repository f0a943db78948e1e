import type { EtsFit } from './fit.ts';
import { gaussianSource, normalQuantile } from './normal.ts';
import { specClass, specCodes } from './spec.ts';

/** phi + phi^2 + ... + phi^j (= j without damping). */
function dampSum(phi: number, j: number, damped: boolean): number {
  if (!damped) return j;
  let s = 0;
  let p = 1;
  for (let i = 0; i < j; i++) {
    p *= phi;
    s += p;
  }
  return s;
}

/** Point forecasts (the recursion run with zero errors) for steps 1..h. */
export function etsPointForecast(fit: EtsFit, h: number): Float64Array {
  const c = specCodes(fit.spec);
  const { level: l, trend: b, seasonal } = fit.states;
  const { phi } = fit.params;
  const m = fit.period;
  const out = new Float64Array(h);
  let ph = 0;
  let pw = 1;
  for (let j = 1; j <= h; j++) {
    if (c.damped) {
      pw *= phi;
      ph += pw;
    } else ph = j;
    const base = c.trend === 0 ? l : c.trend === 1 ? l + ph * b : l * Math.pow(b, ph);
    const s = c.season > 0 ? seasonal[(j - 1) % m]! : 0;
    out[j - 1] = c.season === 0 ? base : c.season === 1 ? base + s : base * s;
  }
  return out;
}

/**
 * Exact h-step forecast variances for HKOS classes 1 and 2 (HKOS 2008 ch. 6, Tables 6.1-6.2);
 * null for the other classes, whose variance has no closed form used here.
 * Class 1: v_h = sigma^2 (1 + sum_{j<h} c_j^2). Class 2: v_h = (1 + sigma^2) theta_h - mu_h^2 with
 * theta_h = mu_h^2 + sigma^2 sum_{j<h} c_j^2 theta_{h-j}; c_j = alpha + beta phi_j + gamma [j % m == 0].
 */
export function etsForecastVariance(fit: EtsFit, h: number, mean?: Float64Array): Float64Array | null {
  const cls = specClass(fit.spec);
  if (cls !== 1 && cls !== 2) return null;
  const c = specCodes(fit.spec);
  const { alpha, beta, gamma, phi } = fit.params;
  const s2 = fit.sigma2;
  const m = fit.period;
  const cj = new Float64Array(h);
  for (let j = 1; j < h; j++) {
    cj[j] = alpha + (c.trend > 0 ? beta * dampSum(phi, j, c.damped) : 0) + (c.season > 0 && j % m === 0 ? gamma : 0);
  }
  const v = new Float64Array(h);
  if (cls === 1) {
    let acc = 1;
    for (let k = 1; k <= h; k++) {
      if (k > 1) acc += cj[k - 1]! * cj[k - 1]!;
      v[k - 1] = s2 * acc;
    }
    return v;
  }
  const mu = mean ?? etsPointForecast(fit, h);
  const theta = new Float64Array(h + 1);
  for (let k = 1; k <= h; k++) {
    let sum = 0;
    for (let j = 1; j < k; j++) sum += cj[j]! * cj[j]! * theta[k - j]!;
    const muk = mu[k - 1]!;
    theta[k] = muk * muk + s2 * sum;
    v[k - 1] = (1 + s2) * theta[k]! - muk * muk;
  }
  return v;
}

/**
 * Simulated future paths (nPaths x h, row-major) from the fitted state with Gaussian errors of
 * variance sigma2, deterministic for a given seed.
 */
export function etsSimulate(fit: EtsFit, h: number, nPaths: number, seed = 20260101): Float64Array {
  const c = specCodes(fit.spec);
  const { alpha, beta, gamma, phi } = fit.params;
  const betaStar = alpha > 0 ? beta / alpha : 0;
  const sd = Math.sqrt(fit.sigma2);
  const m = fit.period;
  const ring = new Float64Array(Math.max(m, 1));
  const out = new Float64Array(nPaths * h);
  const z = gaussianSource(seed);
  for (let p = 0; p < nPaths; p++) {
    let l = fit.states.level;
    let b = c.trend > 0 ? fit.states.trend : 0;
    if (c.season > 0) ring.set(fit.states.seasonal);
    let idx = 0;
    for (let k = 0; k < h; k++) {
      const sPrev = c.season > 0 ? ring[idx]! : 0;
      const phib = c.trend === 0 ? 0 : c.trend === 1 ? (c.damped ? phi * b : b) : c.damped ? Math.pow(b, phi) : b;
      const q = c.trend === 0 ? l : c.trend === 1 ? l + phib : l * phib;
      const yhat = c.season === 0 ? q : c.season === 1 ? q + sPrev : q * sPrev;
      const e = sd * z();
      const y = c.multError ? yhat * (1 + e) : yhat + e;
      out[p * h + k] = y;
      const pAdj = c.season === 0 ? y : c.season === 1 ? y - sPrev : y / sPrev;
      const lNew = q + alpha * (pAdj - q);
      if (c.trend > 0) b = phib + betaStar * ((c.trend === 1 ? lNew - l : lNew / l) - phib);
      if (c.season > 0) {
        ring[idx] = sPrev + gamma * ((c.season === 1 ? y - q : y / q) - sPrev);
        idx = idx + 1 === m ? 0 : idx + 1;
      }
      l = lNew;
    }
  }
  return out;
}

/** Linear-interpolation sample quantile (R type 7) of a sorted array. */
function sortedQuantile(sorted: Float64Array, p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Paths used when a class has no closed-form variance. */
export const SIMULATION_PATHS = 2000;

/**
 * Quantiles per level: mean + z_p sd from the exact variance (classes 1, 2), otherwise empirical
 * quantiles of seeded simulated paths with Gaussian errors (classes 3 and multiplicative trend).
 */
export function etsQuantiles(fit: EtsFit, h: number, levels: readonly number[], mean: Float64Array): Map<number, Float64Array> {
  const result = new Map<number, Float64Array>();
  if (levels.length === 0 || h === 0) return result;
  const variance = etsForecastVariance(fit, h, mean);
  if (variance) {
    for (const p of levels) {
      const z = normalQuantile(p);
      const q = new Float64Array(h);
      for (let k = 0; k < h; k++) q[k] = mean[k]! + z * Math.sqrt(Math.max(variance[k]!, 0));
      result.set(p, q);
    }
    return result;
  }
  const paths = etsSimulate(fit, h, SIMULATION_PATHS);
  const col = new Float64Array(SIMULATION_PATHS);
  for (const p of levels) result.set(p, new Float64Array(h));
  for (let k = 0; k < h; k++) {
    for (let i = 0; i < SIMULATION_PATHS; i++) col[i] = paths[i * h + k]!;
    col.sort();
    for (const p of levels) result.get(p)![k] = sortedQuantile(col, p);
  }
  return result;
}
