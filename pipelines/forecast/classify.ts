/**
 * Demand-pattern classification of Syntetos, Boylan & Croston (2005): ADI (average inter-demand
 * interval) against 1.32 and CV^2 of the non-zero sizes against 0.49, the cut-offs where SBA starts
 * to beat SES (and vice versa) in their MSE comparison. Two extra classes keep routing total:
 * 'zero' (no demand at all) and 'short' (too little history to estimate anything).
 */

export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'zero' | 'short';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandProfile {
  readonly demandClass: DemandClass;
  /** Known periods / non-zero periods (Infinity when there is no demand). */
  readonly adi: number;
  /** Squared coefficient of variation of the non-zero sizes (sample variance; 0 with one demand). */
  readonly cv2: number;
  readonly observed: number;
  readonly nonZero: number;
  /** Share of known periods that are zero. */
  readonly zeroShare: number;
}

export interface ClassifyOptions {
  /** Fewer known periods than this is 'short'. @defaultValue 8 */
  readonly minObservations?: number;
  /** Fewer non-zero demands than this is 'short'. @defaultValue 2 */
  readonly minDemands?: number;
}

/**
 * ADI here is known periods over demands, i.e. the mean interval counting the first one from the start
 * and spreading trailing zeros, a stable reading for short series. Negative values are not demand.
 */
export function classifyDemand(y: Float64Array, options: ClassifyOptions = {}): DemandProfile {
  let observed = 0;
  let nonZero = 0;
  let sum = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t]!;
    if (Number.isNaN(v)) continue;
    observed++;
    if (v > 0) {
      nonZero++;
      sum += v;
    }
  }
  let cv2 = 0;
  if (nonZero > 1) {
    const mean = sum / nonZero;
    let ss = 0;
    for (let t = 0; t < y.length; t++) if (y[t]! > 0) ss += (y[t]! - mean) ** 2;
    cv2 = ss / (nonZero - 1) / (mean * mean);
  }
  const adi = nonZero > 0 ? observed / nonZero : Infinity;
  const zeroShare = observed > 0 ? (observed - nonZero) / observed : Number.NaN;
  let demandClass: DemandClass;
  if (observed > 0 && nonZero === 0) demandClass = 'zero';
  else if (observed < (options.minObservations ?? 8) || nonZero < (options.minDemands ?? 2)) demandClass = 'short';
  else if (adi < ADI_CUTOFF) demandClass = cv2 < CV2_CUTOFF ? 'smooth' : 'erratic';
  else demandClass = cv2 < CV2_CUTOFF ? 'intermittent' : 'lumpy';
  return { demandClass, adi, cv2, observed, nonZero, zeroShare };
}

/** Model names understood by the intermittent selector; 'ets' means the caller's ETS/SES family. */
export type RoutedModel = 'ets' | 'ses' | 'croston' | 'sba' | 'tsb' | 'adida' | 'imapa' | 'mean' | 'zero';

/**
 * Candidate models per class, first choice first. Smooth and erratic demand is SES territory (SBC's
 * result); intermittent is SBA's; lumpy adds aggregation because sizes are too noisy to smooth per
 * period. TSB leads both intermittent classes: it is the only one that lets the forecast decay while
 * an item stops selling, and slow movers in small stores are discontinued often (on carparts it was
 * also the best single model of the three).
 */
export const CLASS_ROUTES: Readonly<Record<DemandClass, readonly RoutedModel[]>> = {
  smooth: ['ets', 'ses'],
  erratic: ['ets', 'ses', 'imapa'],
  intermittent: ['tsb', 'sba', 'imapa'],
  lumpy: ['tsb', 'imapa', 'sba'],
  zero: ['zero'],
  short: ['mean'],
};

export function routeModels(demandClass: DemandClass): readonly RoutedModel[] {
  return CLASS_ROUTES[demandClass];
}
