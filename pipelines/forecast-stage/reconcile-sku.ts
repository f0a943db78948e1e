/**
 * Coherent forecasts for one SKU. Each county block (county -> towns -> [villages] -> stores) is
 * reconciled on its own with the chosen method (MinT with shrinkage by default; its dense systems
 * stay small per county), then a province is the sum of its reconciled counties. Means of every
 * parent are therefore sums of their children's; quantiles keep each node's own base shape,
 * shifted onto the reconciled mean (pipelines/reconcile/quantiles.ts).
 *
 * MinT and WLS need one-step errors per node: the base models' own, over their last RESIDUAL_DAYS
 * (engine.ts keeps them). Where a node of a county block has none (a model without fitted values),
 * the whole block uses the errors of a weekly seasonal naive forecast instead, a stand-in for the
 * covariance structure rather than the base models' error sizes, and never a mix of the two: their
 * scales differ, and MinT would read the difference as one node being noisier than another.
 */
import { buildHierarchy, reconcile, shiftQuantiles } from '../reconcile/index.ts';
import type { ReconcileMethod } from '../reconcile/index.ts';
import { LEVELS_STORED, RESIDUAL_DAYS } from './engine.ts';
import type { SeriesForecast } from './engine.ts';
import type { SkuTree } from './sku-tree.ts';

export type StageMethod = Extract<ReconcileMethod, 'bottom-up' | 'wls-var' | 'mint-shrink'>;

export { RESIDUAL_DAYS };

export interface NodeForecast {
  readonly model: string;
  readonly mean: Float64Array;
  readonly quantiles: readonly Float64Array[];
}

export interface SkuReconcileStats {
  blocks: number;
  fallbacks: number;
  /** Blocks reconciled with the seasonal naive stand-in because a node had no base-model errors. */
  naiveErrors?: number;
  /** Fallback reasons with their counts (digits masked so like reasons group). */
  reasons?: Record<string, number>;
}

export function reconcileSku(
  tree: SkuTree,
  base: ReadonlyMap<string, SeriesForecast>,
  history: ReadonlyMap<string, Float64Array>,
  h: number,
  method: StageMethod,
  stats: SkuReconcileStats = { blocks: 0, fallbacks: 0 },
): Map<string, NodeForecast> {
  const out = new Map<string, NodeForecast>();
  const tag = (model: string, used: string): string => `${model}|${used}`;
  for (const pairs of tree.countyPairs.values()) {
    const hier = buildHierarchy(pairs);
    const n = hier.ids.length;
    const baseMean = new Float64Array(n * h);
    const baseQ = new Map<number, Float64Array>(LEVELS_STORED.map((p) => [p, new Float64Array(n * h)]));
    hier.ids.forEach((id, i) => {
      const f = base.get(id);
      if (!f) return;
      baseMean.set(f.mean, i * h);
      LEVELS_STORED.forEach((p, j) => (baseQ.get(p) as Float64Array).set(f.quantiles[j] as Float64Array, i * h));
    });
    let used: string = method;
    let values: Float64Array;
    try {
      if (method === 'bottom-up') values = reconcile(hier, baseMean, h, { method }).values;
      else {
        const t = RESIDUAL_DAYS;
        const residuals = new Float64Array(n * t);
        const own = hier.ids.map((id) => base.get(id)?.residuals);
        if (own.every(hasErrors)) {
          own.forEach((r, i) => residuals.set((r as Float64Array).map((v) => (Number.isFinite(v) ? v : 0)), i * t));
        } else {
          stats.naiveErrors = (stats.naiveErrors ?? 0) + 1;
          hier.ids.forEach((id, i) => seasonalNaiveErrors(history.get(id), t, residuals.subarray(i * t, (i + 1) * t)));
        }
        const res = reconcile(hier, baseMean, h, { method, residuals, t });
        values = res.values;
        used = res.method;
        if (res.method !== method) note(stats, res.fallbackReason ?? 'unknown');
      }
    } catch (err) {
      // A singular block is reconciled bottom-up rather than failing the whole run; the reason is kept.
      values = reconcile(hier, baseMean, h, { method: 'bottom-up' }).values;
      used = 'bottom-up';
      note(stats, `solver error, bottom-up: ${err instanceof Error ? err.message : String(err)}`);
    }
    stats.blocks += 1;
    const q = shiftQuantiles(baseMean, values, baseQ);
    hier.ids.forEach((id, i) => {
      out.set(id, {
        model: tag(base.get(id)?.model ?? 'none', used),
        mean: values.slice(i * h, (i + 1) * h),
        quantiles: LEVELS_STORED.map((p) => (q.get(p) as Float64Array).slice(i * h, (i + 1) * h)),
      });
    });
  }
  for (const [province, counties] of tree.countiesOf) {
    const mean = new Float64Array(h);
    for (const c of counties) {
      const m = (out.get(c) as NodeForecast).mean;
      for (let k = 0; k < h; k++) mean[k] = (mean[k] as number) + (m[k] as number);
    }
    const f = base.get(province);
    const quantiles = f
      ? LEVELS_STORED.map((p, j) => {
          const one = shiftQuantiles(f.mean, mean, new Map([[p, f.quantiles[j] as Float64Array]]));
          return one.get(p) as Float64Array;
        })
      : LEVELS_STORED.map(() => mean.slice());
    monotone(quantiles, h);
    out.set(province, { model: tag(f?.model ?? 'none', 'sum'), mean, quantiles });
  }
  for (const [village, store] of tree.aliases) {
    const s = out.get(store);
    if (s) out.set(village, s);
  }
  return out;
}

/** Base-model errors usable for the covariance: the full window, at least half of it known. */
function hasErrors(r: Float64Array | undefined): boolean {
  if (!r || r.length !== RESIDUAL_DAYS) return false;
  let known = 0;
  for (const v of r) if (Number.isFinite(v)) known += 1;
  return known >= RESIDUAL_DAYS / 2;
}

function note(stats: SkuReconcileStats, reason: string): void {
  stats.fallbacks += 1;
  const key = reason.replace(/\d+/g, 'N');
  stats.reasons ??= {};
  stats.reasons[key] = (stats.reasons[key] ?? 0) + 1;
}

/** Errors y_t - y_{t-7} over the last t days (NaN counted as 0: a product not yet listed sold nothing). */
function seasonalNaiveErrors(y: Float64Array | undefined, t: number, out: Float64Array): void {
  if (!y) {
    out.fill(0);
    return;
  }
  const n = y.length;
  for (let i = 0; i < t; i++) {
    const at = n - t + i;
    const a = at >= 0 ? (y[at] as number) : 0;
    const b = at - 7 >= 0 ? (y[at - 7] as number) : 0;
    out[i] = (Number.isNaN(a) ? 0 : a) - (Number.isNaN(b) ? 0 : b);
  }
}

function monotone(q: readonly Float64Array[], h: number): void {
  for (let j = 1; j < q.length; j++) {
    const lo = q[j - 1] as Float64Array;
    const hi = q[j] as Float64Array;
    for (let k = 0; k < h; k++) if ((hi[k] as number) < (lo[k] as number)) hi[k] = lo[k] as number;
  }
}
