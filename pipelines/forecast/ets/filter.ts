import type { SpecCodes } from './spec.ts';

/**
 * The ETS recursion (HKOS 2008 ch. 2, written in the error-correction form R's C code uses).
 * Written over the observation rather than the error, the state updates are the same for additive
 * and multiplicative errors; the error type only changes the likelihood. That lets one loop
 * serve all 30 models and the optimiser call it with no allocation.
 *
 * A missing observation (NaN) is replaced by its one-step forecast: the error is then zero, so
 * every state moves exactly as the forecast would, and the step is left out of the likelihood.
 */

/** Smoothing parameters in R's parametrisation (HKOS's beta, i.e. beta <= alpha). */
export interface SmoothingParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Returned instead of Infinity so the optimiser can still compare and average values. */
export const BAD_FIT = 1e300;

/** Filled by a full pass: fitted values, errors and the states after the last observation. */
export interface FilterOutput {
  readonly fitted: Float64Array;
  /** Errors on the model's scale: y - yhat, or (y - yhat) / yhat for multiplicative error. */
  readonly residuals: Float64Array;
  /** Seasonal ring after the pass; ring[t % m] is the index used at time t. */
  readonly ring: Float64Array;
  level: number;
  trend: number;
  sse: number;
  sumLogAbs: number;
  nObs: number;
}

/**
 * Run the filter from initial states (level l0, trend b0, seasonal indices s0 for times 0..m-1)
 * and return -2 log-likelihood with sigma concentrated out, or BAD_FIT when the recursion leaves
 * the region where the model is defined (non-positive forecasts in a multiplicative model).
 * `ring` is scratch of length >= m; pass `out` only for the final pass.
 */
export function etsFilter(
  y: Float64Array,
  c: SpecCodes,
  m: number,
  p: SmoothingParams,
  l0: number,
  b0: number,
  s0: Float64Array,
  ring: Float64Array,
  out: FilterOutput | null,
): number {
  const n = y.length;
  const { alpha, beta, gamma, phi } = p;
  const betaStar = beta / alpha;
  const trend = c.trend;
  const season = c.season;
  const damped = c.damped;
  const multError = c.multError;
  const needPositive = multError || season === 2 || trend === 2;
  if (season > 0) for (let i = 0; i < m; i++) ring[i] = s0[i]!;
  let l = l0;
  let b = trend > 0 ? b0 : 0;
  let idx = 0;
  let sse = 0;
  let sumLog = 0;
  let nObs = 0;

  for (let t = 0; t < n; t++) {
    const sPrev = season > 0 ? ring[idx]! : 0;
    let phib = 0;
    let q = l;
    if (trend === 1) {
      phib = damped ? phi * b : b;
      q = l + phib;
    } else if (trend === 2) {
      phib = damped ? Math.pow(b, phi) : b;
      q = l * phib;
    }
    const yhat = season === 0 ? q : season === 1 ? q + sPrev : q * sPrev;
    if (needPositive && !(yhat > 1e-10 && (season !== 2 || q > 1e-10))) return BAD_FIT;
    let yt = y[t]!;
    if (yt !== yt) {
      yt = yhat;
      if (out) {
        out.fitted[t] = yhat;
        out.residuals[t] = NaN;
      }
    } else {
      const e = multError ? (yt - yhat) / yhat : yt - yhat;
      sse += e * e;
      if (multError) sumLog += Math.log(yhat);
      nObs++;
      if (out) {
        out.fitted[t] = yhat;
        out.residuals[t] = e;
      }
    }
    const pAdj = season === 0 ? yt : season === 1 ? yt - sPrev : yt / sPrev;
    const lNew = q + alpha * (pAdj - q);
    if (trend > 0) {
      const r = trend === 1 ? lNew - l : lNew / l;
      b = phib + betaStar * (r - phib);
    }
    if (season > 0) {
      const tt = season === 1 ? yt - q : yt / q;
      ring[idx] = sPrev + gamma * (tt - sPrev);
      idx++;
      if (idx === m) idx = 0;
    }
    l = lNew;
  }

  if (out) {
    out.level = l;
    out.trend = b;
    if (season > 0) for (let i = 0; i < m; i++) out.ring[i] = ring[i]!;
    out.sse = sse;
    out.sumLogAbs = sumLog;
    out.nObs = nObs;
  }
  if (nObs === 0) return BAD_FIT;
  // Floor the SSE so a perfect fit (e.g. an exact straight line) stays finite.
  const lik = nObs * (Math.log((2 * Math.PI * Math.max(sse, 1e-300)) / nObs) + 1) + 2 * sumLog;
  return Number.isFinite(lik) && Number.isFinite(l) && Number.isFinite(b) ? lik : BAD_FIT;
}
