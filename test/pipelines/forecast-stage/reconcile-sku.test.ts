/**
 * MinT's covariance comes from the base models' own one-step errors: of two stores whose histories
 * look alike to a seasonal naive forecast, the one whose model errs more takes the larger share of
 * the village's correction. A block where a node has no base errors uses the stand-in for every node.
 */
import { describe, expect, it } from 'vitest';
import { LEVELS_STORED, RESIDUAL_DAYS, type SeriesForecast } from '../../../pipelines/forecast-stage/engine.ts';
import { nodeKey } from '../../../pipelines/forecast-stage/geography.ts';
import { reconcileSku, type SkuReconcileStats } from '../../../pipelines/forecast-stage/reconcile-sku.ts';
import { buildSkuTree } from '../../../pipelines/forecast-stage/sku-tree.ts';
import { lcg } from './fixture.ts';

const H = 7;
const place = (storeId: string) => ({ storeId, villageId: 'V', townId: 'T', countyId: 'C', provinceId: 'P' });
const tree = buildSkuTree([place('A'), place('B')]);
const keys = { a: nodeKey('store', 'A'), b: nodeKey('store', 'B'), v: nodeKey('village', 'V'), t: nodeKey('town', 'T'), c: nodeKey('county', 'C'), p: nodeKey('province', 'P') };

function noise(seed: number, sd: number): Float64Array {
  const rand = lcg(seed);
  return Float64Array.from({ length: RESIDUAL_DAYS }, () => sd * (rand() + rand() + rand() - 1.5) * 2);
}

function forecast(mean: number, residuals?: Float64Array): SeriesForecast {
  const m = new Float64Array(H).fill(mean);
  return { model: 'm', route: 'test', mean: m, quantiles: LEVELS_STORED.map(() => m.slice()), dispersion: Number.NaN, levelCv: Number.NaN, ...(residuals ? { residuals } : {}) };
}

describe('reconcileSku', () => {
  // Both stores' histories are the same weekly pattern: a seasonal naive forecast errs alike on both.
  const y = Float64Array.from({ length: 112 }, (_, t) => 10 + (t % 7) + ((t * 7919) % 5));
  const history = new Map(Object.values(keys).map((k) => [k, k === keys.a || k === keys.b ? y : y.map((v) => 2 * v)]));
  const ra = noise(1, 0.2);
  const rb = noise(2, 4);
  const sum = ra.map((v, i) => v + rb[i]!);
  const withErrors = (ownA: boolean) => new Map([
    [keys.a, forecast(10, ownA ? ra : undefined)], [keys.b, forecast(10, rb)],
    // The parents' forecasts say 30 where the stores sum to 20: the correction to share out.
    [keys.v, forecast(30, sum)], [keys.t, forecast(30, sum)], [keys.c, forecast(30, sum)], [keys.p, forecast(30, sum)],
  ]);
  const share = (out: ReturnType<typeof reconcileSku>): number => {
    const a = out.get(keys.a)!.mean[0]! - 10;
    const b = out.get(keys.b)!.mean[0]! - 10;
    return b / (a + b);
  };

  it('gives the store whose model errs more most of the correction', () => {
    const stats: SkuReconcileStats = { blocks: 0, fallbacks: 0 };
    const out = reconcileSku(tree, withErrors(true), history, H, 'mint-shrink', stats);
    expect(stats.naiveErrors ?? 0).toBe(0);
    expect(share(out)).toBeGreaterThan(0.8);
    const v = out.get(keys.v)!.mean[0]!;
    expect(out.get(keys.a)!.mean[0]! + out.get(keys.b)!.mean[0]!).toBeCloseTo(v, 9);
  });

  it('uses the seasonal naive stand-in for the whole block when a node has no base errors', () => {
    const stats: SkuReconcileStats = { blocks: 0, fallbacks: 0 };
    const out = reconcileSku(tree, withErrors(false), history, H, 'mint-shrink', stats);
    expect(stats.naiveErrors).toBe(1);
    // Alike to the stand-in, the two stores share the correction about equally.
    expect(share(out)).toBeGreaterThan(0.4);
    expect(share(out)).toBeLessThan(0.6);
  });
});
