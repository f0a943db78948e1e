import { dayNumber, weekday } from './dates.ts';
import type { RetailCalendar } from './calendar.ts';
import { columnActivity, DEFAULT_EVENT_WINDOWS, eventColumns, occurrenceRanges } from './event-windows.ts';
import type { EventColumn, EventWindowSpec } from './event-windows.ts';
import { robustBaseline } from './robust-baseline.ts';
import { fitSpikeSlab, spikeSlabPosterior } from './spike-slab.ts';
import { estimateYearlySeason, festivalZoneMask } from './yearly-season.ts';
import type { BaselineOptions } from './robust-baseline.ts';
import { CodedError } from '../errors.ts';

/**
 * Multiplicative event effects on daily demand, see docs/calendar.md for the method and its limits.
 * Per occurrence (one year's instance of a window) the evidence is log(sum actual / sum expected)
 * against a robust baseline; occurrences are pooled across years and series by precision, and the
 * pooled value is shrunk toward a prior (1, or a category-level estimate) in log space.
 */
export interface EventEffect {
  readonly column: EventColumn;
  /** exp(logEffect): 3 means demand three times the baseline in that window. */
  readonly multiplier: number;
  readonly logEffect: number;
  /** Precision-weighted mean before shrinkage (NaN when no occurrence was observed). */
  readonly rawLogEffect: number;
  /** Posterior standard deviation of logEffect. */
  readonly logSd: number;
  readonly occurrences: number;
}

export interface EventEffects {
  readonly effects: readonly EventEffect[];
}

export interface EstimateOptions {
  /** @defaultValue DEFAULT_EVENT_WINDOWS */
  readonly windows?: readonly EventWindowSpec[];
  readonly baseline?: BaselineOptions;
  /**
   * 'evidence' (the default): a spike-and-slab prior fitted to the columns themselves (see
   * `fitSpikeSlab`), so an effect survives only where the data shows one beyond its noise.
   * 'normal': a fixed normal prior of sd `priorSd` around the prior effects.
   */
  readonly shrinkage?: 'evidence' | 'normal';
  /** With shrinkage 'normal': prior sd of a log effect. @defaultValue 0.5 */
  readonly priorSd?: number;
  /** Year-to-year sd of a true log effect; caps what many days of one year can prove. @defaultValue 0.15 */
  readonly yearSd?: number;
  /** Shrink toward these effects (e.g. a category estimate) instead of toward 1. */
  readonly prior?: EventEffects;
  /** Backfitting passes over overlapping windows. @defaultValue 4 */
  readonly iterations?: number;
  /** Weekday pattern in the baseline. @defaultValue 'multiplicative' */
  readonly weekday?: 'multiplicative' | 'none';
  /** An occurrence counts only if this share of its days has data and a baseline. @defaultValue 0.5 */
  readonly minCoverage?: number;
  /**
   * Also estimate the yearly season (fortnight multipliers, yearly-season.ts), one series only,
   * when it holds SEASON_MIN_DAYS days; the events are then measured against the season (see
   * estimatePooledEventEffects). @defaultValue false
   */
  readonly season?: boolean;
}

export interface DailySeries {
  readonly series: Float64Array;
  readonly startDate: string;
}

interface Panel {
  readonly y: Float64Array;
  readonly base: Float64Array;
  readonly start: number;
  readonly active: Uint8Array[];
  /** Variance of one clean day's ratio to its baseline (noise level of this series). */
  readonly dayVar: number;
}

