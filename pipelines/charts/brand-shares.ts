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
