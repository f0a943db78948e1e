/**
 * Observable Plot without a browser: a linkedom document to render into, and the SVG serialised
 * as a standalone file (the xmlns Plot leaves to the browser, a stable class name so two renders
 * of the same data are byte-identical, and a font list that reaches a CJK face wherever one is).
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export type ChartLang = 'zh' | 'en';

/** CJK-capable faces first: Noto Sans CJK (Debian fonts-noto-cjk), then what browsers have. */
export const FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif";

/** Colours that keep 4.5:1 contrast on white for text and 3:1 for marks. */
export const COLOURS = {
  ink: '#1f2933',
  muted: '#52606d',
  history: '#1f2933',
  forecast: '#0b5cad',
  band80: '#7fb0e6',
  band95: '#cfe0f5',
  level: '#b3261e',
  stock: '#2e7d32',
  suppressed: '#9aa5b1',
} as const;

export type PlotOptions = Plot.PlotOptions;

/** What we touch of the element Plot returns (the DOM types are not in this project's lib). */
interface RenderedNode {
  readonly tagName: string;
  readonly outerHTML: string;
  querySelector(selector: string): RenderedNode | null;
  querySelectorAll(selector: string): Iterable<RenderedNode>;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

/** Renders Plot options to a standalone SVG string. */
export function renderSvg(options: Plot.PlotOptions, label: string): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const node = Plot.plot({ ...options, document: document as unknown as NonNullable<Plot.PlotOptions['document']>, style: { fontFamily: FONT_FAMILY, color: COLOURS.ink, background: 'white', ...(typeof options.style === 'object' ? options.style : {}) } }) as unknown as RenderedNode;
  const svg = node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg');
  if (svg === null) throw new Error('Plot rendered no <svg>');
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // One accessible name for the whole picture: Plot labels its inner groups too, which is not
  // allowed on a <g> with no role (axe: aria-prohibited-attr) and reads as noise to a screen reader.
  for (const g of svg.querySelectorAll('[aria-label], [aria-description]')) {
    g.removeAttribute('aria-label');
    g.removeAttribute('aria-description');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  // Plot names its scoped style class after a counter: make it the same for the same chart.
  const html = (node.tagName.toLowerCase() === 'svg' ? node : svg).outerHTML;
  const cls = /class="(plot-[0-9a-z]+)"/.exec(html)?.[1];
  return cls === undefined ? html : html.replaceAll(cls, 'rd-chart');
}

export { Plot };
