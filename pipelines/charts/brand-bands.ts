/**
 * A brand's price bands by region (the share of its sales in each band against the category
 * median) and its event lifts (Spring Festival, 11.11, 6.18 against the four weeks before). Both
 * draw a withheld cell as withheld, never as zero.
 */
import { COLOURS, Plot, renderSvg, type ChartLang } from './plot-dom.ts';

export interface BandCell { readonly region: string; readonly band: string; readonly share: number | null; readonly reason?: string | null }
export interface LiftCell { readonly region: string; readonly event: string; readonly lift: number | null; readonly reason?: string | null }

const T = {
  zh: { share: '该价格带占比', withheld: '已隐去', bands: '价格带（按地区）', lift: '节庆拉动（倍）', lifts: '节庆拉动' },
  en: { share: 'share of sales in the band', withheld: 'withheld', bands: 'price bands by region', lift: 'event lift (x)', lifts: 'event lifts' },
} as const;

export function priceBandsSvg(input: { cells: readonly BandCell[]; lang?: ChartLang; width?: number; title?: string }): string {
  const t = T[input.lang ?? 'zh'];
  const regions = [...new Set(input.cells.map((c) => c.region))];
  const bands = [...new Set(input.cells.map((c) => c.band))];
  const shown = input.cells.filter((c) => c.share !== null);
  const hidden = input.cells.filter((c) => c.share === null);
  return renderSvg({
    width: input.width ?? 640, height: 60 + 26 * regions.length * Math.max(1, bands.length) / 2,
    marginLeft: 120, marginRight: 40,
    x: { label: t.share, tickFormat: '.0%', grid: true, domain: [0, 1] },
    y: { label: null, domain: regions },
    fy: { label: null },
    color: { legend: false, domain: bands, scheme: 'blues' },
    marks: [
      Plot.barX(shown, Plot.stackX({ y: 'region', x: 'share', fill: 'band', order: bands })),
      Plot.text(shown, Plot.stackX({ y: 'region', x: 'share', z: 'band', text: (c: BandCell) => (c.share! >= 0.08 ? c.band : ''), order: bands, fill: COLOURS.ink })),
      // The reason is written only for a region with nothing published: over a bar it would hide it.
      Plot.text(hidden.filter((c, i, a) => a.findIndex((d) => d.region === c.region) === i && !shown.some((d) => d.region === c.region)), { y: 'region', x: 0, dx: 6, textAnchor: 'start', fill: COLOURS.muted,
        text: (c: BandCell) => `${t.withheld}${c.reason ? `: ${c.reason}` : ''}` }),
      Plot.ruleX([0]),
    ],
  }, input.title ?? t.bands);
}

export function eventLiftsSvg(input: { cells: readonly LiftCell[]; lang?: ChartLang; width?: number; title?: string }): string {
  const t = T[input.lang ?? 'zh'];
  const rows = input.cells.map((c) => ({ ...c, key: `${c.event} · ${c.region}` }));
  const shown = rows.filter((c) => c.lift !== null);
  const hidden = rows.filter((c) => c.lift === null);
  const top = Math.max(2, ...shown.map((c) => c.lift!));
  return renderSvg({
    width: input.width ?? 640, height: 40 + 26 * rows.length, marginLeft: 170, marginRight: 40,
    x: { label: t.lift, grid: true, domain: [0, top * 1.1] },
    y: { label: null, domain: rows.map((r) => r.key) },
    marks: [
      Plot.barX(shown, { y: 'key', x: 'lift', fill: (c: LiftCell) => (c.lift! >= 1 ? COLOURS.forecast : COLOURS.level) }),
      Plot.text(shown, { y: 'key', x: 'lift', text: (c: LiftCell) => `x${c.lift!.toFixed(2)}`, dx: 4, textAnchor: 'start', fill: COLOURS.ink }),
      Plot.barX(hidden, { y: 'key', x1: 0, x2: top * 1.1, fill: 'none', stroke: COLOURS.suppressed, strokeDasharray: '4,3' }),
      Plot.text(hidden, { y: 'key', x: 0, dx: 6, textAnchor: 'start', fill: COLOURS.muted, text: (c: LiftCell) => `${t.withheld}${c.reason ? `: ${c.reason}` : ''}` }),
      Plot.ruleX([1], { stroke: COLOURS.muted, strokeDasharray: '2,2' }),
      Plot.ruleX([0]),
    ],
  }, input.title ?? t.lifts);
}
