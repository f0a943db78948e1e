import { describe, expect, it } from 'vitest';
import { fitCensored, tailMoments, uncensor } from '../../../pipelines/demand/censoring.ts';
import { CodedError } from '../../../pipelines/errors.ts';
import { movingAverageForecaster } from '../../../pipelines/restock/ma-forecaster.ts';
import { createRng, negBinomial } from '../../../pipelines/restock/random.ts';

const E2 = Math.exp(-2);
const WEEK = [0.8, 0.9, 0.9, 1.0, 1.1, 1.3, 1.0];
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0) / a.length;

describe('tailMoments', () => {
  it('Poisson(2) given D >= 1: mean 2/(1 - e^-2), second moment 6/(1 - e^-2)', () => {
    const m = tailMoments(2, Infinity, 1);
    expect(m.first).toBeCloseTo(2 / (1 - E2), 12);
    expect(m.second).toBeCloseTo(6 / (1 - E2), 12);
    expect(m.tail).toBeCloseTo(1 - E2, 12);
  });

  it('NB(mean 4, size 2) given D >= 2 matches a brute-force sum over the pmf', () => {
    let p = 1 / 9; // (2 / 6)^2
    let mass = 0;
    let first = 0;
    for (let k = 0; k < 2000; k++) {
      if (k > 0) p *= ((k - 1 + 2) / k) * (4 / 6);
      if (k >= 2) {
        mass += p;
        first += k * p;
      }
    }
    expect(tailMoments(4, 2, 2).first).toBeCloseTo(first / mass, 9);
  });

  it('is the plain mean with no information and about s far in the tail', () => {
    expect(tailMoments(3, 2, 0).first).toBe(3);
    expect(tailMoments(1, Infinity, 60).first).toBe(60);
  });
});

describe('fitCensored', () => {
  it('leaves a series with no censored days untouched', () => {
    const y = Float64Array.of(1, 3, 2, 5, 0, 4, 2, 3);
    expect(Array.from(uncensor(y, new Uint8Array(8)))).toEqual(Array.from(y));
  });

  it('fills a missing (NaN) day with the fitted mean', () => {
    const fit = fitCensored(Float64Array.of(Number.NaN, 2, 2, 2), [0, 0, 0, 0], { period: 1, family: 'poisson' });
    expect(fit.completed[0]).toBeCloseTo(2, 4);
    expect(fit.converged).toBe(true);
  });

  it('rejects a mask of the wrong length and negative sales', () => {
    expect(() => fitCensored(Float64Array.of(1, 2), [0])).toThrow(CodedError);
    expect(() => fitCensored(Float64Array.of(1, -2), [0, 0])).toThrow(CodedError);
  });
});

/**
 * A shop restocks to S every Monday and sells until the shelf is empty. True demand is known, so
 * the three estimates of mean demand can be scored: counting stock-out days as sales (naive),
 * dropping them, and the EM fit. 20 years of 364 days per case, seeded.
 */
function shop(mu: number, size: number, restockTo: number, seed: number) {
  const rng = createRng(seed);
  const rows: { truth: number; naive: number; dropped: number; em: number; forecastEm: number; forecastNaive: number }[] = [];
  const forecaster = movingAverageForecaster({ minWindow: 364, maxWindow: 364 });
  for (let rep = 0; rep < 20; rep++) {
    const n = 364;
    const demand = new Float64Array(n);
    const sales = new Float64Array(n);
    const censored = new Uint8Array(n);
    let stock = 0;
    for (let t = 0; t < n; t++) {
      if (t % 7 === 0) stock = restockTo;
      demand[t] = negBinomial(rng, mu * (WEEK[t % 7] ?? 1), size);
      const s = Math.min(stock, demand[t] ?? 0);
      sales[t] = s;
      stock -= s;
      censored[t] = stock === 0 ? 1 : 0;
    }
    const completed = uncensor(sales, censored);
    rows.push({
      truth: mean(demand),
      naive: mean(sales),
      dropped: mean(Array.from(sales).filter((_, t) => !censored[t])),
      em: mean(completed),
      forecastEm: mean(forecaster(completed, 7).mean),
      forecastNaive: mean(forecaster(sales, 7).mean),
    });
  }
  const avg = (key: keyof (typeof rows)[number]) => mean(rows.map((r) => r[key]));
  return { truth: avg('truth'), naive: avg('naive'), dropped: avg('dropped'), em: avg('em'), forecastEm: avg('forecastEm'), forecastNaive: avg('forecastNaive') };
}

