import { describe, expect, it } from 'vitest';
import {
  adida, autoIntermittent, croston, demandEvents, forecastIntermittent, imapa, optimisedCroston, sba, sesDemand, tsb,
} from '../../../pipelines/forecast/intermittent.ts';
import { crostonFitted, crostonSse, crostonState, optimiseCroston } from '../../../pipelines/forecast/intermittent/croston.ts';
import { probabilitySse, sizeSse, tsbFitted, tsbState } from '../../../pipelines/forecast/intermittent/tsb.ts';
import { aggregate, sesGrid } from '../../../pipelines/forecast/intermittent/aggregation.ts';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('demand events', () => {
  it('splits sizes and observed intervals, skipping missing periods', () => {
    const ev = demandEvents(f64([0, 0, 3, 0, Number.NaN, 0, 2, 0]));
    expect(ev.count).toBe(2);
    expect(Array.from(ev.sizes)).toEqual([3, 2]);
    expect(Array.from(ev.intervals)).toEqual([3, 3]);
    expect(ev.trailing).toBe(1);
    expect(ev.observed).toBe(7);
  });
});

describe('Croston and SBA by hand on [0,0,3,0,0,0,2], alpha 0.1', () => {
  const y = f64([0, 0, 3, 0, 0, 0, 2]);
  const ev = demandEvents(y);
  it("Croston's own start: size 3 -> 2.9, interval 3 -> 3.1, forecast 2.9/3.1", () => {
    const s = crostonState(ev, 0.1, 0.1, 'first');
    expect(s.size).toBeCloseTo(2.9, 12);
    expect(s.interval).toBeCloseTo(3.1, 12);
    expect(Array.from(crostonFitted(y, ev, 0.1, 0.1, 1, 'first'))).toEqual([Number.NaN, Number.NaN, Number.NaN, 1, 1, 1, 1]);
  });

  it("the models' mean start: size 2.5, interval 3.5, then both demands update", () => {
    // size 2.5 -> 2.55 -> 2.495; interval 3.5 -> 3.45 -> 3.505.
    const f = croston(y, 3);
    for (const v of f.mean) expect(v).toBeCloseTo(2.495 / 3.505, 12);
    const fitted = Array.from(f.fitted!);
    for (let t = 0; t < 3; t++) expect(fitted[t]).toBeCloseTo(2.5 / 3.5, 12);
    for (let t = 3; t < 7; t++) expect(fitted[t]).toBeCloseTo(2.55 / 3.45, 12);
  });

  it('SBA multiplies by 1 - 0.1/2 = 0.95', () => {
    expect(sba(y, 1).mean[0]).toBeCloseTo((0.95 * 2.495) / 3.505, 12);
    expect(sba(y, 1).model).toBe('Croston-SBA');
  });

  it('in-sample SSE from events equals the per-period sum (1+1+1+(2-1)^2 = 4)', () => {
    expect(crostonSse(ev, 0.1, 0.1, 1, 'first')).toBeCloseTo(4, 12);
    const z = f64([0, 4, 0, 0, 1, 0, 7, 0, 0, 0, 2, 3, 0, 0]);
    for (const init of ['first', 'mean'] as const) {
      const fitted = crostonFitted(z, demandEvents(z), 0.3, 0.2, 0.9, init);
      let sse = 0;
      for (let t = 0; t < z.length; t++) if (!Number.isNaN(fitted[t]!)) sse += (z[t]! - fitted[t]!) ** 2;
      expect(crostonSse(demandEvents(z), 0.3, 0.2, 0.9, init)).toBeCloseTo(sse, 10);
    }
  });

  it('optimised Croston picks the grid pair with the least SSE', () => {
    const z = f64([0, 4, 0, 0, 1, 0, 7, 0, 0, 0, 2, 3, 0, 0, 5, 0, 1, 0, 0, 6]);
    const ev = demandEvents(z);
    const best = optimiseCroston(ev);
    expect(best.sse).toBeLessThanOrEqual(crostonSse(ev, 0.1, 0.1) + 1e-12);
    expect(best.sse).toBeLessThanOrEqual(crostonSse(ev, 0.5, 0.05) + 1e-12);
    const s = crostonState(ev, best.alphaSize, best.alphaInterval);
    expect(optimisedCroston(z, 1).mean[0]).toBeCloseTo(s.size / s.interval, 12);
  });
});

