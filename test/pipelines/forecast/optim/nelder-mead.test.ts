import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../../pipelines/forecast/optim/nelder-mead.ts';

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum at (1, 1) from the classic start (-1.2, 1)', () => {
    const rosen = (x: Float64Array): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
    const r = nelderMead(rosen, [-1.2, 1], { maxEvaluations: 2000, relTolerance: 1e-14, absTolerance: 1e-14 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
    expect(r.value).toBeLessThan(1e-7);
  });

  it('stops on a bound when the unconstrained minimum lies outside the box', () => {
    // (x - 3)^2 + (y + 1)^2 on [0, 2] x [0, 5]: minimum at the corner (2, 0), value 1 + 1 = 2.
    const f = (x: Float64Array): number => (x[0]! - 3) ** 2 + (x[1]! + 1) ** 2;
    const r = nelderMead(f, [1, 1], { lower: [0, 0], upper: [2, 5], relTolerance: 1e-12, absTolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(2, 6);
    expect(r.x[1]).toBeCloseTo(0, 6);
    expect(r.value).toBeCloseTo(2, 8);
  });

  it('never hands the objective a point outside the box', () => {
    let outside = 0;
    const f = (x: Float64Array): number => {
      if (x[0]! < 0.1 || x[0]! > 0.9) outside++;
      return -x[0]!;
    };
    const r = nelderMead(f, [0.5], { lower: [0.1], upper: [0.9] });
    expect(outside).toBe(0);
    expect(r.x[0]).toBeCloseTo(0.9, 10);
  });

  it('treats non-finite values as very bad instead of failing, and respects the budget', () => {
    const f = (x: Float64Array): number => (x[0]! > 1 ? NaN : (x[0]! - 0.5) ** 2);
    const r = nelderMead(f, [0.9], { maxEvaluations: 40, step: [0.5] });
    expect(r.evaluations).toBeLessThanOrEqual(42); // the last iteration may finish a contraction
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.x[0]).toBeCloseTo(0.5, 2);
  });

  it('is deterministic', () => {
    const f = (x: Float64Array): number => Math.sin(3 * x[0]!) + (x[1]! - 0.2) ** 2 + 0.1 * x[0]! ** 2;
    const a = nelderMead(f, [0.3, 0.7]);
    const b = nelderMead(f, [0.3, 0.7]);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.evaluations).toBe(b.evaluations);
  });
});
