import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../../pipelines/calendar/calendar.ts';
import { dayNumber } from '../../../pipelines/calendar/dates.ts';
import { effectMultipliers, estimateEventEffects, estimateEventEffectsMany } from '../../../pipelines/calendar/event-effects.ts';
import type { EventEffects } from '../../../pipelines/calendar/event-effects.ts';
import { estimateYearlySeason, interpolationSd, seasonColumns } from '../../../pipelines/calendar/yearly-season.ts';
import { poisson, rng } from './synthetic.ts';

const cal = loadCalendar();
const START = '2022-11-01';
const WEEKLY = [1.12, 0.95, 0.95, 0.95, 0.97, 1.03, 1.12];

/**
 * A category total with no calendar event at all: a yearly shape, 30 %/yr growth, a weekday
 * pattern and day-level gamma shocks (negative binomial days, size 5), as the process.
 */
function category(shape: (doy: number) => number, seed: number, days = 1096, lunar: (sf: number) => number = () => 1): { y: Float64Array; season: Float64Array } {
  const festivals = cal.datesOf('spring_festival').map(dayNumber);
  const u = rng(seed);
  const s0 = dayNumber(START);
  const y = new Float64Array(days);
  const season = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    const d = s0 + t;
    const doy = d - dayNumber(`${new Date(d * 864e5).getUTCFullYear()}-01-01`);
    season[t] = shape(doy);
    let g = 0;
    for (let k = 0; k < 5; k++) g -= Math.log(u());
    const sf = festivals.map((f) => d - f).reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a), 9999);
    y[t] = poisson(200 * season[t]! * lunar(sf) * 1.3 ** (t / 365) * WEEKLY[(d + 4) % 7]! * (g / 5), u);
  }
  return { y, season };
}
const bump = (doy: number, peak: number, width: number): number => {
  let d = Math.abs(doy - peak);
  if (d > 182.5) d = 365 - d;
  return Math.exp(-0.5 * (d / width) ** 2);
};
const summer = (doy: number): number => 0.3 + 1.5 * bump(doy, 205, 50);
const flat = (): number => 1;
const beyond = (fx: EventEffects, pct: number): number =>
  fx.effects.filter((e) => e.column.kind !== 'season' && Math.abs(e.logEffect) > Math.log(1 + pct)).length;

describe('calendar effects on a category with none', () => {
  // The fixed prior (shrinkage 'normal', the code before the spike-and-slab) is the comparison.
  it('the evidence prior leaves at most two of 32 columns beyond 5 %, where the fixed prior moved 15 or more', () => {
    for (const [shape, seed] of [[flat, 2], [flat, 3], [summer, 1], [summer, 2]] as const) {
      const { y } = category(shape, seed);
      expect(beyond(estimateEventEffects(y, START, cal), 0.05), `seed ${seed}`).toBeLessThanOrEqual(2);
      expect(beyond(estimateEventEffects(y, START, cal, { shrinkage: 'normal' }), 0.05), `seed ${seed}`).toBeGreaterThanOrEqual(15);
    }
  });
});

describe('festival effects on top of a season', () => {
  // Migrants home lift the week before the festival by half; after the Lantern Festival they leave and
  // demand sits at x0.8 for a month, on days no event window covers (the process).
  const migrants = (sf: number): number => (sf >= -7 && sf <= -1 ? 1.5 : sf >= 21 && sf <= 45 ? 0.8 : 1);
  const NAMES = ['spring_festival[-7..-4]', 'spring_festival[-14..-8]', 'spring_festival[16..20]'];

  it('are not made by the month after the festival, which is no baseline', () => {
    const logs = NAMES.map(() => 0);
    const seeds = 12;
    for (let seed = 1; seed <= seeds; seed++) {
      const fx = estimateEventEffects(category(flat, seed, 1096, migrants).y, START, cal, { season: true });
      NAMES.forEach((name, k) => (logs[k]! += fx.effects.find((e) => e.column.name === name)!.logEffect / seeds));
    }
    const [week, before, after] = logs.map(Math.exp) as [number, number, number];
    // Against a baseline that took the x0.8 month as normal (the code before 3f830b7), [16..20] came out
    // x1.089 on average over these seeds and x1.55 on one; this assertion failed there.
    expect(after).toBeGreaterThan(1 / 1.03);
    expect(after).toBeLessThan(1.03);
    expect(before).toBeLessThan(1.03);
    // The lift itself is found, shrunk by the evidence on three noisy festivals: x1.32 of the true x1.5
    // (the old baseline found x1.45). docs/calendar.md quotes both.
    expect(week).toBeCloseTo(1.32, 2);
  });
});

