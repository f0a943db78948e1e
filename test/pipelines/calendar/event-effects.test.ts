import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../../pipelines/calendar/calendar.ts';
import { dayNumber } from '../../../pipelines/calendar/dates.ts';
import {
  applyEventEffects, effectLogSd, effectMultipliers, estimateEventEffects, estimatePooledEventEffects, removeEventEffects,
} from '../../../pipelines/calendar/event-effects.ts';
import type { EventEffects } from '../../../pipelines/calendar/event-effects.ts';
import { robustBaseline } from '../../../pipelines/calendar/robust-baseline.ts';
import { slice, syntheticSeries } from './synthetic.ts';

const cal = loadCalendar();
const mult = (fx: EventEffects, name: string): number => {
  const e = fx.effects.find((x) => x.column.name === name);
  if (!e) throw new Error(name);
  return e.multiplier;
};

// Known truth: demand x3 on the 7 days before each Spring Festival (real lunar dates), nothing else.
const START = '2018-01-01';
const { series } = syntheticSeries(cal, { start: START, end: '2025-03-31', level: 20, uplift: { from: -7, to: -1, factor: 3 }, seed: 7 });
const train = slice(series, START, START, '2024-11-30');
const effects = estimateEventEffects(train, START, cal);

describe('estimateEventEffects on a synthetic 3x Spring Festival uplift (2018-2024)', () => {
  // Over seeds 1-8 the three buckets ranged 2.68-3.18: yearly noise plus the deliberate pull toward 1.
  it('recovers 3x in the uplifted buckets within 12% each, 8% on average', () => {
    let logSum = 0;
    for (const b of ['[-7..-4]', '[-3..-2]', '[-1..-1]']) {
      const m = mult(effects, `spring_festival${b}`);
      expect(Math.abs(Math.log(m / 3)), b).toBeLessThan(Math.log(1.12));
      logSum += Math.log(m) / 3;
    }
    expect(Math.abs(logSum - Math.log(3))).toBeLessThan(Math.log(1.08));
  });

  it('finds no effect where there is none: wide buckets within 12%, every bucket within 3.5 posterior sd', () => {
    for (const name of ['spring_festival[-28..-22]', 'spring_festival[-21..-15]', 'spring_festival[-14..-8]', 'spring_festival[16..20]',
      'labour_day[0..4]', 'd618[-17..-1]', 'd1111[-21..-11]', 'national_day[3..6]', 'mid_autumn[-14..-8]']) {
      expect(Math.abs(Math.log(mult(effects, name))), name).toBeLessThan(Math.log(1.12));
    }
    const uplifted = new Set(['spring_festival[-7..-4]', 'spring_festival[-3..-2]', 'spring_festival[-1..-1]']);
    for (const e of effects.effects) {
      if (!uplifted.has(e.column.name)) expect(Math.abs(e.logEffect), e.column.name).toBeLessThan(3.5 * e.logSd);
    }
    expect(effects.effects.find((e) => e.column.name === 'spring_festival[-1..-1]')?.occurrences).toBe(7);
  });

  it('adjusted seasonal-naive forecast beats unadjusted ones over the 2025 festival weeks', () => {
    const fStart = '2024-12-01';
    const h = 90;
    const n = train.length;
    const adjusted = removeEventEffects(train, START, effects);
    const naiveAdj = new Float64Array(h).map((_, i) => adjusted[n + i - 364] as number);
    const adjustedForecast = applyEventEffects(naiveAdj, fStart, effects);
    const naiveRaw = new Float64Array(h).map((_, i) => train[n + i - 364] as number);
    let last28 = 0;
    for (let i = n - 28; i < n; i++) last28 += (train[i] as number) / 28;
    const actual = slice(series, START, fStart, '2025-02-28');
    // Festival weeks: Spring Festival 2025-01-29, days -21..+15
    const from = dayNumber('2025-01-08') - dayNumber(fStart);
    const to = dayNumber('2025-02-13') - dayNumber(fStart);
    const mae = (f: (i: number) => number): number => {
      let s = 0;
      for (let i = from; i <= to; i++) s += Math.abs((actual[i] as number) - f(i));
      return s / (to - from + 1);
    };
    const maeAdjusted = mae((i) => adjustedForecast[i] as number);
    const maeNaive = mae((i) => naiveRaw[i] as number);
    const maeFlat = mae(() => last28);
    if (process.env.CALENDAR_REPORT) {
      process.stderr.write(`festival-weeks MAE: adjusted ${maeAdjusted.toFixed(2)}, naive364 ${maeNaive.toFixed(2)}, flat28 ${maeFlat.toFixed(2)}\n`);
    }
    expect(maeAdjusted).toBeLessThan(0.7 * maeNaive);
    expect(maeAdjusted).toBeLessThan(0.7 * maeFlat);
  });
});

