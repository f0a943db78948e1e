import { addDays, dayNumber } from '../../../pipelines/calendar/dates.ts';
import type { RetailCalendar } from '../../../pipelines/calendar/calendar.ts';
import { uniforms } from '../../../pipelines/restock/random.ts';

/** Seeded uniform draws (mulberry32), shared with the simulations. */
export const rng = uniforms;

export function poisson(lambda: number, u: () => number): number {
  if (lambda > 60) return poisson(lambda / 2, u) + poisson(lambda / 2, u);
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = u();
  while (p > limit) {
    k += 1;
    p *= u();
  }
  return k;
}

export interface SyntheticSpec {
  start: string;
  end: string;
  level: number;
  /** Multiplier on days [from, to] relative to each Spring Festival. */
  uplift: { from: number; to: number; factor: number };
  seed: number;
}

/** Daily Poisson demand: level x yearly wave x weekday pattern x slow growth x Spring Festival uplift. */
export function syntheticSeries(cal: RetailCalendar, spec: SyntheticSpec): { series: Float64Array; mean: Float64Array } {
  const start = dayNumber(spec.start);
  const n = dayNumber(spec.end) - start + 1;
  const weekly = [1.1, 0.95, 0.95, 0.95, 1.0, 1.05, 1.1];
  const sf = cal.datesOf('spring_festival').map(dayNumber);
  const u = rng(spec.seed);
  const mean = new Float64Array(n);
  const series = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const d = start + t;
    let m = spec.level * (1 + 0.15 * Math.sin((2 * Math.PI * d) / 365.25)) * (1 + 0.05 * (t / 365)) * (weekly[(d + 4) % 7] as number);
    if (sf.some((s) => d - s >= spec.uplift.from && d - s <= spec.uplift.to)) m *= spec.uplift.factor;
    mean[t] = m;
    series[t] = poisson(m, u);
  }
  return { series, mean };
}

export function slice(series: Float64Array, start: string, from: string, to: string): Float64Array {
  const s = dayNumber(from) - dayNumber(start);
  return series.slice(s, dayNumber(to) - dayNumber(start) + 1);
}

export { addDays };
