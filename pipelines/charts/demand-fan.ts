/**
 * Demand history with the forecast fan: weekly history (units a day, so weeks and days share one
 * axis), the daily forecast mean with its 80 % and 95 % bands, and, for a restock line, the stock
 * on hand and the order-up-to level. Small enough for a restock line, big enough for a report.
 */
import { COLOURS, Plot, renderSvg, type ChartLang } from './plot-dom.ts';

export interface HistoryPoint { readonly day: string; readonly unitsPerDay: number }
export interface ForecastPoint { readonly day: string; readonly mean: number; readonly q10?: number; readonly q50: number; readonly q80: number; readonly q90: number; readonly q95: number; readonly q99?: number }

export interface DemandFanInput {
  readonly history: readonly HistoryPoint[];
  readonly forecast: readonly ForecastPoint[];
  readonly title?: string;
  readonly lang?: ChartLang;
  readonly width?: number;
  readonly height?: number;
  /** Stock on hand now and the level the suggestion orders up to (units). */
  readonly onHand?: number;
  readonly orderUpTo?: number;
  /** Units of the y axis, e.g. 瓶 or kg. */
  readonly unit?: string;
}

const T = {
  zh: { history: '过去每周日均', forecast: '预测（80%/95% 区间）', perDay: '每天', onHand: '在库', upTo: '补到' },
  en: { history: 'past weeks, per day', forecast: 'forecast (80 %/95 % bands)', perDay: 'per day', onHand: 'on hand', upTo: 'order up to' },
} as const;

const date = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export function demandFanSvg(input: DemandFanInput): string {
  const lang = input.lang ?? 'zh';
  const t = T[lang];
  const width = input.width ?? 640;
  const height = input.height ?? 220;
  const small = width < 480;
  const fc = input.forecast.map((f) => ({ ...f, date: date(f.day) }));
  // The band's low edge: the stated low quantile when there is one, else mirrored about the median, never below 0.
  const low = (f: ForecastPoint, hi: number): number => Math.max(0, f.q10 !== undefined && hi === f.q80 ? f.q10 : 2 * f.q50 - hi);
  const hist = input.history.map((h) => ({ date: date(h.day), y: h.unitsPerDay }));
  const marks: Plot.Markish[] = [
    Plot.areaY(fc, { x: 'date', y1: (f: ForecastPoint) => low(f, f.q95), y2: 'q95', fill: COLOURS.band95, curve: 'step' }),
    Plot.areaY(fc, { x: 'date', y1: (f: ForecastPoint) => low(f, f.q80), y2: 'q80', fill: COLOURS.band80, curve: 'step' }),
    Plot.lineY(fc, { x: 'date', y: 'mean', stroke: COLOURS.forecast, strokeWidth: 2, curve: 'step' }),
    Plot.lineY(hist, { x: 'date', y: 'y', stroke: COLOURS.history, strokeWidth: 1.5, curve: 'step-after' }),
    Plot.dot(hist, { x: 'date', y: 'y', r: small ? 1.5 : 2.5, fill: COLOURS.history }),
    Plot.ruleY([0]),
  ];
  if (input.orderUpTo !== undefined && fc.length > 0) {
    // Levels are stock, not demand: drawn against the right-hand edge as labels, not on the demand axis.
    marks.push(Plot.text([`${t.upTo} ${Math.round(input.orderUpTo)}${input.onHand === undefined ? '' : ` · ${t.onHand} ${Math.round(input.onHand)}`}`],
      { frameAnchor: 'top-right', dy: 2, fill: COLOURS.level, fontSize: small ? 10 : 12 }));
  }
  const label = input.title ?? `${t.history} / ${t.forecast}`;
  return renderSvg({
    width, height,
    marginLeft: small ? 28 : 40, marginRight: small ? 6 : 16, marginTop: small ? 14 : 24, marginBottom: small ? 18 : 28,
    x: { type: 'utc', label: null, ticks: small ? 3 : 6, tickFormat: small ? '%m-%d' : '%Y-%m-%d' },
    y: { grid: true, label: small ? null : `${input.unit ?? ''} ${t.perDay}`.trim(), nice: true, zero: true },
    ...(small ? {} : { title: label }),
    marks,
  }, label);
}
