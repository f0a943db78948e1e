import { describe, expect, it } from 'vitest';
import { fitSpikeSlab, spikeSlabPosterior } from '../../../pipelines/calendar/spike-slab.ts';
import { normalQuantile } from '../../../pipelines/forecast/ets/normal.ts';

describe('spikeSlabPosterior', () => {
  it('is the normal posterior when no column is null, none when all are, and in between by Bayes factor', () => {
    // pi0 = 0: x * tau^2 / (tau^2 + v), sd sqrt(tau^2 v / (tau^2 + v)).
    const slab = spikeSlabPosterior(0.4, 0.01, { pi0: 0, tau: 0.3 });
    expect(slab.mean).toBeCloseTo((0.4 * 0.09) / 0.1, 12);
    expect(slab.sd).toBeCloseTo(Math.sqrt((0.09 * 0.01) / 0.1), 12);
    expect(spikeSlabPosterior(0.4, 0.01, { pi0: 1, tau: 0.3 }).mean).toBe(0);
    // pi0 = 0.5, x = 0.2, v = 0.01, tau = 0.3: P(effect) = N(0.2; 0, 0.1) / (N(0.2; 0, 0.01) + N(0.2; 0, 0.1)).
    const n = (x: number, v: number): number => Math.exp(-0.5 * x * x / v) / Math.sqrt(2 * Math.PI * v);
    const p1 = n(0.2, 0.1) / (n(0.2, 0.01) + n(0.2, 0.1));
    expect(spikeSlabPosterior(0.2, 0.01, { pi0: 0.5, tau: 0.3 }).mean).toBeCloseTo(p1 * 0.2 * 0.9, 12);
  });
});

describe('fitSpikeSlab', () => {
  it('leaves pure noise with no effect, and keeps a few large effects while shrinking the noise', () => {
    // Evidence at the noise's own normal quantiles over 41 columns, v = 0.01. Null columns or a
    // slab of tiny spread explain it equally well; either way every posterior is about none.
    const noise = Array.from({ length: 41 }, (_, i) => ({ x: 0.1 * normalQuantile((i + 0.5) / 41), v: 0.01 }));
    const flat = fitSpikeSlab(noise);
    for (const e of noise) expect(Math.abs(spikeSlabPosterior(e.x, e.v, flat).mean)).toBeLessThan(0.02);
    const mixed = [...noise, { x: 1.1, v: 0.01 }, { x: 0.9, v: 0.01 }, { x: 1.0, v: 0.01 }];
    const fit = fitSpikeSlab(mixed);
    expect(fit.pi0).toBeGreaterThan(0.8);
    expect(fit.pi0).toBeLessThan(0.97);
    expect(fit.tau).toBeGreaterThan(0.5);
    expect(spikeSlabPosterior(1.0, 0.01, fit).mean).toBeGreaterThan(0.95);
    expect(Math.abs(spikeSlabPosterior(0.15, 0.01, fit).mean)).toBeLessThan(0.03);
    expect(fitSpikeSlab([])).toEqual({ pi0: 1, tau: 0 });
  });
});
