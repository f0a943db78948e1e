import { describe, expect, it } from 'vitest';
import { brentMinimize } from '../../../../pipelines/forecast/optim/brent.ts';

describe('brentMinimize', () => {
  it('finds the vertex of a parabola', () => {
    const r = brentMinimize((x) => (x - 2) ** 2 + 1, 0, 5, 1e-8);
    expect(r.x).toBeCloseTo(2, 6);
    expect(r.fx).toBeCloseTo(1, 10);
  });

  it('finds pi as the minimum of cos on [2, 4] in few evaluations', () => {
    const r = brentMinimize(Math.cos, 2, 4, 1e-8);
    expect(r.x).toBeCloseTo(Math.PI, 6);
    expect(r.evaluations).toBeLessThan(30);
  });

  it('goes to the bracket edge when the function is monotone', () => {
    const r = brentMinimize((x) => x, 0.1, 0.9, 1e-6);
    expect(r.x).toBeLessThan(0.1 + 1e-4);
  });

  it('handles a non-smooth minimum', () => {
    const r = brentMinimize((x) => Math.abs(x - 0.3), 0, 1, 1e-7);
    expect(r.x).toBeCloseTo(0.3, 5);
  });
});
