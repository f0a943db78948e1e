import { CodedError } from '../../errors.ts';

/** ETS components in the Hyndman–Koehler–Ord–Snyder (2008) taxonomy. */
export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad' | 'M' | 'Md';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: ErrorType;
  readonly trend: TrendType;
  readonly season: SeasonType;
}

/**
 * Integer codes the inner loops switch on (cheaper than string compares per time step).
 * trend: 0 N, 1 additive, 2 multiplicative; season: 0 N, 1 additive, 2 multiplicative.
 */
export interface SpecCodes {
  readonly multError: boolean;
  readonly trend: 0 | 1 | 2;
  readonly damped: boolean;
  readonly season: 0 | 1 | 2;
}

const SPEC_RE = /^([AM])(N|A|Ad|M|Md)([NAM])$/;

/** Parse "MAdM" (also accepts "M,Ad,M" and "ETS(M,Ad,M)"). */
export function parseSpec(text: string): EtsSpec {
  const compact = text.replace(/^ETS\(|\)$/g, '').replace(/[,\s]/g, '');
  const m = SPEC_RE.exec(compact);
  if (!m) throw new CodedError('BAD_ARGUMENT', `Not an ETS spec: "${text}" (expected e.g. "MAdM")`);
  return { error: m[1] as ErrorType, trend: m[2] as TrendType, season: m[3] as SeasonType };
}

export function specName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

export function specCodes(spec: EtsSpec): SpecCodes {
  const t = spec.trend;
  return {
    multError: spec.error === 'M',
    trend: t === 'N' ? 0 : t === 'A' || t === 'Ad' ? 1 : 2,
    damped: t === 'Ad' || t === 'Md',
    season: spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2,
  };
}

/**
 * HKOS 2008 ch. 6 classes: 1 = linear homoscedastic (exact Gaussian forecast variance),
 * 2 = multiplicative error with additive trend/season (exact variance), 3 = multiplicative error
 * and season (approximate only), 0 = anything else (no analytic variance; simulate).
 */
export function specClass(spec: EtsSpec): 0 | 1 | 2 | 3 {
  if (spec.trend === 'M' || spec.trend === 'Md') return 0;
  if (spec.error === 'A') return spec.season === 'M' ? 0 : 1;
  return spec.season === 'M' ? 3 : 2;
}

/** Number of smoothing/damping parameters the spec estimates. */
export function smoothingCount(spec: EtsSpec): number {
  const c = specCodes(spec);
  return 1 + (c.trend > 0 ? 1 : 0) + (c.season > 0 ? 1 : 0) + (c.damped ? 1 : 0);
}

/** Estimated initial states: level, trend, and m-1 free seasonal indices (they are normalised). */
export function stateCount(spec: EtsSpec, period: number): number {
  const c = specCodes(spec);
  return 1 + (c.trend > 0 ? 1 : 0) + (c.season > 0 ? period - 1 : 0);
}