describe('TSB by hand on [0, 2, 0, 4], alpha = beta = 0.5', () => {
  // Start p = 2/4, z = mean size 3. Steps: p .5 -> .25 -> .625 -> .3125 -> .65625; z 3 -> 2.5 -> 3.25.
  const y = f64([0, 2, 0, 4]);
  const ev = demandEvents(y);
  const params = { alphaSize: 0.5, alphaProbability: 0.5 };
  it('final state and forecast 0.65625 * 3.25', () => {
    const s = tsbState(ev, params);
    expect(s.probability).toBeCloseTo(0.65625, 12);
    expect(s.size).toBeCloseTo(3.25, 12);
  });

  it('fitted values and the decoupled criteria', () => {
    const f = tsbFitted(y, ev, params);
    expect(Array.from(f)).toEqual([1.5, 0.75, 1.5625, 0.78125]);
    // Indicator errors .5^2 + .75^2 + .625^2 + .6875^2; size errors (2-3)^2 + (4-2.5)^2.
    expect(probabilitySse(ev, 0.5)).toBeCloseTo(1.67578125, 12);
    expect(sizeSse(ev, 0.5)).toBeCloseTo(3.25, 12);
  });

  it('decays towards zero while an item stops selling, unlike Croston', () => {
    const dying = f64([3, 0, 2, 4, 0, 3, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(tsb(dying, 1).mean[0]).toBeLessThan(croston(dying, 1).mean[0]! / 2);
  });
});

describe('SES, ADIDA and IMAPA', () => {
  it('sesGrid profiles the initial level exactly (checked against a brute-force search)', () => {
    const x = f64([3, 0, 5, 1, 0, 4, 2, 2, 0, 6]);
    const fit = sesGrid(x, 0, 1, [0.2]);
    let brute = Infinity;
    for (let l0 = 0; l0 <= 10; l0 += 0.0005) {
      let l = l0;
      let sse = 0;
      for (const v of x) {
        sse += (v - l) ** 2;
        l += 0.2 * (v - l);
      }
      brute = Math.min(brute, sse);
    }
    expect(fit.sse).toBeCloseTo(brute, 5);
  });

  it('aggregates from the end and ADIDA spreads the bucket forecast back', () => {
    expect(Array.from(aggregate(f64([9, 1, 2, 3, 4]), 2))).toEqual([3, 7]);
    // ADI 2, buckets of 2 are all 2: SES says 2 per bucket, 1 per period.
    const y = f64([0, 2, 0, 2, 0, 2, 0, 2, 0, 2]);
    expect(adida(y, 2).mean[0]).toBeCloseTo(1, 10);
    const f = imapa(y, 1);
    expect(f.mean[0]).toBeGreaterThan(0.5);
    expect(f.mean[0]).toBeLessThan(1.5);
  });

  it('SES follows a constant series', () => {
    expect(sesDemand(new Float64Array(12).fill(4), 2).mean[1]).toBeCloseTo(4, 10);
  });
});

describe('missing periods', () => {
  it('are skipped: every model forecasts as on the series with the gaps removed', () => {
    const gappy = f64([0, 2, Number.NaN, 0, 0, 5, Number.NaN, Number.NaN, 0, 1, 0, 0, 3, 0, 0, 0, 2, 0, 4, 0, 0, 1]);
    const compact = gappy.filter((v) => !Number.isNaN(v));
    for (const m of [croston, sba, optimisedCroston, tsb, adida, imapa, sesDemand]) {
      const a = m(gappy, 2);
      expect(a.mean[0]).toBeCloseTo(m(compact, 2).mean[0]!, 12);
      expect(Number.isNaN(a.fitted![2]!)).toBe(true);
    }
  });
});

describe('every model on degenerate input', () => {
  const cases: Float64Array[] = [new Float64Array(0), new Float64Array(10), f64([Number.NaN, Number.NaN]), f64([0, 0, 5]), f64([1.5, 0, 2.5, 0, 0, 1])];
  const models = [croston, sba, optimisedCroston, tsb, adida, imapa, sesDemand, autoIntermittent];
  it('returns finite, non-negative forecasts and quantiles without throwing', () => {
    for (const m of models) {
      for (const y of cases) {
        const f = m(y, 3, { quantiles: [0.5, 0.9] });
        expect(f.mean.length).toBe(3);
        for (const v of f.mean) expect(Number.isFinite(v) && v >= 0).toBe(true);
        for (const q of f.quantiles?.values() ?? []) for (const v of q) expect(v >= 0).toBe(true);
      }
    }
  });
});

describe('autoIntermittent', () => {
  const lumpy = f64([0, 0, 8, 0, 0, 0, 1, 0, 0, 12, 0, 0, 0, 2, 0, 0, 0, 9, 0, 0, 1, 0, 0, 0, 15, 0, 0, 3]);
  it('classifies, routes and returns count quantiles', () => {
    const r = forecastIntermittent(lumpy, 4, { quantiles: [0.5, 0.9] });
    expect(r.profile.demandClass).toBe('lumpy');
    for (const v of r.forecast.quantiles!.get(0.9)!) expect(Number.isInteger(v)).toBe(true);
    expect(r.forecast.quantiles!.get(0.9)![0]).toBeGreaterThanOrEqual(r.forecast.quantiles!.get(0.5)![0]!);
  });

  it("'select' returns one of the candidates and 'combine' their mean level", () => {
    const sel = forecastIntermittent(lumpy, 1, { strategy: 'select' }).forecast;
    expect(['Croston-SBA', 'IMAPA', 'TSB']).toContain(sel.model);
    const comb = forecastIntermittent(lumpy, 1, { strategy: 'combine' }).forecast;
    const expected = (sba(lumpy, 1).mean[0]! + imapa(lumpy, 1).mean[0]! + tsb(lumpy, 1).mean[0]!) / 3;
    expect(comb.mean[0]).toBeCloseTo(expected, 10);
  });

  it('forecasts zero for all-zero history and the mean for short history', () => {
    expect(autoIntermittent(new Float64Array(30), 2).mean[0]).toBe(0);
    expect(autoIntermittent(f64([0, 3, 0]), 1).mean[0]).toBeCloseTo(1, 12);
  });
});