describe('censoring-aware estimate vs naive ones, known true demand', () => {
  it('NB(5, size 2), about 22 % of days censored: EM within 3 %, naive 20 % low, dropping 12 % low', () => {
    const r = shop(5, 2, 30, 99);
    expect(Math.abs(r.em / r.truth - 1)).toBeLessThan(0.03);
    expect(r.naive / r.truth).toBeLessThan(0.82);
    expect(r.dropped / r.truth).toBeLessThan(0.9);
    // The forecast built on the corrected history inherits the correction.
    expect(Math.abs(r.forecastEm / 5 - 1)).toBeLessThan(0.04);
    expect(r.forecastNaive / 5).toBeLessThan(0.82);
  });

  it('Poisson(5): EM within 3 %', () => {
    const r = shop(5, Infinity, 30, 5);
    expect(Math.abs(r.em / r.truth - 1)).toBeLessThan(0.03);
    expect(r.naive / r.truth).toBeLessThan(0.87);
  });

  it('slow, lumpy item (NB(1, size 1), restocked to 6): EM within 10 %, naive 30 % low', () => {
    const r = shop(1, 1, 6, 3);
    expect(Math.abs(r.em / r.truth - 1)).toBeLessThan(0.1);
    expect(Math.abs(r.em / r.truth - 1)).toBeLessThan(Math.abs(r.naive / r.truth - 1) / 3);
  });
});

/**
 * A festival run-up: demand x2.5 for 21 days a year on a shelf stocked for ordinary days, so most
 * festival days sell out. Completed without the profile, a festival stock-out is read as an ordinary
 * day's (the mean of the year); with the festival's multiplier given it is read as a festival day's.
 */
describe('fitCensored with a known profile', () => {
  it('recovers festival demand that ran out, where the flat fit cannot', () => {
    const rng = createRng(11);
    const n = 3 * 364;
    const profile = new Float64Array(n);
    const demand = new Float64Array(n);
    const sales = new Float64Array(n);
    const censored = new Uint8Array(n);
    for (let t = 0; t < n; t++) {
      profile[t] = t % 364 >= 300 && t % 364 < 321 ? 2.5 : 1;
      demand[t] = negBinomial(rng, 6 * (WEEK[t % 7] as number) * (profile[t] as number), 8);
      // Stock for an ordinary day: 9 units on the shelf each morning.
      sales[t] = Math.min(demand[t] as number, 9);
      censored[t] = (demand[t] as number) >= 9 ? 1 : 0;
    }
    const festival = (xs: Float64Array): number => Array.from(xs).reduce((a, v, t) => a + ((profile[t] as number) > 1 ? v : 0), 0);
    const flat = fitCensored(sales, censored, { period: 7 }).completed;
    const withProfile = fitCensored(sales, censored, { period: 7, profile }).completed;
    const truth = festival(demand);
    expect(festival(sales) / truth).toBeLessThan(0.65);
    // Measured: sales 0.59, flat 0.65, with the profile 0.92 of the festival's demand.
    expect(festival(withProfile) / truth).toBeGreaterThan(0.88);
    expect(festival(withProfile) / truth).toBeLessThan(1.05);
    expect(festival(flat) / truth).toBeLessThan(0.75);
    // Ordinary days are completed about as well either way.
    const ordinary = (xs: Float64Array): number => Array.from(xs).reduce((a, v, t) => a + ((profile[t] as number) === 1 ? v : 0), 0);
    expect(Math.abs(ordinary(withProfile) / ordinary(demand) - 1)).toBeLessThan(0.05);
  });

  it('refuses a profile of the wrong length', () => {
    expect(() => fitCensored(new Float64Array(10), new Uint8Array(10), { profile: new Float64Array(9) })).toThrow(CodedError);
  });
});
