/**
 * Seasonal produce profiles: a week-of-year shape from every year of history. Weeks count back
 * from the origin day (week k = days [origin - 7(k+1), origin - 7k)), so the latest 52 weeks are
 * always one whole "year" and older years may be partial. Each week sits at a position 0..51 on
 * one of two calendars: the solar year (Gregorian day of year) or the lunar year (weeks from the
 * nearest Spring Festival, which moves by up to four weeks). The fit is multiplicative,
 * kg[year][week] = level[year] x shape[position], by alternating means over the weeks each year
 * actually holds (a Poisson maximum-likelihood fit: a partial year informs the shape of the weeks
 * it has), and the calendar whose fit leaves the smaller deviance is the item's alignment.
 */
import { SPRING_FESTIVAL } from '../calendar/spring-festival.ts';
import { dayNumber, yearOf } from '../calendar/dates.ts';

export const WEEKS = 52;
export type Alignment = 'solar' | 'lunar';

const SF_DAYS = Object.values(SPRING_FESTIVAL).map(dayNumber).sort((a, b) => a - b);

/** Position 0..51 of the week whose middle day is `day`. */
export function weekPosition(day: number, alignment: Alignment): number {
  if (alignment === 'solar') {
    const doy = day - dayNumber(`${yearOf(day)}-01-01`);
    return Math.min(WEEKS - 1, Math.floor(doy / 7));
  }
  let best = SF_DAYS[0]!;
  for (const sf of SF_DAYS) if (Math.abs(day - sf) < Math.abs(day - best)) best = sf;
  // Weeks from -26 to +25 around the festival; further out folds onto the nearest edge.
  const w = Math.floor((day - best) / 7) + 26;
  return Math.max(0, Math.min(WEEKS - 1, w));
}

export interface WeeklyHistory {
  /** Day number of the origin: the first day after the history. */
  readonly origin: number;
  /** kg per week, index 0 = the latest week; NaN = before the history starts. */
  readonly kg: Float64Array;
}

/** Sums a daily series (index 0 = day `firstDay`) into weeks counting back from `origin`. */
export function weeklyFromDaily(daily: Float64Array, firstDay: number, origin: number): WeeklyHistory {
  const span = origin - firstDay;
  const n = Math.max(0, Math.floor(span / 7));
  const kg = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let d = origin - 7 * (k + 1); d < origin - 7 * k; d++) s += daily[d - firstDay] ?? 0;
    kg[k] = s;
  }
  return { origin, kg };
}

export interface ProfileFit {
  readonly alignment: Alignment;
  /** The origin day of the history it was fitted on. */
  readonly origin: number;
  /** Shape over positions, summing to 1. */
  readonly shape: Float64Array;
  /** Per-position spread of the year-by-year shares (standard deviation), 0 where one year. */
  readonly shapeSd: Float64Array;
  /** Yearly level (kg a year) per history year, index 0 = latest 52 weeks. */
  readonly levels: Float64Array;
  /** Whole years of history and the weeks held. */
  readonly years: number;
  readonly weeks: number;
  /** Pearson dispersion of weekly kg around the fit (variance / mean, in kg). */
  readonly dispersion: number;
  /** Deviance of the fit (Poisson), used to choose the alignment. */
  readonly deviance: number;
}

function positionsOf(h: WeeklyHistory, alignment: Alignment): Int32Array {
  const pos = new Int32Array(h.kg.length);
  for (let k = 0; k < h.kg.length; k++) pos[k] = weekPosition(h.origin - 7 * k - 4, alignment);
  return pos;
}

