import { CodedError } from '../../errors.ts';
import { DEFAULT_QUANTILES, type FitOptions, type Forecast, type Model } from '../types.ts';
import { fallbackForecast, fallbackReason } from './fallback.ts';
import { fitEts, type EtsFit, type InitialMode } from './fit.ts';
import { etsPointForecast, etsQuantiles } from './forecast.ts';
import { parseSpec, type EtsSpec, type SeasonType, type TrendType } from './spec.ts';

export interface AutoEtsOptions {
  /** Include M and Md trends (R's allow.multiplicative.trend). @defaultValue false */
  readonly multiplicativeTrend?: boolean;
  /** Include damped trends. @defaultValue true */
  readonly damped?: boolean;
  /** @defaultValue 'aicc' */
  readonly criterion?: 'aicc' | 'aic' | 'bic';
  /** @defaultValue 'heuristic' (on M3 monthly both faster and more accurate than 'level-trend') */
  readonly initial?: InitialMode;
  /** Start multiplicative-error fits from their additive-error twin's optimum. @defaultValue true */
  readonly warmStart?: boolean;
  /** Extra observations beyond two full seasons before seasonal specs are tried. @defaultValue 3 */
  readonly seasonalMargin?: number;
}

export function firstObserved(y: Float64Array): number {
  let i = 0;
  while (i < y.length && Number.isNaN(y[i]!)) i++;
  return i;
}

function allPositive(y: Float64Array): boolean {
  for (let t = 0; t < y.length; t++) if (y[t]! <= 0) return false; // NaN compares false: skipped
  return true;
}

/**
 * The candidate specs for a series, following R's forecast::ets defaults: multiplicative error or
 * season only for strictly positive data, no additive error with multiplicative season or trend
 * (infinite-variance forecasts), seasonal only with at least two full seasons plus a margin.
 */
export function candidateSpecs(y: Float64Array, period: number, options: AutoEtsOptions = {}): EtsSpec[] {
  const positive = allPositive(y);
  const seasonal = period > 1 && y.length >= 2 * period + (options.seasonalMargin ?? 3);
  const trends: TrendType[] = ['N', 'A'];
  if (options.damped ?? true) trends.push('Ad');
  if ((options.multiplicativeTrend ?? false) && positive) trends.push('M', ...((options.damped ?? true) ? (['Md'] as const) : []));
  const seasons: SeasonType[] = seasonal ? (positive ? ['N', 'A', 'M'] : ['N', 'A']) : ['N'];
  const specs: EtsSpec[] = [];
  for (const error of positive ? (['A', 'M'] as const) : (['A'] as const)) {
    for (const trend of trends) {
      for (const season of seasons) {
        if (error === 'A' && (season === 'M' || trend === 'M' || trend === 'Md')) continue;
        specs.push({ error, trend, season });
      }
    }
  }
  return specs;
}

/**
 * Fit every candidate spec; returns the fits with a finite criterion, in candidate order, on y
 * trimmed of leading gaps (their count is `offset`). Empty when the series needs a fallback.
 */
export function fitCandidates(y: Float64Array, period: number, options: AutoEtsOptions = {}): { fits: EtsFit[]; offset: number } {
  const offset = firstObserved(y);
  const yy = offset > 0 ? y.subarray(offset) : y;
  if (fallbackReason(yy) !== null) return { fits: [], offset };
  const scratch = new Float64Array(Math.max(period, 1));
  const key = options.criterion ?? 'aicc';
  const fits: EtsFit[] = [];
  // Candidates come additive-error first; the multiplicative-error twin (same trend and season)
  // shares the state recursion, so its optimum is usually close: start it there.
  const twins = new Map<string, EtsFit>();
  for (const spec of candidateSpecs(yy, period, options)) {
    const twin = options.warmStart === false ? undefined : twins.get(spec.trend + spec.season);
    const fit = fitEts(yy, spec, { period, initial: options.initial ?? 'heuristic', scratch, ...(twin ? { start: twin.params } : {}) });
    if (spec.error === 'A' && Number.isFinite(fit.loglik)) twins.set(spec.trend + spec.season, fit);
    if (Number.isFinite(fit[key])) fits.push(fit);
  }
  return { fits, offset };
}

