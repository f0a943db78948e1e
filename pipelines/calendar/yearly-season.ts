/**
 * A category's yearly season as multipliers on fortnights of the calendar year, learnt from every
 * year the warehouse holds. The forecast models see at most half a year with a weekly period, so
 * without it a season's turn (seed before the autumn sowing, drinks after summer) is carried
 * forward as if it lasted.
 *
 * The season is demand on days outside every event window and the Spring Festival zone against
 * its yearly trend (a centred 365-day mean of those days) and weekday; events are measured against
 * the local level around them, so the two multiply without counting a day twice. Per fortnight: one log ratio per year held,
 * averaged; smoothed over neighbouring fortnights (a season does not jump), shrunk toward none by
 * the evidence where years disagree (normal empirical Bayes: the spread of the fortnights' means
 * against their noise), and centred so the year's geometric mean is 1 (the level is the model's).
 */
import type { RetailCalendar } from './calendar.ts';
import type { EventEffect } from './event-effects.ts';
import type { EventColumn } from './event-windows.ts';
import { dayNumber, weekday } from './dates.ts';
import { occurrenceRanges } from './event-windows.ts';

export const SEASON_BUCKET_DAYS = 14;
/** Days of held history below which no season is estimated: a centred yearly mean needs two years to cover one. */
export const SEASON_MIN_DAYS = 730;
const SEASON_PREFIX = 'season';

/** Fortnights from 1 January; the last runs to 31 December (a leap year's 31 December stays at 1). */
export function seasonColumns(calendar: RetailCalendar): EventColumn[] {
  const anchorDays = calendar.datesOf('new_year').map(dayNumber);
  const out: EventColumn[] = [];
  const buckets = Math.floor(365 / SEASON_BUCKET_DAYS);
  for (let i = 0; i < buckets; i++) {
    const from = i * SEASON_BUCKET_DAYS;
    const to = i === buckets - 1 ? 364 : from + SEASON_BUCKET_DAYS - 1;
    out.push({ name: `${SEASON_PREFIX}[${from}..${to}]`, anchor: 'new_year', from, to, anchorDays, kind: 'season' });
  }
  return out;
}


/**
 * Days around each Spring Festival that no fortnight may learn from: the festival's pull on demand,
 * from the first migrants home to the last gone back after the Lantern Festival, is lunar, so in a
 * solar fortnight it would move with the festival's date (read as season, it cut forecasts made just
 * before the festival). Fortnights inside this zone in every year are interpolated.
 */
export const SEASON_LUNAR_ZONE: readonly [number, number] = [-28, 50];

/** 1 on each of `n` days from day number `start` that lies in SEASON_LUNAR_ZONE of some Spring Festival. */
export function festivalZoneMask(calendar: RetailCalendar, start: number, n: number): Uint8Array {
  const [from, to] = SEASON_LUNAR_ZONE;
  const mask = new Uint8Array(n);
  for (const d of calendar.datesOf('spring_festival')) {
    const a = dayNumber(d) - start;
    for (let t = Math.max(0, a + from); t <= Math.min(n - 1, a + to); t++) mask[t] = 1;
  }
  return mask;
}

/**
 * `level`: daily demand, NaN on days to leave out (event days). A fortnight no year holds four clean
 * days of is interpolated between its nearest held neighbours. `prior`: log effects per fortnight
 * to shrink toward instead of none (a product toward its category's season: a slow seller's own
 * years say little). Null when shorter than SEASON_MIN_DAYS.
 */
