/**
 * Public entry to the intermittent-demand models (implementations under ./intermittent/).
 */
export {
  adida, asModel, constantForecast, croston, fitAdida, fitCroston, fitImapa, fitMean, fitOptimisedCroston, fitSba, fitSes,
  fitTsb, fitZero, imapa, optimisedCroston, sba, sesDemand, tsb,
} from './intermittent/models.ts';
export type { DemandFit, DemandFitter } from './intermittent/models.ts';
export { autoIntermittent, demandFitter, forecastIntermittent } from './intermittent/auto.ts';
export type { AutoIntermittentOptions, IntermittentResult, IntermittentStrategy } from './intermittent/auto.ts';
export { demandEvents, knownValues } from './intermittent/events.ts';
export type { DemandEvents } from './intermittent/events.ts';
export { demandQuantiles, isCountSeries } from './intermittent/quantiles.ts';
