import { describe, expect, it } from 'vitest';
import type { Forecast, Model } from '../../../pipelines/forecast/types.ts';
import { forecasterFromModel } from '../../../pipelines/restock/model-forecaster.ts';

const Z90 = 1.2815515655446004;

function fakeModel(extra: Partial<Forecast>): Model {
  return (_y, h) => ({ model: 'fake', mean: new Float64Array(h).fill(2), ...extra });
}

describe('forecasterFromModel', () => {
  it('reads the 50-90 % quantile spread as a normal sd: spread 3 z90 -> variance 9', () => {
    const q = new Map([
      [0.5, new Float64Array(3).fill(2)],
      [0.9, new Float64Array(3).fill(2 + 3 * Z90)],
    ]);
    const fc = forecasterFromModel(fakeModel({ quantiles: q }))(new Float64Array(10), 3);
    expect(fc.variance?.[0]).toBeCloseTo(9, 5);
  });

  it('never goes below Poisson, and falls back to the residual negative-binomial size, then Poisson', () => {
    const tight = new Map([
      [0.5, new Float64Array(3).fill(2)],
      [0.9, new Float64Array(3).fill(2.1)],
    ]);
    expect(forecasterFromModel(fakeModel({ quantiles: tight }))(new Float64Array(5), 3).variance?.[1]).toBe(2);
    // Sales 5, 0, 5, 0 around a fit of 2: squared residuals 9, 4, 9, 4, excess over Poisson 26/4 - 2 a day.
    const fitted = new Float64Array(4).fill(2);
    const withFit = forecasterFromModel(fakeModel({ fitted }))(Float64Array.of(5, 0, 5, 0), 3);
    expect(withFit.size).toBeCloseTo(4 / ((9 + 4 + 9 + 4) / 4 - 2), 10);
    expect(forecasterFromModel(fakeModel({}))(new Float64Array(5), 3).size).toBeUndefined();
  });

  it('clamps negative or NaN means to zero', () => {
    const m: Model = (_y, h) => ({ model: 'bad', mean: Float64Array.from({ length: h }, (_, i) => (i === 0 ? -1 : Number.NaN)) });
    expect(Array.from(forecasterFromModel(m)(new Float64Array(3), 2).mean)).toEqual([0, 0]);
  });
});