export function estimateYearlySeason(
  demand: Float64Array, startDate: string, calendar: RetailCalendar, prior?: readonly number[],
): EventEffect[] | null {
  const n = demand.length;
  if (n < SEASON_MIN_DAYS) return null;
  const start = dayNumber(startDate);
  const zone = festivalZoneMask(calendar, start, n);
  const level = demand.map((v, t) => (zone[t] ? Number.NaN : v));
  // Centred 365-day mean by running sums over finite values (NaN where fewer than half are held).
  const sum = new Float64Array(n + 1);
  const cnt = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    const v = level[t] as number;
    const ok = Number.isFinite(v);
    sum[t + 1] = (sum[t] as number) + (ok ? v : 0);
    cnt[t + 1] = (cnt[t] as number) + (ok ? 1 : 0);
  }
  const trend = new Float64Array(n).fill(Number.NaN);
  for (let t = 182; t + 182 < n; t++) {
    const c = (cnt[t + 183] as number) - (cnt[t - 182] as number);
    if (c >= 182) trend[t] = ((sum[t + 183] as number) - (sum[t - 182] as number)) / c;
  }
  // Weekday factors against the trend, so a fortnight with an event day missing is not read as
  // one with a weekend too few.
  const wy = new Float64Array(7);
  const wc = new Float64Array(7);
  for (let t = 0; t < n; t++) {
    const v = level[t] as number;
    const w = trend[t] as number;
    if (Number.isFinite(v) && Number.isFinite(w) && w > 0) {
      const d = weekday(start + t);
      wy[d] = (wy[d] as number) + v / w;
      wc[d] = (wc[d] as number) + 1;
    }
  }
  const all = wy.reduce((a, b) => a + b, 0) / Math.max(1, wc.reduce((a, b) => a + b, 0));
  const wf = Array.from(wy, (v, d) => ((wc[d] as number) > 0 && all > 0 && v > 0 ? v / (wc[d] as number) / all : 1));
  const columns = seasonColumns(calendar);
  const perBucket = columns.map((col) => {
    const logs: number[] = [];
    for (const [s, e] of occurrenceRanges(col, start, n)) {
      let a = 0;
      let b = 0;
      let days = 0;
      for (let t = s; t < e; t++) {
        const v = level[t] as number;
        const w = trend[t] as number;
        if (Number.isFinite(v) && Number.isFinite(w) && w > 0) {
          a += v;
          b += w * (wf[weekday(start + t)] as number);
          days += 1;
        }
      }
      if (days >= 4 && a > 0 && b > 0) logs.push(Math.log(a / b));
    }
    return logs;
  });
  const k = columns.length;
  const raw = perBucket.map((l) => (l.length > 0 ? l.reduce((x, y) => x + y, 0) / l.length : Number.NaN));
  // A fortnight no year covers: linear between its nearest covered neighbours, round the year.
  const filled = raw.map((v, i) => {
    if (Number.isFinite(v)) return v;
    let dl = 1;
    while (dl < k && !Number.isFinite(raw[(i - dl + k) % k] as number)) dl++;
    let dr = 1;
    while (dr < k && !Number.isFinite(raw[(i + dr) % k] as number)) dr++;
    if (dl >= k) return 0;
    const l = raw[(i - dl + k) % k] as number;
    const r = raw[(i + dr) % k] as number;
    return l + ((r - l) * dl) / (dl + dr);
  });
  const smooth = filled.map((v, i) => (2 * v + (filled[(i - 1 + k) % k] as number) + (filled[(i + 1) % k] as number)) / 4);
  // Noise of one year's fortnight from the disagreement between years; with one year held there is
  // nothing to measure it by and the smoothed means stand.
  let ss = 0;
  let df = 0;
  perBucket.forEach((l, i) => {
    for (const v of l) ss += (v - (raw[i] as number)) ** 2;
    df += Math.max(0, l.length - 1);
  });
  const yearVar = df > 0 ? ss / df : Number.NaN;
  const seOf = (i: number): number => {
    const m = perBucket[i]?.length ?? 0;
    // The [1, 2, 1] / 4 smoother averages about 2.7 fortnights' worth of years (sum of squared weights 0.375).
    return Number.isFinite(yearVar) && m > 0 ? Math.sqrt((0.375 * yearVar) / m) : Number.NaN;
  };
  const mean = smooth.reduce((x, y) => x + y, 0) / k;
  const p0 = prior && prior.length === k ? prior : null;
  const priorMean = p0 ? p0.reduce((x, y) => x + y, 0) / k : 0;
  const base = columns.map((_, i) => (p0 ? (p0[i] as number) - priorMean : 0));
  const dev = smooth.map((v, i) => v - mean - (base[i] as number));
  let shrink = 1;
  if (Number.isFinite(yearVar)) {
    const se2 = dev.map((_, i) => seOf(i) ** 2).filter(Number.isFinite);
    const noise = se2.reduce((x, y) => x + y, 0) / Math.max(1, se2.length);
    const spread = dev.reduce((x, y) => x + y * y, 0) / k;
    const tau2 = Math.max(0, spread - noise);
    shrink = tau2 + noise > 0 ? tau2 / (tau2 + noise) : 0;
  }
  return columns.map((column, i) => {
    const logEffect = (base[i] as number) + shrink * (dev[i] as number);
    return { column, logEffect, multiplier: Math.exp(logEffect),
      rawLogEffect: raw[i] as number,
      logSd: (perBucket[i]?.length ?? 0) > 0 ? seOf(i) : interpolationSd(raw, i), occurrences: perBucket[i]?.length ?? 0 };
  });
}

export const isSeasonColumn = (c: EventColumn): boolean => c.kind === 'season';

/**
 * How far a fortnight no year holds may be from its interpolation: the root mean square error of
 * the same interpolation (the same distances to the nearest held fortnights on each side) at every
 * held fortnight whose neighbours at those distances are held too. A season that turns steeply
 * (seed before spring sowing) cannot be interpolated across the Spring Festival zone with the
 * confidence of a flat one, and a stock level set across the zone should know it. NaN when no
 * held fortnight can be checked that way.
 */
export function interpolationSd(raw: readonly number[], i: number): number {
  const k = raw.length;
  const held = (j: number): boolean => Number.isFinite(raw[((j % k) + k) % k] as number);
  const at = (j: number): number => raw[((j % k) + k) % k] as number;
  let dl = 1;
  while (dl < k && !held(i - dl)) dl++;
  let dr = 1;
  while (dr < k && !held(i + dr)) dr++;
  if (dl >= k || dr >= k) return Number.NaN;
  let ss = 0;
  let m = 0;
  for (let j = 0; j < k; j++) {
    if (!held(j) || !held(j - dl) || !held(j + dr)) continue;
    const l = at(j - dl);
    const e = at(j) - (l + ((at(j + dr) - l) * dl) / (dl + dr));
    ss += e * e;
    m += 1;
  }
  return m > 0 ? Math.sqrt(ss / m) : Number.NaN;
}
