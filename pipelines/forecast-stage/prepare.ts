/**
 * History as the models see it: censored days handled, calendar event effects divided out, laid
 * on the stage's common window (NaN before the pair's first activity, which the models skip).
 */
import { effectMultipliers } from '../calendar/index.ts';
import type { EventEffects } from '../calendar/index.ts';
import { dayNumber } from '../calendar/index.ts';
import { fitCensored } from '../demand/censoring.ts';
import type { StoreSeries } from './series.ts';

/**
 * 'uncensor': a stock-out day becomes E[demand | demand >= sales] under a censoring-aware fit
 * (pipelines/demand/censoring.ts); 'missing': it becomes NaN; 'ignore': sales are taken as demand.
 * test/pipelines/forecast-stage/censoring.test.ts measures the bias of each.
 */
export type CensorMode = 'uncensor' | 'missing' | 'ignore';

export function handleCensoring(values: Float64Array, censored: Uint8Array, mode: CensorMode): Float64Array {
  let any = false;
  for (const c of censored) if (c) any = true;
  if (!any || mode === 'ignore') return values.slice();
  if (mode === 'missing') return values.map((v, i) => (censored[i] ? Number.NaN : v));
  return fitCensored(values, censored, { period: 7 }).completed;
}

export interface Window {
  /** First day of the window, YYYY-MM-DD. */
  readonly start: string;
  readonly days: number;
}

export function prepareHistory(s: StoreSeries, window: Window, mode: CensorMode, effects: EventEffects | null): Float64Array {
  const y = handleCensoring(s.values, s.censored, mode);
  const out = new Float64Array(window.days).fill(Number.NaN);
  const offset = dayNumber(s.start) - dayNumber(window.start);
  for (let i = 0; i < y.length; i++) {
    const t = offset + i;
    if (t >= 0 && t < window.days) out[t] = y[i] as number;
  }
  if (effects && effects.effects.length > 0) {
    const m = effectMultipliers(window.days, window.start, effects);
    for (let t = 0; t < window.days; t++) out[t] = (out[t] as number) / (m[t] as number);
  }
  return out;
}

/** Element-wise sum; NaN only where every input is NaN (a parent exists once any child does). */
export function sumSeries(list: readonly Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  for (const y of list) {
    for (let t = 0; t < n; t++) {
      const v = y[t] as number;
      if (Number.isNaN(v)) continue;
      const o = out[t] as number;
      out[t] = Number.isNaN(o) ? v : o + v;
    }
  }
  return out;
}
