import { describe, expect, it } from 'vitest';
import { globalForecast, type SeriesCovariates } from '../../../pipelines/forecast/global-model.ts';
import { Rng } from '../../../pipelines/generate/prng.ts';

const N = 700;
const H = 28;

/** A market-day flag every 5th day: known ahead, off the weekly cycle. */
const flag = (t: number): number => (t % 5 === 0 ? 1 : 0);

/** Poisson days around `level`, scaled by `lift` on flagged days and by a weekly pattern. */
function simulate(rng: Rng, level: number, lift: number, length = N): Float64Array {
  return Float64Array.from({ length }, (_, t) => rng.poisson(level * (t % 7 === 6 ? 1.4 : 1) * (flag(t) ? lift : 1)));
}

const calendarOf = (length: number): SeriesCovariates => ({ calendar: [Float64Array.from({ length }, (_, t) => flag(t))] });

/** Mean forecast on flagged steps over mean on the others (same weekday mix over 28 steps). */
function flagRatio(mean: Float64Array, start: number): number {
  let on = 0;
  let off = 0;
  let nOn = 0;
  let nOff = 0;
  mean.forEach((m, k) => {
    if (flag(start + k)) {
      on += m;
      nOn++;
    } else {
      off += m;
      nOff++;
    }
  });
  return on / nOn / (off / nOff);
}

describe('globalForecast', () => {
  it('learns a calendar effect pooled over series, and only when given the calendar', () => {
    const rng = new Rng(7);
    const ys = Array.from({ length: 40 }, (_, i) => simulate(rng, 1 + (i % 8), 1.6));
    const covariates = ys.map(() => calendarOf(N + H));
    const withCal = globalForecast(ys, H, { period: 7, covariates }).forecasts;
    const without = globalForecast(ys, H, { period: 7 }).forecasts;
    for (let i = 0; i < ys.length; i++) {
      expect(flagRatio(withCal[i]!.mean, N)).toBeGreaterThan(1.4);
      expect(flagRatio(withCal[i]!.mean, N)).toBeLessThan(1.8);
      expect(Math.abs(flagRatio(without[i]!.mean, N) - 1)).toBeLessThan(0.1);
    }
  });

  it("scales each series' calendar effect by its own past response", () => {
    // Half the series double on flagged days, half do not: a single pooled effect would give both about 1.5.
    const rng = new Rng(11);
    const ys = Array.from({ length: 40 }, (_, i) => simulate(rng, 3, i % 2 === 0 ? 2 : 1));
    const { forecasts } = globalForecast(ys, H, { period: 7, covariates: ys.map(() => calendarOf(N + H)) });
    const responders = forecasts.filter((_, i) => i % 2 === 0).map((f) => flagRatio(f!.mean, N));
    const others = forecasts.filter((_, i) => i % 2 === 1).map((f) => flagRatio(f!.mean, N));
    for (const r of responders) expect(r).toBeGreaterThan(1.7);
    for (const r of others) expect(r).toBeLessThan(1.3);
  });

  it('raises the forecast when the price ahead is cut', () => {
    // Demand doubles at a 30 % cut; cuts come and go in the history, and one is announced for the horizon.
    const rng = new Rng(5);
    const price = (t: number): number => (Math.floor(t / 14) % 4 === 3 || t >= N + 14 ? 7 : 10);
    const ys = Array.from({ length: 30 }, (_, i) =>
      Float64Array.from({ length: N }, (_, t) => rng.poisson((2 + (i % 5)) * (price(t) < 10 ? 2 : 1))),
    );
    const covariates = ys.map(() => ({ price: Float64Array.from({ length: N + H }, (_, t) => price(t)) }));
    const { forecasts } = globalForecast(ys, H, { period: 7, covariates });
    for (const f of forecasts) {
      const before = f!.mean.subarray(0, 14).reduce((a, b) => a + b, 0);
      const during = f!.mean.subarray(14).reduce((a, b) => a + b, 0);
      expect(during / before).toBeGreaterThan(1.6);
    }
  });

  it('gives whole, ordered count quantiles that hold their level on fresh draws', () => {
    const rng = new Rng(3);
    const levels = [0.1, 0.5, 0.9, 0.99];
    const truth = Array.from({ length: 60 }, (_, i) => simulate(rng, 0.5 + (i % 6), 1, N + H));
    const { forecasts } = globalForecast(truth.map((y) => y.slice(0, N)), H, { period: 7, quantiles: levels });
    let below = 0;
    let total = 0;
    truth.forEach((y, i) => {
      const q = forecasts[i]!.quantiles!;
      for (let k = 0; k < H; k++) {
        const column = levels.map((p) => q.get(p)![k]!);
        for (const v of column) expect(Number.isInteger(v) && v >= 0).toBe(true);
        for (let j = 1; j < column.length; j++) expect(column[j]!).toBeGreaterThanOrEqual(column[j - 1]!);
        if (y[N + k]! <= q.get(0.9)![k]!) below++;
        total++;
      }
    });
    // Whole-unit quantiles: the share at or below q0.9 is at least 0.9 and not far above it.
    expect(below / total).toBeGreaterThan(0.89);
    expect(below / total).toBeLessThan(0.97);
  });

  it('gives kilogram series continuous quantiles from its own errors, never negative', () => {
    const rng = new Rng(9);
    const truth = Array.from({ length: 30 }, () => Float64Array.from({ length: N + H }, () => Math.max(0, 4 + rng.normal())));
    const { forecasts } = globalForecast(truth.map((y) => y.slice(0, N)), H, { period: 7, quantiles: [0.05, 0.5, 0.95] });
    let inside = 0;
    let total = 0;
    truth.forEach((y, i) => {
      const q = forecasts[i]!.quantiles!;
      expect(q.get(0.05)!.some((v) => !Number.isInteger(v))).toBe(true);
      for (let k = 0; k < H; k++) {
        expect(q.get(0.05)![k]!).toBeGreaterThanOrEqual(0);
        if (y[N + k]! >= q.get(0.05)![k]! && y[N + k]! <= q.get(0.95)![k]!) inside++;
        total++;
      }
    });
    expect(inside / total).toBeGreaterThan(0.85);
    expect(inside / total).toBeLessThan(0.95);
  });

  it('leaves a series with too little recent history to the caller', () => {
    const rng = new Rng(1);
    const short = Float64Array.from({ length: 20 }, () => rng.poisson(2));
    const empty = new Float64Array(N);
    const { forecasts, fit } = globalForecast([simulate(rng, 2, 1), short, empty], H, { period: 7 });
    expect(forecasts[0]).toBeDefined();
    expect(forecasts[1]).toBeUndefined();
    expect(forecasts[2]).toBeUndefined();
    expect(fit.rows).toBeGreaterThan(0);
  });
});
