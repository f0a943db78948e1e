import { describe, expect, it } from 'vitest';
import { conformalQuantiles, conformalRank, stepScales } from '../../../pipelines/forecast/conformal.ts';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('conformal quantiles', () => {
  it('uses the ceil((n+1)p)-th smallest error above the median and floor below it', () => {
    // Errors -2..2 at one step, forecast 10: RMS sqrt(2) standardises and then cancels out.
    const q = conformalQuantiles(f64([10]), [f64([2, -1, 0, 1, -2])], [0.2, 0.5, 0.8])!;
    expect(q.get(0.5)![0]).toBeCloseTo(10, 12); // rank ceil(6*0.5) = 3 -> error 0
    expect(q.get(0.8)![0]).toBeCloseTo(12, 12); // rank ceil(4.8) = 5 -> error 2
    expect(q.get(0.2)![0]).toBeCloseTo(8, 12); // rank floor(1.2) = 1 -> error -2
  });

  it('falls back to a normal tail, never narrower than the largest error, when the rank overflows', () => {
    const sorted = f64([-1, 0, 1]);
    // n = 3: rank ceil(4*0.99) = 4 > 3; RMS = sqrt(2/3); z(0.99) = 2.3263 (simple-statistics' probit is an
    // approximation good to ~0.3 %, plenty for a tail fallback, hence the loose tolerance).
    expect(conformalRank(sorted, 0.99)).toBeCloseTo(2.326348 * Math.sqrt(2 / 3), 1);
    expect(conformalRank(sorted, 0.99)).toBeGreaterThan(1);
    // 49 zeros and one 10: rank ceil(51*0.99) = 51 > 50; the normal tail 2.33*10/sqrt(50) = 3.3 is narrower
    // than the largest error, so the largest error is kept.
    const spiky = new Float64Array(50);
    spiky[49] = 10;
    expect(conformalRank(spiky, 0.99)).toBe(10);
    expect(conformalRank(spiky.map((v) => -v).sort(), 0.005)).toBe(-10);
  });

  it('maps pooled standardised errors back with each step scale', () => {
    // Step 2 errors are twice step 1's: same standardised values, twice the width.
    const e1 = f64([-2, -1, 0, 1, 2]);
    const e2 = e1.map((v) => 2 * v);
    const q = conformalQuantiles(f64([0, 0]), [e1, e2], [0.8])!.get(0.8)!;
    // n = 10 pooled, rank ceil(11*0.8) = 9 -> z = 2/sqrt(2); scales sqrt(2) and 2 sqrt(2).
    expect(q[0]).toBeCloseTo(2, 12);
    expect(q[1]).toBeCloseTo(4, 12);
  });

  it('step scales follow a fitted power law: sqrt(step) from one step, never shrinking', () => {
    const s = stepScales([f64([1, -1]), new Float64Array(0), new Float64Array(0), new Float64Array(0)]);
    expect([...s].map((v) => +v.toFixed(6))).toEqual([1, +Math.SQRT2.toFixed(6), +Math.sqrt(3).toFixed(6), 2]);
    // RMS 2 then 1: the fitted exponent is negative, clamped to 0, so both take the geometric mean sqrt(2).
    const flat = stepScales([f64([2, -2]), f64([1, -1])]);
    expect(flat[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(flat[1]).toBeCloseTo(Math.SQRT2, 12);
    // RMS 1, 2, 4 at steps 1, 2, 4: exactly k^1.
    const lin = stepScales([f64([1]), f64([2]), new Float64Array(0), f64([-4])]);
    expect([...lin].map((v) => +v.toFixed(9))).toEqual([1, 2, 3, 4]);
  });

  it('a single large error sets the top quantile', () => {
    // RMS 1.734 at both steps, so b = 0 and the scale is 1.734; z of the error 3 is 1.73, the 6th of 6.
    const errs = [f64([0.1, -0.1, 3]), f64([0.1, -0.1, 3])];
    const q = conformalQuantiles(f64([0, 0]), errs, [0.8])!.get(0.8)!;
    expect(q[0]).toBeCloseTo(3, 9);
  });

  it('returns undefined when there are no errors', () => {
    expect(conformalQuantiles(f64([1, 2]), [], [0.9])).toBeUndefined();
  });
});
