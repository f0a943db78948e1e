/**
 * A deliberately simple daily forecaster for backtests and tests: a moving-average level with
 * day-of-week factors and a negative-binomial size from the residuals. The pipeline plugs in
 * the real forecasting core through the same `Forecaster` signature.
 */
import type { DailyDemandForecast } from './daily-forecast.ts';

/** history: demand per day (censoring already corrected), oldest first; h: days to forecast. */
export type Forecaster = (history: Float64Array, h: number) => DailyDemandForecast;

export interface MovingAverageOptions {
  /** Shortest level window in days. @defaultValue 28 */
  readonly minWindow?: number;
  /** Longest level window; slow movers widen up to it. @defaultValue 112 */
  readonly maxWindow?: number;
  /** Widen the window until it holds about this many units, so a slow mover's level is not one lucky sale. @defaultValue 30 */
  readonly minUnits?: number;
  /** Seasonal period; 1 = none. @defaultValue 7 */
  readonly period?: number;
  /** Days used for the seasonal factors and the negative-binomial size. @defaultValue 56 */
  readonly seasonalWindow?: number;
}

export function movingAverageForecaster(options: MovingAverageOptions = {}): Forecaster {
  const minWindow = options.minWindow ?? 28;
  const maxWindow = options.maxWindow ?? 112;
  const minUnits = options.minUnits ?? 30;
  const period = options.period ?? 7;
  const seasonalWindow = options.seasonalWindow ?? 56;
  return (history, h) => {
    const n = history.length;
    const mean = new Float64Array(h);
    if (n === 0) return { mean, levelCv: 0 };
    const factors = phaseFactors(history, period, Math.min(n, seasonalWindow));

    let w = 0;
    let units = 0;
    let deseason = 0;
    let phased = 0;
    while (w < n && w < maxWindow && (w < minWindow || units < minUnits)) {
      const t = n - 1 - w;
      const y = history[t] ?? 0;
      units += y;
      // A phase that never sells (factor 0: a perishable's shelf is empty the same weekday every
      // week) says nothing about the level, and 0 / 0 would make it NaN.
      const f = factors[t % period] ?? 1;
      if (f > 0) {
        deseason += y / f;
        phased += 1;
      }
      w += 1;
    }
    const level = phased > 0 ? deseason / phased : 0;
    for (let j = 0; j < h; j++) mean[j] = level * (factors[(n + j) % period] ?? 1);

    // Dispersion by moments over the seasonal window: excess of squared residuals over Poisson.
    // The fitted level and factors absorb part of the noise, hence the degrees-of-freedom correction.
    let squares = 0;
    let poisson = 0;
    let meanSq = 0;
    const from = Math.max(0, n - seasonalWindow);
    for (let t = from; t < n; t++) {
      const mu = level * (factors[t % period] ?? 1);
      const e = (history[t] ?? 0) - mu;
      squares += e * e;
      poisson += mu;
      meanSq += mu * mu;
    }
    const used = n - from;
    const excess = used > period + 1 ? (squares * used) / (used - period - 1) - poisson : squares - poisson;
    const size = excess > 0 && meanSq > 0 ? Math.max(0.05, meanSq / excess) : Infinity;
    // Standard error of a w-day average of NB counts, relative to the level.
    const levelCv = level > 0 ? Math.sqrt((1 / level + (Number.isFinite(size) ? 1 / size : 0)) / w) : 0;
    return { mean, size, levelCv };
  };
}

/**
 * Multiplicative phase factors, each shrunk toward 1 by an empirical-Bayes weight: the spread of
 * the raw factors beyond what sampling noise explains, over their total spread. A noisy
 * slow mover gets almost flat factors; a steady weekly rhythm keeps its shape.
 */
function phaseFactors(history: Float64Array, period: number, span: number): Float64Array {
  const n = history.length;
  const factors = new Float64Array(period).fill(1);
  if (period <= 1 || span < 2 * period) return factors;
  let total = 0;
  for (let t = n - span; t < n; t++) total += history[t] ?? 0;
  const overall = total / span;
  if (!(overall > 0)) return factors;
  const raw = new Float64Array(period);
  let noise = 0;
  for (let j = 0; j < period; j++) {
    let s = 0;
    let sq = 0;
    let c = 0;
    for (let t = n - span; t < n; t++) {
      if (t % period !== j) continue;
      const y = history[t] ?? 0;
      s += y;
      sq += y * y;
      c += 1;
    }
    const m = s / c;
    raw[j] = m / overall;
    const v = c > 1 ? Math.max(0, (sq - c * m * m) / (c - 1)) : m;
    noise += v / c / (overall * overall);
  }
  noise /= period;
  let spread = 0;
  for (let j = 0; j < period; j++) spread += ((raw[j] ?? 1) - 1) ** 2;
  spread /= period - 1;
  const signal = Math.max(0, spread - noise);
  const w = spread > 0 ? signal / spread : 0;
  for (let j = 0; j < period; j++) factors[j] = 1 + w * ((raw[j] ?? 1) - 1);
  return factors;
}
