import { describe, expect, it } from 'vitest';
import type { EtsFit } from '../../../../pipelines/forecast/ets/fit.ts';
import { etsForecastVariance, etsPointForecast, etsQuantiles } from '../../../../pipelines/forecast/ets/forecast.ts';
import { etsSimulate } from '../../../../pipelines/forecast/ets/simulate.ts';
import { parseSpec, specName } from '../../../../pipelines/forecast/ets/spec.ts';

/** A fit with hand-chosen parameters and end states, for checking forecast formulas alone. */
function fakeFit(spec: string, p: { alpha: number; beta?: number; gamma?: number; phi?: number }, level: number, trend: number, seasonal: number[], sigma2: number): EtsFit {
  const s = parseSpec(spec);
  return {
    spec: s,
    name: specName(s),
    period: Math.max(seasonal.length, 1),
    params: { alpha: p.alpha, beta: p.beta ?? 0, gamma: p.gamma ?? 0, phi: p.phi ?? 1 },
    initial: { level, trend, seasonal: Float64Array.from(seasonal) },
    states: { level, trend, seasonal: Float64Array.from(seasonal) },
    sigma2,
    loglik: 0,
    aic: 0,
    aicc: 0,
    bic: 0,
    nObs: 100,
    nParams: 3,
    fitted: new Float64Array(0),
    residuals: new Float64Array(0),
    evaluations: 0,
  };
}

describe('point forecasts', () => {
  it('damped additive trend with additive season (AAdA), by hand', () => {
    // l 100, b 2, phi 0.5, s = [3, -3]: h1 = 100 + 0.5*2 + 3 = 104; h2 = 100 + 0.75*2 - 3 = 98.5;
    // h3 = 100 + 0.875*2 + 3 = 104.75.
    const f = etsPointForecast(fakeFit('AAdA', { alpha: 0.3, beta: 0.1, gamma: 0.1, phi: 0.5 }, 100, 2, [3, -3], 1), 3);
    expect(Array.from(f)).toEqual([104, 98.5, 104.75]);
  });

  it('multiplicative season on an additive trend (MAM), by hand', () => {
    // (l + h b) * s: (50 + 1) * 1.2 = 61.2, (50 + 2) * 0.8 = 41.6.
    const f = etsPointForecast(fakeFit('MAM', { alpha: 0.3, beta: 0.1, gamma: 0.1 }, 50, 1, [1.2, 0.8], 0.01), 2);
    expect(f[0]).toBeCloseTo(61.2, 12);
    expect(f[1]).toBeCloseTo(41.6, 12);
  });
});

