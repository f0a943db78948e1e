import { describe, expect, it } from 'vitest';
import { etsFilter, type FilterOutput } from '../../../../pipelines/forecast/ets/filter.ts';
import { etsObjective } from '../../../../pipelines/forecast/ets/objective.ts';
import { parseSpec, specCodes } from '../../../../pipelines/forecast/ets/spec.ts';
import { gaussianSource } from '../../../../pipelines/forecast/ets/normal.ts';

function output(n: number, m: number): FilterOutput {
  return { fitted: new Float64Array(n), residuals: new Float64Array(n), ring: new Float64Array(m), level: NaN, trend: NaN, sse: NaN, sumLogAbs: 0, nObs: 0 };
}
const m2ll = (sse: number, n: number, sumLog = 0): number => n * (Math.log((2 * Math.PI * sse) / n) + 1) + 2 * sumLog;
const none = new Float64Array(0);

describe('etsFilter against hand-computed recursions', () => {
  it('simple exponential smoothing, alpha 0.5 from level 10', () => {
    // l_t = l_{t-1} + 0.5 e_t: fitted 10, 10, 11, 11; errors 0, 2, 0, 2; final level 12.
    const y = Float64Array.from([10, 12, 11, 13]);
    const out = output(4, 1);
    const v = etsFilter(y, specCodes(parseSpec('ANN')), 1, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, 10, 0, none, new Float64Array(1), out);
    expect(Array.from(out.fitted)).toEqual([10, 10, 11, 11]);
    expect(Array.from(out.residuals)).toEqual([0, 2, 0, 2]);
    expect(out.level).toBe(12);
    expect(out.sse).toBe(8);
    expect(v).toBeCloseTo(m2ll(8, 4), 12);
  });

  it("Holt's linear trend, alpha 0.5, beta 0.25 from l0 = 10, b0 = 1", () => {
    // yhat = l + b; l <- yhat + a e; b <- b + beta e.
    // t1: yhat 11, e 1 -> l 11.5, b 1.25; t2: yhat 12.75, e 0.25 -> l 12.875, b 1.3125;
    // t3: yhat 14.1875, e 0.8125 -> l 14.59375, b 1.515625.
    const y = Float64Array.from([12, 13, 15]);
    const out = output(3, 1);
    etsFilter(y, specCodes(parseSpec('AAN')), 1, { alpha: 0.5, beta: 0.25, gamma: 0, phi: 1 }, 10, 1, none, new Float64Array(1), out);
    expect(Array.from(out.fitted)).toEqual([11, 12.75, 14.1875]);
    expect(out.level).toBeCloseTo(14.59375, 12);
    expect(out.trend).toBeCloseTo(1.515625, 12);
  });

  it('multiplicative error adds 2 sum log|yhat| and uses relative errors', () => {
    // Same recursion as the Holt case (states do not depend on the error type); errors are
    // e_t / yhat_t and the likelihood gains the Jacobian term.
    const y = Float64Array.from([12, 13, 15]);
    const fitted = [11, 12.75, 14.1875];
    const rel = [1 / 11, 0.25 / 12.75, 0.8125 / 14.1875];
    const sse = rel.reduce((s, e) => s + e * e, 0);
    const out = output(3, 1);
    const v = etsFilter(y, specCodes(parseSpec('MAN')), 1, { alpha: 0.5, beta: 0.25, gamma: 0, phi: 1 }, 10, 1, none, new Float64Array(1), out);
    expect(Array.from(out.fitted)).toEqual(fitted);
    out.residuals.forEach((e, i) => expect(e).toBeCloseTo(rel[i]!, 14));
    expect(v).toBeCloseTo(m2ll(sse, 3, fitted.reduce((s, f) => s + Math.log(f), 0)), 10);
  });

  it('additive season, m = 2: s_t = s_{t-m} + gamma e_t', () => {
    // l0 10, s = [-5, 2] for times 0, 1. t0, t1 are fitted exactly; t2: yhat 5, e 2 ->
    // l 11, s(time 2) = -5 + 0.2*2 = -4.6. Next two seasonal indices: 2 (time 3), -4.6 (time 4).
    const y = Float64Array.from([5, 12, 7]);
    const out = output(3, 2);
    etsFilter(y, specCodes(parseSpec('ANA')), 2, { alpha: 0.5, beta: 0, gamma: 0.2, phi: 1 }, 10, 0, Float64Array.from([-5, 2]), new Float64Array(2), out);
    expect(Array.from(out.fitted)).toEqual([5, 12, 5]);
    expect(out.level).toBe(11);
    expect(out.ring[1]).toBe(2);
    expect(out.ring[0]).toBeCloseTo(-4.6, 12);
  });

  it('a missing observation carries the one-step forecast and is left out of the likelihood', () => {
    // Holt as above with y2 missing: t2 forecast 12.75 becomes the level, slope stays 1.25;
    // t3: yhat 14, e 1. Two observations, SSE 1 + 1.
    const y = Float64Array.from([12, NaN, 15]);
    const out = output(3, 1);
    const v = etsFilter(y, specCodes(parseSpec('AAN')), 1, { alpha: 0.5, beta: 0.25, gamma: 0, phi: 1 }, 10, 1, none, new Float64Array(1), out);
    expect(out.fitted[1]).toBe(12.75);
    expect(out.residuals[1]).toBeNaN();
    expect(out.fitted[2]).toBe(14);
    expect(out.nObs).toBe(2);
    expect(v).toBeCloseTo(m2ll(2, 2), 12);
  });
});

describe('etsObjective (specialised loops)', () => {
  it('equals the generic filter for every spec, including gaps', () => {
    const z = gaussianSource(7);
    const m = 4;
    const y = new Float64Array(40);
    for (let t = 0; t < y.length; t++) y[t] = (50 + t) * (1 + 0.2 * Math.sin((Math.PI * t) / 2)) * (1 + 0.03 * z());
    y[9] = NaN;
    y[22] = NaN;
    const p = { alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 0.9 };
    for (const e of ['A', 'M']) {
      for (const tr of ['N', 'A', 'Ad', 'M', 'Md']) {
        for (const s of ['N', 'A', 'M']) {
          const c = specCodes(parseSpec(e + tr + s));
          const s0 = c.season === 2 ? Float64Array.from([1.1, 1.2, 0.9, 0.8]) : c.season === 1 ? Float64Array.from([5, 10, -5, -10]) : none;
          const b0 = c.trend === 2 ? 1.01 : 1;
          const generic = etsFilter(y, c, m, p, 50, b0, s0, new Float64Array(m), null);
          const fast = etsObjective(y, c, m, p, 50, b0, s0, new Float64Array(m));
          expect(fast, e + tr + s).toBeCloseTo(generic, 8);
          expect(Number.isFinite(fast)).toBe(true);
        }
      }
    }
  });
});
