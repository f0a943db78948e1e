/**
 * A brand's share by region: one bar per region with its value, and every withheld cell drawn as
 * withheld (a hatched outline with its reason), never as zero: a missing bar would read as "no
 * sales", which is exactly what disclosure control must not say.
 */
import { COLOURS, Plot, renderSvg, type ChartLang } from './plot-dom.ts';

export interface ShareCell {
  readonly region: string;
  /** Share 0..1, or null when withheld. */
  readonly share: number | null;
  /** Why it is withheld (e.g. "fewer than 10 stores"), when it is. */
  readonly reason?: string | null;
}

export interface BrandSharesInput {
  readonly cells: readonly ShareCell[];
  readonly lang?: ChartLang;
  readonly width?: number;
  readonly title?: string;
}

const T = {
  zh: { share: '份额', withheld: '已隐去', label: '品牌份额（按地区）' },
  en: { share: 'share', withheld: 'withheld', label: 'brand share by region' },
} as const;

export function brandSharesSvg(input: BrandSharesInput): string {
  const lang = input.lang ?? 'zh';
  const t = T[lang];
  const regions = input.cells.map((c) => c.region);
  const shown = input.cells.filter((c) => c.share !== null);
  const hidden = input.cells.filter((c) => c.share === null);
  const top = Math.max(0.05, ...shown.map((c) => c.share!));
  return renderSvg({
    width: input.width ?? 640,
    height: 40 + 28 * regions.length,
    marginLeft: 120,
    marginRight: 24,
    x: { label: t.share, tickFormat: '.0%', domain: [0, top * 1.15], grid: true },
    y: { label: null, domain: regions },
    marks: [
      Plot.barX(shown, { y: 'region', x: 'share', fill: COLOURS.forecast }),
      Plot.text(shown, { y: 'region', x: 'share', text: (c: ShareCell) => `${(c.share! * 100).toFixed(1)}%`, dx: 4, textAnchor: 'start', fill: COLOURS.ink }),
      // Withheld: an outlined, dashed bar across the whole axis with the reason written in it.
      Plot.barX(hidden, { y: 'region', x1: 0, x2: top * 1.15, fill: 'none', stroke: COLOURS.suppressed, strokeDasharray: '4,3' }),
      Plot.text(hidden, { y: 'region', x: 0, dx: 6, textAnchor: 'start', fill: COLOURS.muted,
        text: (c: ShareCell) => `${t.withheld}${c.reason ? `: ${c.reason}` : ''}` }),
      Plot.ruleX([0]),
    ],
  }, input.title ?? t.label);
}

export interface TrendCell { readonly region: string; readonly month: string; readonly share: number | null }

const TT = {
  zh: { share: '份额', note: '断线：该地区该月数字已隐去；虚线：所有地区都隐去（都不是零）', label: '品牌份额（按月）' },
  en: { share: 'share', note: "a break: that region's month is withheld; dashed: every region's is (neither is zero)", label: 'brand share by month' },
} as const;

/**
 * A brand's share month by month, one line per region. A withheld month breaks that region's line
 * (a dip to 0 would say "no sales"); a month withheld everywhere gets a dashed rule across the plot.
 */
export function brandTrendSvg(input: { cells: readonly TrendCell[]; lang?: ChartLang; width?: number; title?: string }): string {
  const t = TT[input.lang ?? 'zh'];
  const data = input.cells.map((c) => ({ ...c, date: new Date(`${c.month}-01T00:00:00Z`) })).sort((a, b) => a.date.getTime() - b.date.getTime());
  const regions = new Set(data.map((c) => c.region));
  const months = [...new Set(data.map((c) => c.month))];
  const hidden = months.filter((m) => data.filter((c) => c.month === m && c.share === null).length === regions.size)
    .map((m) => ({ date: new Date(`${m}-01T00:00:00Z`) }));
  return renderSvg({
    width: input.width ?? 640, height: 240, marginRight: 90, marginBottom: 40,
    x: { type: 'utc', label: null, tickFormat: '%Y-%m' },
    y: { label: t.share, tickFormat: '.0%', grid: true, zero: true },
    color: { legend: false },
    marks: [
      Plot.ruleX(hidden, { x: 'date', stroke: COLOURS.suppressed, strokeDasharray: '3,3' }),
      Plot.lineY(data, { x: 'date', y: 'share', z: 'region', stroke: 'region', strokeWidth: 2 }),
      Plot.dot(data.filter((c) => c.share !== null), { x: 'date', y: 'share', fill: 'region', r: 2.5 }),
      Plot.text(data.filter((c) => c.share !== null), Plot.selectLast({ x: 'date', y: 'share', z: 'region', text: 'region', dx: 6, textAnchor: 'start', fill: 'region' })),
      Plot.text([t.note], { frameAnchor: 'bottom-left', dy: 34, fill: COLOURS.muted }),
    ],
  }, input.title ?? t.label);
}