describe('forecast variances (HKOS 2008 ch. 6)', () => {
  it('ANN: sigma^2 (1 + (h - 1) alpha^2)', () => {
    const v = etsForecastVariance(fakeFit('ANN', { alpha: 0.5 }, 10, 0, [], 2), 4)!;
    expect(Array.from(v)).toEqual([2, 2.5, 3, 3.5]);
  });

  it('AAN: sigma^2 (1 + sum_{j<h} (alpha + beta j)^2), by hand', () => {
    // alpha 0.5, beta 0.1, sigma2 2: c1 = 0.6, c2 = 0.7 -> v = 2, 2 * 1.36, 2 * (1.36 + 0.49).
    const v = etsForecastVariance(fakeFit('AAN', { alpha: 0.5, beta: 0.1 }, 10, 1, [], 2), 3)!;
    expect(v[0]).toBeCloseTo(2, 12);
    expect(v[1]).toBeCloseTo(2.72, 12);
    expect(v[2]).toBeCloseTo(3.7, 12);
  });

  it('ANA with m = 2: the seasonal smoothing adds gamma on every m-th lag', () => {
    // c1 = alpha = 0.4, c2 = alpha + gamma = 0.6, c3 = 0.4: v4 = 1 + 0.16 + 0.36 + 0.16.
    const v = etsForecastVariance(fakeFit('ANA', { alpha: 0.4, gamma: 0.2 }, 10, 0, [1, -1], 1), 4)!;
    expect(v[3]).toBeCloseTo(1.68, 12);
  });

  it('MNN (class 2): (1 + sigma^2) theta_h - mu_h^2 with theta_2 = mu^2 (1 + sigma^2 alpha^2)', () => {
    // mu 100, sigma2 0.01, alpha 0.5: v1 = 0.01 * 1e4 = 100; theta2 = 1e4 * 1.0025 = 10025,
    // v2 = 1.01 * 10025 - 1e4 = 125.25.
    const v = etsForecastVariance(fakeFit('MNN', { alpha: 0.5 }, 100, 0, [], 0.01), 2)!;
    expect(v[0]).toBeCloseTo(100, 9);
    expect(v[1]).toBeCloseTo(125.25, 9);
  });

  it('class 3 has no closed form here', () => {
    expect(etsForecastVariance(fakeFit('MNM', { alpha: 0.5, gamma: 0.1 }, 100, 0, [1.1, 0.9], 0.01), 3)).toBeNull();
  });

  it('the simulator reproduces the exact AAN and MAN variances (checks both against each other)', () => {
    for (const spec of ['AAN', 'MAN']) {
      const fit = fakeFit(spec, { alpha: 0.4, beta: 0.1 }, 100, 1, [], spec === 'AAN' ? 4 : 0.0004);
      const h = 6;
      const n = 20000;
      const paths = etsSimulate(fit, h, n, { seed: 1 });
      const exact = etsForecastVariance(fit, h)!;
      const mean = etsPointForecast(fit, h);
      for (const k of [0, 5]) {
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < n; i++) {
          s += paths[i * h + k]!;
          s2 += paths[i * h + k]! ** 2;
        }
        const mu = s / n;
        expect(mu).toBeCloseTo(mean[k]!, 0);
        // 20k draws: the sample variance is within ~2 % (1 sd) of the truth; allow 5 %.
        expect(Math.abs((s2 / n - mu * mu) / exact[k]! - 1)).toBeLessThan(0.05);
      }
    }
  });
});

describe('etsQuantiles', () => {
  it('gives mean + z sd for linear models and ordered, seeded quantiles for class 3', () => {
    const ann = fakeFit('ANN', { alpha: 0.5 }, 10, 0, [], 4);
    const mean = etsPointForecast(ann, 2);
    const q = etsQuantiles(ann, 2, [0.5, 0.975], mean);
    expect(q.get(0.5)![0]).toBe(10);
    expect(q.get(0.975)![0]).toBeCloseTo(10 + 1.959964 * 2, 5);
    expect(q.get(0.975)![1]).toBeCloseTo(10 + 1.959964 * Math.sqrt(5), 5);

    const mnm = fakeFit('MNM', { alpha: 0.3, gamma: 0.1 }, 100, 0, [1.2, 0.8], 0.0025);
    const mm = etsPointForecast(mnm, 4);
    const levels = [0.1, 0.5, 0.9];
    const a = etsQuantiles(mnm, 4, levels, mm);
    const b = etsQuantiles(mnm, 4, levels, mm);
    for (let k = 0; k < 4; k++) {
      expect(a.get(0.1)![k]).toBeLessThan(a.get(0.5)![k]!);
      expect(a.get(0.5)![k]).toBeLessThan(a.get(0.9)![k]!);
      expect(a.get(0.5)![k]).toBeCloseTo(mm[k]!, -1);
      expect(a.get(0.9)![k]).toBe(b.get(0.9)![k]);
    }
    // One step ahead is exactly normal with sd = 0.05 * 120: the 0.9 quantile is 120 + 1.2816 * 6.
    expect(a.get(0.9)![0]! / (120 + 1.2816 * 6)).toBeCloseTo(1, 2);
  });
});