/**
 * Fit every candidate spec and return the best by the criterion, or null when the series needs a
 * fallback (see fallbackReason) or no spec could be fitted. y may start with NaN gaps.
 */
export function selectEts(y: Float64Array, period: number, options: AutoEtsOptions = {}): EtsFit | null {
  const key = options.criterion ?? 'aicc';
  let best: EtsFit | null = null;
  for (const fit of fitCandidates(y, period, options).fits) if (best === null || fit[key] < best[key]) best = fit;
  return best;
}

/** Turn a fit (on y trimmed of `offset` leading gaps) into the shared Forecast shape. */
export function etsForecast(fit: EtsFit, h: number, levels: readonly number[], offset = 0): Forecast {
  const mean = etsPointForecast(fit, h);
  const fitted = new Float64Array(fit.fitted.length + offset).fill(NaN);
  fitted.set(fit.fitted, offset);
  return { model: fit.name, mean, quantiles: etsQuantiles(fit, h, levels, mean), fitted, aicc: fit.aicc };
}

export function checkInput(y: Float64Array, h: number): void {
  if (!Number.isInteger(h) || h < 0) throw new CodedError('BAD_ARGUMENT', `Forecast horizon must be a non-negative integer, got ${h}`);
  // NaN means missing; an infinity is a data error upstream, not something to smooth over.
  for (let t = 0; t < y.length; t++) {
    if (y[t] === Infinity || y[t] === -Infinity) throw new CodedError('BAD_ARGUMENT', `Series value at index ${t} is infinite`);
  }
}

/** An automatic-ETS Model with non-default search options. */
export function makeAutoEts(options: AutoEtsOptions = {}): Model {
  return (y: Float64Array, h: number, fo: FitOptions = {}): Forecast => {
    checkInput(y, h);
    const levels = fo.quantiles ?? DEFAULT_QUANTILES;
    const period = Math.max(1, Math.floor(fo.period ?? 1));
    const start = firstObserved(y);
    const reason = fallbackReason(y);
    if (reason !== null) return fallbackForecast(y, h, levels, reason);
    const fit = selectEts(y, period, options);
    if (!fit) return fallbackForecast(y, h, levels, 'no ETS fit');
    return etsForecast(fit, h, levels, start);
  };
}

/** Automatic ETS: the admissible spec with the lowest AICc, as R's forecast::ets(y) chooses. */
export const autoEts: Model = makeAutoEts();

/**
 * A Model fitting one named spec, e.g. etsModel('MAdM'). Falls back to ETS(A,N,N), then to the
 * mean, when the series cannot support the spec (too short for the season, non-positive values
 * for a multiplicative part); the returned model name always says what was fitted.
 */
export function etsModel(specText: string, options: { initial?: InitialMode } = {}): Model {
  const spec = parseSpec(specText);
  return (y: Float64Array, h: number, fo: FitOptions = {}): Forecast => {
    checkInput(y, h);
    const levels = fo.quantiles ?? DEFAULT_QUANTILES;
    const period = Math.max(1, Math.floor(fo.period ?? 1));
    const reason = fallbackReason(y);
    if (reason !== null) return fallbackForecast(y, h, levels, reason);
    const start = firstObserved(y);
    const yy = start > 0 ? y.subarray(start) : y;
    const needsPositive = spec.error === 'M' || spec.season === 'M' || spec.trend === 'M' || spec.trend === 'Md';
    const usable = (spec.season === 'N' || (period > 1 && yy.length >= 2 * period)) && (!needsPositive || allPositive(yy));
    const fitSpec: EtsSpec = usable ? spec : { error: 'A', trend: 'N', season: 'N' };
    const fit = fitEts(yy, fitSpec, { period, initial: options.initial ?? 'heuristic' });
    if (!Number.isFinite(fit.aicc) && !Number.isFinite(fit.loglik)) return fallbackForecast(y, h, levels, `${fit.name} failed`);
    return etsForecast(fit, h, levels, start);
  };
}
