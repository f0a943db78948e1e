import { describe, expect, it } from 'vitest';
import { fitEts, informationCriteria } from '../../../../pipelines/forecast/ets/fit.ts';
import { etsSimulate } from '../../../../pipelines/forecast/ets/simulate.ts';
import { fillGaps, initialStates } from '../../../../pipelines/forecast/ets/initial-states.ts';
import { parseSpec, specName } from '../../../../pipelines/forecast/ets/spec.ts';

describe('information criteria', () => {
  it('AICc = AIC + 2k(k+1)/(n-k-1); BIC = -2logL + k ln n', () => {
    // -2logL 100, k 3, n 10: AIC 106, AICc 106 + 24/6 = 110, BIC 100 + 3 ln 10.
    const ic = informationCriteria(100, 3, 10);
    expect(ic.aic).toBe(106);
    expect(ic.aicc).toBe(110);
    expect(ic.bic).toBeCloseTo(100 + 3 * Math.log(10), 12);
    expect(informationCriteria(100, 9, 10).aicc).toBe(Infinity);
  });
});

describe('initial states', () => {
  it('recover an exact additive seasonal pattern, level and slope', () => {
    // y_t = 100 + 2 (t + 1) + s[t % 4] with s summing to zero: the 2x4 moving average returns the
    // line exactly, so decomposition gives s back; the line through the adjusted data has
    // intercept 100 (at x = 0) and slope 2.
    const s = [-3, 1, 4, -2];
    const y = Float64Array.from({ length: 24 }, (_, t) => 100 + 2 * (t + 1) + s[t % 4]!);
    const init = initialStates(y, 1, 1, 4);
    init.seasonal.forEach((v, i) => expect(v).toBeCloseTo(s[i]!, 10));
    expect(init.level).toBeCloseTo(100, 10);
    expect(init.trend).toBeCloseTo(2, 10);
  });

  it('fill gaps linearly inside and flat at the ends', () => {
    expect(Array.from(fillGaps(Float64Array.from([NaN, 1, NaN, 3, NaN])))).toEqual([1, 1, 2, 3, 3]);
  });
});

describe('fitEts', () => {
  it('with every smoothing parameter fixed, reproduces SES from the heuristic level by hand', () => {
    // Heuristic level = mean of the first min(10, n) = 4 points = 11.5. alpha 0.5:
    // fitted 11.5, 10.75, 11.375, 11.1875; final level 12.09375.
    const fit = fitEts(Float64Array.from([10, 12, 11, 13]), 'ANN', { fixed: { alpha: 0.5 } });
    expect(Array.from(fit.fitted)).toEqual([11.5, 10.75, 11.375, 11.1875]);
    expect(fit.states.level).toBeCloseTo(12.09375, 12);
    // Only the level and sigma are estimated: k = 2, sigma2 = SSE / (n - k).
    expect(fit.nParams).toBe(2);
    const sse = [1.5, 1.25, 0.375, 1.8125].reduce((s, e) => s + e * e, 0);
    expect(fit.sigma2).toBeCloseTo(sse / 2, 12);
    expect(fit.loglik).toBeCloseTo(-0.5 * 4 * (Math.log((2 * Math.PI * sse) / 4) + 1), 10);
  });

  it('recovers alpha of a long simulated SES series', () => {
    // 600 steps from ETS(A,N,N) with alpha 0.3, sigma 1 (seeded); the ML estimate's standard
    // error at this length is about 0.03, so 0.1 is a wide but failing-when-broken margin.
    const truth = fitEts(Float64Array.from([50, 51, 49, 50, 50]), 'ANN', { fixed: { alpha: 0.3 } });
    const y = etsSimulate({ ...truth, sigma2: 1, states: { level: 50, trend: 0, seasonal: new Float64Array(0) } }, 600, 1, { seed: 42 });
    const fit = fitEts(y, 'ANN');
    expect(Math.abs(fit.params.alpha - 0.3)).toBeLessThan(0.1);
    expect(Math.abs(fit.sigma2 - 1)).toBeLessThan(0.2);
  });

  it('keeps parameters in the usual region: beta <= alpha, gamma <= 1 - alpha, 0.8 <= phi <= 0.98', () => {
    const y = Float64Array.from({ length: 60 }, (_, t) => (100 + 3 * t) * (1 + 0.3 * Math.cos((2 * Math.PI * t) / 12)) + ((t * 37) % 11));
    for (const spec of ['AAdA', 'MAdM', 'MAA']) {
      const f = fitEts(y, spec, { period: 12 });
      expect(f.name).toBe(specName(parseSpec(spec)));
      expect(f.params.beta).toBeLessThanOrEqual(f.params.alpha);
      expect(f.params.gamma).toBeLessThanOrEqual(1 - f.params.alpha + 1e-12);
      expect(f.params.alpha).toBeGreaterThanOrEqual(1e-4);
      if (spec.includes('Ad')) {
        expect(f.params.phi).toBeGreaterThanOrEqual(0.8);
        expect(f.params.phi).toBeLessThanOrEqual(0.98);
      }
      expect(Number.isFinite(f.aicc)).toBe(true);
      expect(f.states.seasonal).toHaveLength(12);
    }
  });

  it("optimising level and slope never does worse in likelihood than keeping R's heuristic", () => {
    const y = Float64Array.from({ length: 40 }, (_, t) => 20 + 0.5 * t + 3 * Math.sin(t) + ((t * 13) % 5));
    const a = fitEts(y, 'AAN', { initial: 'heuristic' });
    const b = fitEts(y, 'AAN', { initial: 'level-trend' });
    expect(b.loglik).toBeGreaterThanOrEqual(a.loglik - 1e-6);
  });

  it("'all' optimises the seasonal indices too, keeping them normalised", () => {
    const y = Float64Array.from({ length: 32 }, (_, t) => (50 + t) * [0.8, 1.1, 1.3, 0.8][t % 4]! + ((t * 7) % 3));
    const h = fitEts(y, 'MNM', { period: 4 });
    const a = fitEts(y, 'MNM', { period: 4, initial: 'all' });
    expect(a.loglik).toBeGreaterThanOrEqual(h.loglik - 1e-6);
    expect(a.initial.seasonal.reduce((x, v) => x + v, 0)).toBeCloseTo(4, 10);
    const add = fitEts(y, 'ANA', { period: 4, initial: 'all' });
    expect(add.initial.seasonal.reduce((x, v) => x + v, 0)).toBeCloseTo(0, 8);
  });
});
