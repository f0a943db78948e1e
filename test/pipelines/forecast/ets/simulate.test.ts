import { describe, expect, it } from 'vitest';
import { fitEts } from '../../../../pipelines/forecast/ets/fit.ts';
import { etsForecastVariance, etsPointForecast } from '../../../../pipelines/forecast/ets/forecast.ts';
import { normalQuantile } from '../../../../pipelines/forecast/ets/normal.ts';
import { etsSimulate, sampleQuantile, stratifiedNormals } from '../../../../pipelines/forecast/ets/simulate.ts';

describe('sampleQuantile', () => {
  it('equals the sort-based type-7 quantile', () => {
    let s = 12345;
    const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [1, 2, 7, 100, 1001]) {
      const a = Float64Array.from({ length: n }, () => Math.round(rand() * 50)); // with ties
      const sorted = Float64Array.from(a).sort();
      for (const p of [0, 0.1, 0.5, 0.8, 0.95, 0.99, 1]) {
        const pos = (n - 1) * p;
        const lo = Math.floor(pos);
        const ref = sorted[lo]! + (pos - lo) * (sorted[Math.min(lo + 1, n - 1)]! - sorted[lo]!);
        expect(sampleQuantile(Float64Array.from(a), p)).toBeCloseTo(ref, 12);
      }
    }
  });
});

describe('stratified simulation', () => {
  it('stratified scores are symmetric normal quantiles', () => {
    const z = stratifiedNormals(4);
    expect(z[0]).toBeCloseTo(normalQuantile(0.125), 12);
    expect(z[0]! + z[3]!).toBeCloseTo(0, 12);
  });

  it('reproduces the exact ETS(A,A,N) quantiles: near-exact at step 1, within Monte-Carlo error later', () => {
    const y = Float64Array.from({ length: 40 }, (_, t) => 10 + 0.5 * t + ((t * 7) % 5) - 2);
    const fit = fitEts(y, 'AAN', { fixed: { alpha: 0.4, beta: 0.1 } });
    const h = 8;
    const n = 1000;
    const paths = etsSimulate(fit, h, n, { stratified: true });
    const v = etsForecastVariance(fit, h)!;
    const mean = etsPointForecast(fit, h);
    const col = new Float64Array(n);
    for (const k of [0, 7]) {
      for (let i = 0; i < n; i++) col[i] = paths[i * h + k]!;
      const sd = Math.sqrt(v[k]!);
      for (const p of [0.05, 0.5, 0.99]) {
        const z = normalQuantile(p);
        const exact = mean[k]! + z * sd;
        // Step 1 sees the strata themselves: error ~ the stratum width (0.02 sd at p 0.99, where
        // iid draws would give ~0.12 sd). Later steps sum shuffled
        // strata, so the usual sample-quantile error applies: sd sqrt(p(1-p)/n) / phi(z); allow 4x.
        const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        const tol = k === 0 ? 0.03 * sd : (4 * sd * Math.sqrt((p * (1 - p)) / n)) / density;
        expect(Math.abs(sampleQuantile(col, p) - exact), `step ${k + 1}, p ${p}`).toBeLessThan(tol);
      }
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    const y = Float64Array.from({ length: 30 }, (_, t) => 20 + Math.sin(t));
    const fit = fitEts(y, 'MNN');
    expect(Array.from(etsSimulate(fit, 3, 50, { seed: 1 }))).toEqual(Array.from(etsSimulate(fit, 3, 50, { seed: 1 })));
    expect(Array.from(etsSimulate(fit, 3, 50, { seed: 1 }))).not.toEqual(Array.from(etsSimulate(fit, 3, 50, { seed: 2 })));
  });
});
