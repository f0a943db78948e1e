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

  it('step scales never shrink and grow like sqrt(step) past the last step with errors', () => {
    const s = stepScales([f64([1, -1]), new Float64Array(0), new Float64Array(0), new Float64Array(0)]);
    expect([...s].map((v) => +v.toFixed(6))).toEqual([1, +Math.SQRT2.toFixed(6), +Math.sqrt(3).toFixed(6), 2]);
    expect([...stepScales([f64([2, -2]), f64([1, -1])])]).toEqual([2, 2]);
  });

  it('returns undefined when there are no errors', () => {
    expect(conformalQuantiles(f64([1, 2]), [], [0.9])).toBeUndefined();
  });
});
