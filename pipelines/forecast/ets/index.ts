export { autoEts, candidateSpecs, etsForecast, etsModel, fitCandidates, makeAutoEts, selectEts, type AutoEtsOptions } from './auto.ts';
export { akaikeWeights, etsAicWeighted, makeEtsAicWeighted, weightedEtsForecast } from './weighted.ts';
export { fallbackForecast, fallbackReason, MIN_ETS_OBSERVATIONS } from './fallback.ts';
export { fitEts, informationCriteria, type EtsFit, type EtsFitOptions, type InitialMode } from './fit.ts';
export { etsForecastVariance, etsPointForecast, etsQuantiles, SIMULATION_PATHS } from './forecast.ts';
export { etsSimulate, sampleQuantile, stratifiedNormals, type SimulateOptions } from './simulate.ts';
export { normalQuantile } from './normal.ts';
export type { SmoothingParams } from './filter.ts';
export { parseSpec, specClass, specName, type EtsSpec, type ErrorType, type SeasonType, type TrendType } from './spec.ts';