function preparePanel(s: DailySeries, columns: readonly EventColumn[], opts: EstimateOptions, alsoExclude?: Uint8Array): Panel {
  const start = dayNumber(s.startDate);
  const n = s.series.length;
  const active = columnActivity(columns, start, n);
  const excluded = new Uint8Array(n);
  for (const a of active) for (let t = 0; t < n; t++) excluded[t] = excluded[t] || (a[t] as number);
  if (alsoExclude) for (let t = 0; t < n; t++) excluded[t] = excluded[t] || (alsoExclude[t] as number);
  const median = robustBaseline(s.series, excluded, opts.baseline);
  // A median sits below the mean of right-skewed counts, and spans all weekdays; both would read
  // as spurious effects on festival days. Rescale per weekday so clean days of each weekday
  // average a ratio of exactly 1 ('none': one factor for all days).
  const byWeekday = (opts.weekday ?? 'multiplicative') === 'multiplicative';
  const sy = new Float64Array(8);
  const sm = new Float64Array(8);
  for (let t = 0; t < n; t++) {
    const y = s.series[t] as number;
    const b = median[t] as number;
    if (excluded[t] === 0 && Number.isFinite(y) && Number.isFinite(b)) {
      sy[7] = (sy[7] as number) + y;
      sm[7] = (sm[7] as number) + b;
      if (byWeekday) {
        const w = weekday(start + t);
        sy[w] = (sy[w] as number) + y;
        sm[w] = (sm[w] as number) + b;
      }
    }
  }
  const factor = (w: number): number => {
    const a = sy[w] as number;
    const b = sm[w] as number;
    if (a > 0 && b > 0) return a / b;
    const ga = sy[7] as number;
    const gb = sm[7] as number;
    return ga > 0 && gb > 0 ? ga / gb : 1;
  };
  const factors = Array.from({ length: 8 }, (_, w) => factor(w));
  const base = median.map((b, t) => b * (factors[byWeekday ? weekday(start + t) : 7] as number));
  // Relative variance of one clean day's ratio y/b: Poisson-like for counts (about 1/level),
  // whatever it is for other data. Used as the noise of an occurrence's log ratio (delta method).
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  for (let t = 0; t < n; t++) {
    const y = s.series[t] as number;
    const b = base[t] as number;
    if (excluded[t] === 0 && Number.isFinite(y) && Number.isFinite(b) && b > 0) {
      const r = y / b;
      sum += r;
      sum2 += r * r;
      count += 1;
    }
  }
  const dayVar = count > 1 ? Math.max((sum2 - (sum * sum) / count) / (count - 1), 1e-4) : 1;
  return { y: s.series, base, start, active, dayVar };
}

/**
 * Effects of each column for each group of panels (a group's occurrences vote together), by
 * backfitting over overlapping windows. Under 'evidence' one spike-and-slab prior is fitted to the
 * evidence of every group at once: many products of a category share what "no effect beyond the
 * category's" looks like, so one product's 32 noisy columns cannot set their own prior.
 */
