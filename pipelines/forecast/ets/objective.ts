import { BAD_FIT, etsFilter, type SmoothingParams } from './filter.ts';
import type { SpecCodes } from './spec.ts';

/**
 * Fast likelihood for the optimiser. Same value as etsFilter(..., null) (a test pins that), but
 * specialised: the generic loop branches on trend and season at every step and measured ~4-5x
 * slower in V8 than these two loops. No trend / additive trend are folded into one branch-free
 * form (b = 0 and beta = 0 keep the slope at zero; phi = 1 undamps) and no season is an additive
 * season of period 1 fixed at 0. Multiplicative trends (off in auto search) use the generic loop.
 *
 * Sum of log|yhat| is accumulated as a running product, renormalised by a log only when it
 * nears the float range: one multiply per step instead of one log.
 */

const ZERO_SEASON = new Float64Array(1);

function concentrated(sse: number, nObs: number, sumLog: number): number {
  if (nObs === 0) return BAD_FIT;
  const lik = nObs * (Math.log((2 * Math.PI * Math.max(sse, 1e-300)) / nObs) + 1) + 2 * sumLog;
  return Number.isFinite(lik) ? lik : BAD_FIT;
}

function additiveSeason(
  y: Float64Array, multError: boolean, m: number, alpha: number, betaStar: number, gamma: number, phi: number,
  l0: number, b0: number, s0: Float64Array, ring: Float64Array,
): number {
  for (let i = 0; i < m; i++) ring[i] = s0[i]!;
  const n = y.length;
  let l = l0;
  let b = b0;
  let idx = 0;
  let sse = 0;
  let prod = 1;
  let sumLog = 0;
  let nObs = 0;
  for (let t = 0; t < n; t++) {
    const sp = ring[idx]!;
    const phib = phi * b;
    const q = l + phib;
    const yhat = q + sp;
    let yt = y[t]!;
    if (yt !== yt) yt = yhat;
    else {
      nObs++;
      if (multError) {
        if (!(yhat > 1e-10)) return BAD_FIT;
        const e = (yt - yhat) / yhat;
        sse += e * e;
        prod *= yhat;
        if (prod > 1e250 || prod < 1e-250) {
          sumLog += Math.log(prod);
          prod = 1;
        }
      } else {
        const e = yt - yhat;
        sse += e * e;
      }
    }
    const lNew = q + alpha * (yt - sp - q);
    b = phib + betaStar * (lNew - l - phib);
    ring[idx] = sp + gamma * (yt - q - sp);
    idx++;
    if (idx === m) idx = 0;
    l = lNew;
  }
  return Number.isFinite(l) && Number.isFinite(b) ? concentrated(sse, nObs, sumLog + Math.log(prod)) : BAD_FIT;
}

function multiplicativeSeason(
  y: Float64Array, multError: boolean, m: number, alpha: number, betaStar: number, gamma: number, phi: number,
  l0: number, b0: number, s0: Float64Array, ring: Float64Array,
): number {
  for (let i = 0; i < m; i++) ring[i] = s0[i]!;
  const n = y.length;
  let l = l0;
  let b = b0;
  let idx = 0;
  let sse = 0;
  let prod = 1;
  let sumLog = 0;
  let nObs = 0;
  for (let t = 0; t < n; t++) {
    const sp = ring[idx]!;
    const phib = phi * b;
    const q = l + phib;
    const yhat = q * sp;
    if (!(q > 1e-10 && yhat > 1e-10)) return BAD_FIT;
    let yt = y[t]!;
    if (yt !== yt) yt = yhat;
    else {
      nObs++;
      if (multError) {
        const e = (yt - yhat) / yhat;
        sse += e * e;
        prod *= yhat;
        if (prod > 1e250 || prod < 1e-250) {
          sumLog += Math.log(prod);
          prod = 1;
        }
      } else {
        const e = yt - yhat;
        sse += e * e;
      }
    }
    const lNew = q + alpha * (yt / sp - q);
    b = phib + betaStar * (lNew - l - phib);
    ring[idx] = sp + gamma * (yt / q - sp);
    idx++;
    if (idx === m) idx = 0;
    l = lNew;
  }
  return Number.isFinite(l) && Number.isFinite(b) ? concentrated(sse, nObs, sumLog + Math.log(prod)) : BAD_FIT;
}

/** -2 log-likelihood (sigma concentrated out), or BAD_FIT outside the model's defined region. */
export function etsObjective(
  y: Float64Array, c: SpecCodes, m: number, p: SmoothingParams, l0: number, b0: number, s0: Float64Array, ring: Float64Array,
): number {
  if (c.trend === 2) return etsFilter(y, c, m, p, l0, b0, s0, ring, null);
  const betaStar = c.trend === 0 ? 0 : p.beta / p.alpha;
  const phi = c.damped ? p.phi : 1;
  const b = c.trend === 0 ? 0 : b0;
  if (c.season === 2) return multiplicativeSeason(y, c.multError, m, p.alpha, betaStar, p.gamma, phi, l0, b, s0, ring);
  if (c.season === 1) return additiveSeason(y, c.multError, m, p.alpha, betaStar, p.gamma, phi, l0, b, s0, ring);
  return additiveSeason(y, c.multError, 1, p.alpha, betaStar, 0, phi, l0, b, ZERO_SEASON, ring);
}