/** Fits level x shape on one calendar. Returns null when the history holds no kg. */
export function fitProfile(h: WeeklyHistory, alignment: Alignment, iterations = 30): ProfileFit | null {
  const n = h.kg.length;
  const years = Math.ceil(n / WEEKS);
  const pos = positionsOf(h, alignment);
  let total = 0;
  for (let k = 0; k < n; k++) total += h.kg[k]!;
  if (n === 0 || total <= 0) return null;
  const shape = new Float64Array(WEEKS).fill(1 / WEEKS);
  const levels = new Float64Array(years);
  for (let it = 0; it < iterations; it++) {
    // level[y] = kg held in year y / shape mass of the weeks it holds
    for (let y = 0; y < years; y++) {
      let kg = 0;
      let mass = 0;
      for (let k = y * WEEKS; k < Math.min(n, (y + 1) * WEEKS); k++) { kg += h.kg[k]!; mass += shape[pos[k]!]!; }
      levels[y] = mass > 0 ? kg / mass : 0;
    }
    const num = new Float64Array(WEEKS);
    const den = new Float64Array(WEEKS);
    for (let k = 0; k < n; k++) { num[pos[k]!]! += h.kg[k]!; den[pos[k]!]! += levels[Math.floor(k / WEEKS)]!; }
    let sum = 0;
    for (let w = 0; w < WEEKS; w++) { shape[w] = den[w]! > 0 ? num[w]! / den[w]! : 0; sum += shape[w]!; }
    if (sum <= 0) return null;
    for (let w = 0; w < WEEKS; w++) shape[w]! /= sum;
  }
  // Year-by-year shares per position, and the fit's deviance and dispersion.
  const sq = new Float64Array(WEEKS);
  const cnt = new Float64Array(WEEKS);
  let deviance = 0;
  let pearson = 0;
  let df = 0;
  for (let k = 0; k < n; k++) {
    const y = Math.floor(k / WEEKS);
    const mu = levels[y]! * shape[pos[k]!]!;
    const x = h.kg[k]!;
    if (levels[y]! > 0) {
      const share = x / levels[y]!;
      sq[pos[k]!]! += (share - shape[pos[k]!]!) ** 2;
      cnt[pos[k]!]! += 1;
    }
    if (mu > 0) {
      deviance += 2 * ((x > 0 ? x * Math.log(x / mu) : 0) - (x - mu));
      pearson += (x - mu) ** 2 / mu;
      df += 1;
    } else if (x > 0) {
      deviance += 2 * x * 10;
    }
  }
  const shapeSd = new Float64Array(WEEKS);
  for (let w = 0; w < WEEKS; w++) shapeSd[w] = cnt[w]! > 1 ? Math.sqrt(sq[w]! / (cnt[w]! - 1)) : 0;
  const free = Math.max(1, df - WEEKS / 4 - years);
  return { alignment, origin: h.origin, shape, shapeSd, levels, years, weeks: n, dispersion: Math.max(1, pearson / free), deviance };
}

/**
 * Both calendars, and the one with the lower deviance. With under two years the alignment cannot
 * be told from the data: `prefer` (the parent's or category's choice) decides.
 */
export function bestProfile(h: WeeklyHistory, prefer: Alignment = 'solar'): ProfileFit | null {
  const solar = fitProfile(h, 'solar');
  const lunar = fitProfile(h, 'lunar');
  if (solar === null || lunar === null) return solar ?? lunar;
  if (h.kg.length < 2 * WEEKS) return prefer === 'solar' ? solar : lunar;
  return lunar.deviance < solar.deviance ? lunar : solar;
}

/** Shrinks a shape toward a parent shape by the years each holds: own weight = years / (years + k). */
export function borrowShape(own: Float64Array, ownYears: number, parent: Float64Array, k = 1): Float64Array {
  const w = ownYears / (ownYears + k);
  const out = new Float64Array(WEEKS);
  let sum = 0;
  for (let i = 0; i < WEEKS; i++) { out[i] = w * own[i]! + (1 - w) * parent[i]!; sum += out[i]!; }
  if (sum > 0) for (let i = 0; i < WEEKS; i++) out[i]! /= sum;
  return out;
}

/** Circular run of positions around the maximum where shape >= fraction x max. */
export function windowAround(shape: Float64Array, fraction: number): { from: number; to: number; weeks: number } {
  let arg = 0;
  for (let w = 1; w < WEEKS; w++) if (shape[w]! > shape[arg]!) arg = w;
  const cut = shape[arg]! * fraction;
  let from = arg;
  let to = arg;
  let weeks = 1;
  while (weeks < WEEKS && shape[(from - 1 + WEEKS) % WEEKS]! >= cut) { from = (from - 1 + WEEKS) % WEEKS; weeks++; }
  while (weeks < WEEKS && shape[(to + 1) % WEEKS]! >= cut) { to = (to + 1) % WEEKS; weeks++; }
  return { from, to, weeks };
}

/** Year-over-year growth of the level: latest 52 weeks over the 52 before, clipped to [0.5, 2]. */
export function yearOverYear(fit: ProfileFit): number | null {
  if (fit.weeks < 2 * WEEKS || fit.levels[1]! <= 0) return null;
  return Math.min(2, Math.max(0.5, fit.levels[0]! / fit.levels[1]!));
}

/** Mean kg in the week starting `start` (a day number), from level x shape x growth. */
export function expectedWeekKg(fit: ProfileFit, shape: Float64Array, start: number, growth: number): number {
  // The latest year's level is centred 26 weeks before the origin.
  const yearsAhead = (start + 3.5 - (fit.origin - 182)) / 364;
  return fit.levels[0]! * shape[weekPosition(start + 3, fit.alignment)]! * growth ** yearsAhead;
}

