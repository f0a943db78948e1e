import type { FitOptions, Model } from './types.ts';

/** Where the rolling-origin backtest cuts the history. */
export interface RollingOriginOptions {
  /** Number of forecast origins. @defaultValue 3 */
  readonly origins?: number;
  /** Steps between consecutive origins. @defaultValue 1 */
  readonly step?: number;
  /** Shortest training prefix a model is fitted on. @defaultValue 2 * period, at least 4 */
  readonly minTrain?: number;
  /**
   * 'full': origins end at n - h so every window has all h steps; 'partial': origins end at n - 1 and
   * later windows are cut short, which gives many more errors for the near steps. @defaultValue 'full'
   */
  readonly windows?: 'full' | 'partial';
  /** Options passed to the model at every origin. */
  readonly fit?: FitOptions;
}

/** One backtest: at each origin, the forecast from the prefix and the actuals that followed. */
export interface Backtest {
  /** Training lengths used, oldest first. */
  readonly origins: readonly number[];
  /** forecasts[j][k]: forecast from origin j at step k+1 (length <= h when the window is cut short). */
  readonly forecasts: readonly Float64Array[];
  /** actuals[j][k]: the value observed at that step (NaN when missing). */
  readonly actuals: readonly Float64Array[];
}

/**
 * Training lengths for a rolling-origin backtest. Full h-step windows are preferred because every step
 * then gets an error from every origin; a history too short for them falls back to the latest origins
 * with truncated windows, so selection still sees out-of-sample errors for the near steps.
 */
export function originPoints(n: number, h: number, options: RollingOriginOptions = {}): number[] {
  const count = Math.max(1, options.origins ?? 3);
  const step = Math.max(1, options.step ?? 1);
  const period = options.fit?.period ?? 1;
  const minTrain = Math.max(4, options.minTrain ?? 2 * period);
  const last = options.windows !== 'partial' && n - h >= minTrain ? n - h : n - 1;
  const points: number[] = [];
  for (let j = count - 1; j >= 0; j--) {
    const o = last - j * step;
    if (o >= minTrain && o < n) points.push(o);
  }
  return points;
}

/** Fits `model` on each prefix y[0..o) and forecasts the following min(h, n-o) steps. */
export function rollingOrigin(model: Model, y: Float64Array, h: number, options: RollingOriginOptions = {}): Backtest {
  const origins = originPoints(y.length, h, options);
  const forecasts: Float64Array[] = [];
  const actuals: Float64Array[] = [];
  for (const o of origins) {
    const steps = Math.min(h, y.length - o);
    const fc = model(y.subarray(0, o), steps, options.fit);
    forecasts.push(fc.mean.slice(0, steps));
    actuals.push(y.slice(o, o + steps));
  }
  return { origins, forecasts, actuals };
}

/** errors[k] holds y - f at step k+1 across origins, missing actuals dropped. */
export function stepErrors(backtest: Backtest, h: number): Float64Array[] {
  const buckets: number[][] = Array.from({ length: h }, () => []);
  backtest.forecasts.forEach((fc, j) => {
    const act = backtest.actuals[j]!;
    for (let k = 0; k < fc.length && k < h; k++) {
      const e = act[k]! - fc[k]!;
      if (!Number.isNaN(e)) buckets[k]!.push(e);
    }
  });
  return buckets.map((b) => Float64Array.from(b));
}

/** Mean squared backtest error pooled over origins and steps; NaN when nothing was scored. */
export function backtestMse(backtest: Backtest): number {
  let sum = 0;
  let n = 0;
  backtest.forecasts.forEach((fc, j) => {
    const act = backtest.actuals[j]!;
    for (let k = 0; k < fc.length; k++) {
      const e = act[k]! - fc[k]!;
      if (Number.isNaN(e)) continue;
      sum += e * e;
      n++;
    }
  });
  return n === 0 ? Number.NaN : sum / n;
}
