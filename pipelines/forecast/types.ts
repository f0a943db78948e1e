/**
 * The contract every forecasting model in this folder meets. Pure functions over Float64Array:
 * no I/O, no globals, no clocks. Missing observations are NaN.
 */

/** Options a model may read; each model ignores what it has no use for. */
export interface FitOptions {
  /** Seasonal period (12 monthly, 4 quarterly, 7 daily with a weekly cycle); 1 = none. @defaultValue 1 */
  readonly period?: number;
  /** Quantile levels wanted, each in (0, 1). @defaultValue DEFAULT_QUANTILES */
  readonly quantiles?: readonly number[];
}

export const DEFAULT_QUANTILES: readonly number[] = [0.5, 0.8, 0.9, 0.95, 0.99];

export interface Forecast {
  /** Model name as shown to users, e.g. "ETS(M,Ad,M)", "Theta", "Croston-SBA". */
  readonly model: string;
  /** Point forecast (mean) per step, length h. */
  readonly mean: Float64Array;
  /**
   * Quantiles per level: quantiles.get(0.9)![k] is the 0.9 quantile at step k+1. Present when the
   * model has an analytic distribution; otherwise the selection layer adds conformal ones.
   */
  readonly quantiles?: ReadonlyMap<number, Float64Array>;
  /** In-sample one-step fitted values (NaN where undefined), for residual-based intervals. */
  readonly fitted?: Float64Array;
  /** Information criterion where the model has a likelihood (AICc), for selection within a family. */
  readonly aicc?: number;
}

/** A model: fit on y, forecast h steps. Must not throw on short, constant or all-zero input. */
export type Model = (y: Float64Array, h: number, options?: FitOptions) => Forecast;