describe('shrinkage and pooling', () => {
  it('thin evidence (one festival, ~0.5 units a day) is pulled toward 1; no evidence gives exactly 1', () => {
    const thin = syntheticSeries(cal, { start: '2024-06-01', end: '2025-04-30', level: 0.5, uplift: { from: -7, to: -1, factor: 3 }, seed: 3 });
    const fx = estimateEventEffects(thin.series, '2024-06-01', cal);
    const e = fx.effects.find((x) => x.column.name === 'spring_festival[-7..-4]')!;
    expect(e.occurrences).toBe(1);
    expect(Math.abs(e.logEffect)).toBeLessThan(Math.abs(e.rawLogEffect));
    const rich = effects.effects.find((x) => x.column.name === 'spring_festival[-7..-4]')!;
    expect(e.logSd).toBeGreaterThan(2 * rich.logSd);
    const none = estimateEventEffects(new Float64Array(100).fill(5), '2025-03-01', cal);
    const sf = none.effects.find((x) => x.column.name === 'spring_festival[0..0]')!;
    expect(sf.multiplier).toBe(1);
    expect(sf.occurrences).toBe(0);
  });

  it('pooling 12 low-volume series lands nearer the truth than series alone, and serves as a prior', () => {
    const list = Array.from({ length: 12 }, (_, i) =>
      ({ series: syntheticSeries(cal, { start: '2023-01-01', end: '2024-06-30', level: 1, uplift: { from: -7, to: -1, factor: 3 }, seed: 100 + i }).series, startDate: '2023-01-01' }));
    const col = 'spring_festival[-7..-4]';
    const pooled = estimatePooledEventEffects(list, cal);
    const errPooled = Math.abs(Math.log(mult(pooled, col)) - Math.log(3));
    const single = list.map((s) => Math.abs(Math.log(mult(estimateEventEffects(s.series, s.startDate, cal), col)) - Math.log(3)));
    const withPrior = list.map((s) => Math.abs(Math.log(mult(estimateEventEffects(s.series, s.startDate, cal, { prior: pooled, priorSd: 0.2 }), col)) - Math.log(3)));
    const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
    const pooledSd = pooled.effects.find((e) => e.column.name === col)!.logSd;
    expect(errPooled).toBeLessThan(3 * pooledSd);
    expect(errPooled).toBeLessThan(mean(single));
    expect(mean(withPrior)).toBeLessThan(mean(single));
  });
});

describe('remove / apply', () => {
  it('apply(remove(x)) = x and multipliers stack on overlapping windows', () => {
    const x = slice(series, START, START, '2019-12-31');
    const back = applyEventEffects(removeEventEffects(x, START, effects), START, effects);
    back.forEach((v, i) => expect(v).toBeCloseTo(x[i] as number, 9));
    // 2019-02-04 is New Year's Eve 2019: only spring_festival[-1..-1] covers it
    const m = effectMultipliers(1, '2019-02-04', effects)[0];
    expect(m).toBeCloseTo(mult(effects, 'spring_festival[-1..-1]'), 12);
    // 2019-02-19 is Lantern: spring_festival[11..15] and lantern[0..0] both apply
    const m2 = effectMultipliers(1, '2019-02-19', effects)[0];
    expect(m2).toBeCloseTo(mult(effects, 'spring_festival[11..15]') * mult(effects, 'lantern[0..0]'), 12);
  });

  it('gives each day the spread of the effects active on it, overlapping ones added in quadrature', () => {
    const sd = (name: string): number => effects.effects.find((e) => e.column.name === name)!.logSd;
    const s = effectLogSd(17, '2019-02-03', effects);
    expect(s[1]).toBeCloseTo(sd('spring_festival[-1..-1]'), 12);
    expect(s[1]).toBeGreaterThan(0);
    // 2019-02-19 (day 16): spring_festival[11..15] and lantern[0..0].
    expect(s[16]).toBeCloseTo(Math.hypot(sd('spring_festival[11..15]'), sd('lantern[0..0]')), 12);
    // Midsummer has no effect in this calendar's windows.
    expect([...effectLogSd(5, '2019-07-01', effects)]).toEqual([0, 0, 0, 0, 0]);
    const unknown = { effects: effects.effects.map((e) => ({ ...e, logSd: Number.NaN })) };
    expect(effectLogSd(17, '2019-02-03', unknown).every((v) => v === 0)).toBe(true);
  });

  it('rejects bad input', () => {
    expect(() => estimateEventEffects(new Float64Array(10), '2025-13-01', cal)).toThrow(/No such date|ISO/);
    expect(() => estimatePooledEventEffects([], cal)).toThrow(/no series/);
  });
});

describe('robustBaseline', () => {
  it('ignores excluded days and widens until it has enough clean values', () => {
    const y = new Float64Array(200).fill(10);
    const ex = new Uint8Array(200);
    for (let t = 80; t < 130; t++) {
      y[t] = 1000;
      ex[t] = 1;
    }
    const b = robustBaseline(y, ex);
    expect(b[105]).toBe(10); // middle of a 50-day excluded block
    expect(Math.max(...b)).toBe(10);
    const hand = robustBaseline(Float64Array.from([1, 2, 3, 4, 100]), new Uint8Array(5), { halfWidth: 1, minPoints: 1 });
    expect(Array.from(hand)).toEqual([1.5, 2, 3, 4, 52]);
  });
});

describe('robustBaseline statistic', () => {
  it("a slow seller's median is 0 on most days; its mean is its rate", () => {
    // One sale every third day: 0, 0, 1, ...
    const y = Float64Array.from({ length: 90 }, (_, t) => (t % 3 === 2 ? 1 : 0));
    const none = new Uint8Array(90);
    expect(robustBaseline(y, none)[45]).toBe(0);
    expect(robustBaseline(y, none, { statistic: 'mean' })[45]).toBeCloseTo(1 / 3, 1);
  });
});