function fitColumns(groups: readonly (readonly Panel[])[], columns: readonly EventColumn[], opts: EstimateOptions, priors: readonly (EventEffects | undefined)[]): EventEffects[] {
  const priorSd = opts.priorSd ?? 0.5;
  const evidence = (opts.shrinkage ?? 'evidence') === 'evidence';
  const yearVar = (opts.yearSd ?? 0.15) ** 2;
  const minCoverage = opts.minCoverage ?? 0.5;
  const priorMeans = groups.map((_, g) => columns.map((c) => priors[g]?.effects.find((e) => e.column.name === c.name)?.logEffect ?? 0));
  const logs = groups.map(() => new Float64Array(columns.length));
  const stats = groups.map(() => columns.map(() => ({ raw: Number.NaN, sd: priorSd, occurrences: 0 })));
  const iterations = opts.iterations ?? 4;
  for (let it = 0; it < iterations; it++) {
    const raws = groups.map((panels, g) => columns.map((col, c) => {
      const log = logs[g] as Float64Array;
      let rawW = 0;
      let rawSum = 0;
      let occurrences = 0;
      for (const p of panels) {
        for (const [s, e] of occurrenceRanges(col, p.start, p.y.length)) {
          let sy = 0;
          let sb = 0;
          let days = 0;
          for (let t = s; t < e; t++) {
            const y = p.y[t] as number;
            const b = p.base[t] as number;
            if (!Number.isFinite(y) || !Number.isFinite(b)) continue;
            let other = 0;
            for (let k = 0; k < columns.length; k++) if (k !== c && p.active[k]?.[t]) other += log[k] as number;
            sy += y;
            sb += b * Math.exp(other);
            days += 1;
          }
          if (days < minCoverage * (col.to - col.from + 1)) continue;
          // Small continuity term: keeps a zero-sale window finite without pulling low counts toward 1.
          const w = 1 / (p.dayVar / days + yearVar);
          rawW += w;
          rawSum += w * Math.log((sy + 0.1) / (sb + 0.1));
          occurrences += 1;
        }
      }
      return { raw: rawW > 0 ? rawSum / rawW : Number.NaN, w: rawW, occurrences };
    }));
    // Evidence is measured from the prior (1, or the category's effects): a series differs from its
    // category only where its own data says so.
    const slab = evidence
      ? fitSpikeSlab(raws.flatMap((r, g) => r.flatMap((x, c) => (x.w > 0 ? [{ x: x.raw - (priorMeans[g]![c] as number), v: 1 / x.w }] : []))))
      : null;
    raws.forEach((r, g) => r.forEach((x, c) => {
      const m0 = priorMeans[g]![c] as number;
      const log = logs[g] as Float64Array;
      const st = stats[g]!;
      if (!(x.w > 0)) {
        log[c] = m0;
        st[c] = { raw: Number.NaN, sd: slab ? slab.tau : priorSd, occurrences: 0 };
      } else if (slab) {
        const post = spikeSlabPosterior(x.raw - m0, 1 / x.w, slab);
        log[c] = m0 + post.mean;
        st[c] = { raw: x.raw, sd: post.sd, occurrences: x.occurrences };
      } else {
        const precision = 1 / (priorSd * priorSd) + x.w;
        log[c] = (m0 / (priorSd * priorSd) + x.w * x.raw) / precision;
        st[c] = { raw: x.raw, sd: Math.sqrt(1 / precision), occurrences: x.occurrences };
      }
    }));
  }
  return groups.map((_, g) => ({
    effects: columns.map((column, c) => ({
      column,
      logEffect: logs[g]![c] as number,
      multiplier: Math.exp(logs[g]![c] as number),
      rawLogEffect: stats[g]![c]?.raw ?? Number.NaN,
      logSd: stats[g]![c]?.sd ?? priorSd,
      occurrences: stats[g]![c]?.occurrences ?? 0,
    })),
  }));
}

function checkSeries(s: DailySeries): void {
  if (!(s.series instanceof Float64Array)) throw new CodedError('BAD_ARGUMENT', 'series must be a Float64Array');
  dayNumber(s.startDate);
}

/** Effects of each event window on one daily series (NaN = missing day). */
export function estimateEventEffects(
  series: Float64Array,
  startDate: string,
  calendar: RetailCalendar,
  opts: EstimateOptions = {},
): EventEffects {
  return estimatePooledEventEffects([{ series, startDate }], calendar, opts);
}

/**
 * One set of effects from many series (a category): each series keeps its own baseline and noise
 * level, their occurrences vote together. Use the result as `prior` for per-series estimates.
 */
export function estimatePooledEventEffects(
  list: readonly DailySeries[],
  calendar: RetailCalendar,
  opts: EstimateOptions = {},
): EventEffects {
  if (list.length === 0) throw new CodedError('BAD_ARGUMENT', 'no series to estimate from');
  list.forEach(checkSeries);
  const columns = eventColumns(calendar, opts.windows ?? DEFAULT_EVENT_WINDOWS);
  const only = opts.season && list.length === 1 ? list[0] : undefined;
  const season = only ? estimateYearlySeason(withoutEventDays(only, columns), only.startDate, calendar) : null;
  if (!only || !season) return fitColumns([list.map((s) => preparePanel(s, columns, opts))], columns, opts, [opts.prior])[0] as EventEffects;
  const onSeason = fitColumns([[panelOnSeason(only, season, calendar, columns, opts)]], columns, opts, [opts.prior])[0] as EventEffects;
  return { effects: [...onSeason.effects, ...season] };
}

/** The series with NaN on every day some event column covers: what a season is learnt from. */
function withoutEventDays(s: DailySeries, columns: readonly EventColumn[]): Float64Array {
  const active = columnActivity(columns, dayNumber(s.startDate), s.series.length);
  return s.series.map((v, t) => (active.some((a) => a[t]) ? Number.NaN : v));
}