describe('product events on top of the product season', () => {
  it('read a season turning through the festival zone as season, not as festival effects', () => {
    // Seed before spring sowing: x0.35 in winter to x3.15 at the end of March; no festival effect at all.
    const farm = (doy: number): number => 0.35 + 2.8 * bump(doy, 80, 20) + 1.4 * bump(doy, 266, 16);
    const worst = (withSeason: boolean): number => {
      let most = 0;
      for (const seed of [1, 2, 3]) {
        const y = category(farm, seed).y;
        const season = estimateYearlySeason(y, START, cal);
        expect(season).not.toBeNull();
        const [fx] = estimateEventEffectsMany([{ series: y, startDate: START, ...(withSeason ? { season: season! } : {}) }], cal);
        for (const e of fx!.effects) if (e.column.anchor === 'spring_festival') most = Math.max(most, Math.abs(e.logEffect));
      }
      return most;
    };
    // Against its local level the worst bucket is x3.7 (log 1.30); on top of the season x1.26 (0.23), as docs/calendar.md says.
    expect(worst(false)).toBeCloseTo(1.30, 2);
    expect(worst(true)).toBeCloseTo(0.23, 2);
  });
});

describe('estimateYearlySeason', () => {
  it('follows a summer season (x0.3 to x1.8) to within 25 % per fortnight (those interpolated across the Spring Festival zone included) and 9 % on average over two years of noisy days (peaks and troughs come out a little flat); a flat year stays within 5 %', () => {
    for (const seed of [1, 2]) {
      const { y, season } = category(summer, seed);
      const fx = estimateEventEffects(y, START, cal, { season: true });
      const m = effectMultipliers(y.length, START, { effects: fx.effects.filter((e) => e.column.kind === 'season') });
      // Truth relative to its own geometric mean over the same days.
      let g = 0;
      for (let t = 0; t < y.length; t++) g += Math.log(season[t]!) / y.length;
      let sumErr = 0;
      let fortnights = 0;
      for (let t = 0; t + 14 <= y.length; t += 14) {
        let a = 0;
        let b = 0;
        for (let i = t; i < t + 14; i++) {
          a += Math.log(m[i]!) / 14;
          b += (Math.log(season[i]!) - g) / 14;
        }
        expect(Math.abs(a - b), `day ${t}`).toBeLessThan(Math.log(1.25));
        sumErr += Math.abs(a - b);
        fortnights += 1;
      }
      expect(sumErr / fortnights).toBeLessThan(Math.log(1.09));
    }
    const f = estimateEventEffects(category(flat, 3).y, START, cal, { season: true }).effects.filter((e) => e.column.kind === 'season');
    expect(f).toHaveLength(26);
    for (const e of f) expect(Math.abs(e.logEffect), e.column.name).toBeLessThan(Math.log(1.05));
  });

  it('needs two years, covers the calendar year in fortnights, and is centred', () => {
    expect(estimateYearlySeason(new Float64Array(729).fill(5), START, cal)).toBeNull();
    const cols = seasonColumns(cal);
    expect(cols).toHaveLength(26);
    expect(cols[0]).toMatchObject({ from: 0, to: 13, kind: 'season' });
    expect(cols[25]).toMatchObject({ from: 350, to: 364 });
    const s = estimateEventEffects(category(summer, 4).y, START, cal, { season: true }).effects.filter((e) => e.column.kind === 'season');
    expect(Math.abs(s.reduce((a, e) => a + e.logEffect, 0))).toBeLessThan(1e-9);
    // Fortnights inside the Spring Festival zone or an event window (6.18, 11.11) in every year are interpolated.
    expect(s.filter((e) => e.occurrences >= 2).length).toBeGreaterThanOrEqual(16);
    expect(s.find((e) => e.column.from === 42)?.occurrences).toBe(0);
  });

  it('gives an interpolated fortnight the error of the same interpolation at the fortnights held', () => {
    // Held 0, 1, 3, 5, 2 round a six-fortnight year; fortnight 2 sits one from each neighbour.
    // Checked at 0 (2 and 1 around it: 1.5 for 0), 4 (3 and 2: 2.5 for 5) and 5 (5 and 0: 2.5 for 2).
    expect(interpolationSd([0, 1, Number.NaN, 3, 5, 2], 2)).toBeCloseTo(Math.sqrt((1.5 ** 2 + 2.5 ** 2 + 0.5 ** 2) / 3), 12);
    expect(interpolationSd([0, 1, Number.NaN, 3, 4, 5], 2)).toBeCloseTo(Math.sqrt((3 ** 2 + 0 + 3 ** 2) / 3), 12);
    expect(interpolationSd([1, Number.NaN, Number.NaN, Number.NaN], 2)).toBeNaN();
    // A season that turns steeply cannot be interpolated with the confidence of a flat one.
    const farm = (doy: number): number => 0.35 + 2.8 * bump(doy, 80, 20) + 1.4 * bump(doy, 266, 16);
    const sdAt = (shape: (doy: number) => number, from: number): number => {
      const e = estimateEventEffects(category(shape, 5).y, START, cal, { season: true }).effects.find((x) => x.column.kind === 'season' && x.column.from === from);
      expect(e?.occurrences).toBe(0);
      return e!.logSd;
    };
    const steep = sdAt(farm, 42);
    const level = sdAt(flat, 42);
    // The flat one's is the years' noise alone. docs/calendar.md quotes 0.54 and 0.10.
    expect(steep).toBeGreaterThan(3 * level);
    expect(steep).toBeCloseTo(0.54, 2);
    expect(level).toBeCloseTo(0.10, 2);
  });
});
