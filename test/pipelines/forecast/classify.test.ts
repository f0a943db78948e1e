import { describe, expect, it } from 'vitest';
import { classifyDemand, routeModels } from '../../../pipelines/forecast/classify.ts';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('classifyDemand (Syntetos-Boylan-Croston)', () => {
  it('computes ADI and CV^2 by hand', () => {
    // 12 periods, 4 demands: ADI 3. Sizes 5,5,6,5: mean 5.25, sample var 0.25, CV^2 = 0.25/27.5625.
    const p = classifyDemand(f64([0, 0, 5, 0, 0, 5, 0, 0, 6, 0, 0, 5]));
    expect(p.adi).toBe(3);
    expect(p.cv2).toBeCloseTo(0.25 / 27.5625, 12);
    expect(p.demandClass).toBe('intermittent');
    expect(p.zeroShare).toBeCloseTo(8 / 12, 12);
  });

  it('sorts constructed series into the four quadrants', () => {
    expect(classifyDemand(f64([5, 6, 5, 7, 6, 5, 6, 5, 6, 7])).demandClass).toBe('smooth');
    expect(classifyDemand(f64([1, 20, 1, 25, 2, 30, 1, 18, 2, 22])).demandClass).toBe('erratic');
    expect(classifyDemand(f64([0, 0, 1, 0, 0, 30, 0, 0, 2, 0, 0, 40])).demandClass).toBe('lumpy');
  });

  it('uses the cut-offs inclusively on the intermittent/lumpy side', () => {
    // 25 demands in 33 periods: ADI = 1.32 exactly. Constant sizes: CV^2 = 0.
    const y = new Float64Array(33);
    for (let i = 0; i < 25; i++) y[i] = 2;
    expect(classifyDemand(y).adi).toBeCloseTo(1.32, 12);
    expect(classifyDemand(y).demandClass).toBe('intermittent');
    // Sizes 1 (13x) and 6 (12x): mean 3.4, sample variance (13*2.4^2 + 12*2.6^2)/24 = 6.5.
    for (let i = 0; i < 25; i++) y[i] = i % 2 === 0 ? 1 : 6;
    const p = classifyDemand(y);
    expect(p.cv2).toBeCloseTo(6.5 / 3.4 ** 2, 12);
    expect(p.demandClass).toBe('lumpy');
  });

  it("has 'zero' and 'short' classes and skips missing periods", () => {
    expect(classifyDemand(new Float64Array(20)).demandClass).toBe('zero');
    expect(classifyDemand(f64([0, 3, 0])).demandClass).toBe('short');
    expect(classifyDemand(f64([0, 0, 0, 0, 0, 0, 0, 0, 0, 4])).demandClass).toBe('short');
    const p = classifyDemand(f64([1, Number.NaN, 1, Number.NaN, 1, 1, 1, 1, 1, 1]));
    expect(p.observed).toBe(8);
    expect(p.adi).toBe(1);
    expect(p.demandClass).toBe('smooth');
  });

  it('routes each class to models', () => {
    expect(routeModels('intermittent')).toContain('sba');
    expect(routeModels('lumpy')).toContain('imapa');
    expect(routeModels('smooth')[0]).toBe('ets');
    expect(routeModels('zero')).toEqual(['zero']);
  });
});