/**
 * A series' panel on top of its season: the events are fitted on demand / season, so they are
 * multipliers on top of the season as the forecast applies them, and a festival's baseline follows
 * the season's slope instead of averaging winter with spring. The festival zone's days outside every
 * window (after the Lantern Festival, when the migrants have gone) are no baseline either: the
 * season leaves them out for the same reason (docs/calendar.md, "Events on top of the season").
 */
function panelOnSeason(s: DailySeries, season: readonly EventEffect[], calendar: RetailCalendar, columns: readonly EventColumn[], opts: EstimateOptions): Panel {
  const sm = effectMultipliers(s.series.length, s.startDate, { effects: season });
  const zone = festivalZoneMask(calendar, dayNumber(s.startDate), s.series.length);
  return preparePanel({ series: s.series.map((v, t) => v / (sm[t] as number)), startDate: s.startDate }, columns, opts, zone);
}

/**
 * Effects of many series estimated each on its own, under one spike-and-slab prior fitted to the
 * evidence of all of them, each series shrunk toward its own prior (its category's effects): a
 * category's products. No season is estimated here; a series given its `season` has its events
 * measured on top of it (panelOnSeason). Series with no prior are shrunk toward 1.
 */
export function estimateEventEffectsMany(
  list: readonly (DailySeries & { readonly prior?: EventEffects; readonly season?: readonly EventEffect[] })[],
  calendar: RetailCalendar,
  opts: Omit<EstimateOptions, 'prior' | 'season'> = {},
): EventEffects[] {
  if (list.length === 0) return [];
  list.forEach(checkSeries);
  const columns = eventColumns(calendar, opts.windows ?? DEFAULT_EVENT_WINDOWS);
  // Products are mostly slow: their baseline is a moving mean, not a median (robust-baseline.ts).
  const o: EstimateOptions = { ...opts, baseline: { statistic: 'mean', ...opts.baseline } };
  const panel = (s: (typeof list)[number]): Panel => (s.season && s.season.length > 0 ? panelOnSeason(s, s.season, calendar, columns, o) : preparePanel(s, columns, o));
  return fitColumns(list.map((s) => [panel(s)]), columns, o, list.map((s) => s.prior));
}

/** exp(sum of active log effects) for each of `n` days from `startDate`. */
export function effectMultipliers(n: number, startDate: string, effects: EventEffects): Float64Array {
  const start = dayNumber(startDate);
  const logs = new Float64Array(n);
  for (const e of effects.effects) {
    for (const [s, t] of occurrenceRanges(e.column, start, n)) for (let i = s; i < t; i++) logs[i] = (logs[i] as number) + e.logEffect;
  }
  return logs.map(Math.exp);
}

/**
 * The standard deviation of each day's log multiplier, sqrt(sum of the active effects' logSd^2):
 * how far the effect applied on that day may be off. An effect without a known spread (NaN) adds 0.
 */
export function effectLogSd(n: number, startDate: string, effects: EventEffects): Float64Array {
  const start = dayNumber(startDate);
  const v = new Float64Array(n);
  for (const e of effects.effects) {
    const sd = Number.isFinite(e.logSd) ? e.logSd : 0;
    if (sd === 0) continue;
    for (const [s, t] of occurrenceRanges(e.column, start, n)) for (let i = s; i < t; i++) v[i] = (v[i] as number) + sd * sd;
  }
  return v.map(Math.sqrt);
}

/** Divide the effects out (fit a model on the result). */
export function removeEventEffects(series: Float64Array, startDate: string, effects: EventEffects): Float64Array {
  const m = effectMultipliers(series.length, startDate, effects);
  return series.map((v, i) => v / (m[i] as number));
}

/** Multiply the effects back into a forecast made on adjusted data. */
export function applyEventEffects(forecastMean: Float64Array, forecastStartDate: string, effects: EventEffects): Float64Array {
  const m = effectMultipliers(forecastMean.length, forecastStartDate, effects);
  return forecastMean.map((v, i) => v * (m[i] as number));
}
