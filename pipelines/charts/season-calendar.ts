/**
 * A produce season calendar: weeks across, items down, each cell the expected kg of that week
 * (darker is more). A farmer sees when each item's season opens, peaks and ends at a glance.
 */
import { COLOURS, Plot, renderSvg, type ChartLang } from './plot-dom.ts';

export interface SeasonCell { readonly item: string; readonly weekStart: string; readonly kg: number }

export interface SeasonCalendarInput {
  readonly cells: readonly SeasonCell[];
  readonly lang?: ChartLang;
  readonly width?: number;
  readonly title?: string;
}

const T = { zh: { kg: '预计公斤/周', label: '产季日历' }, en: { kg: 'expected kg a week', label: 'season calendar' } } as const;

export function seasonCalendarSvg(input: SeasonCalendarInput): string {
  const lang = input.lang ?? 'zh';
  const items = [...new Set(input.cells.map((c) => c.item))];
  const width = input.width ?? 760;
  const data = input.cells.map((c) => ({ ...c, week: new Date(`${c.weekStart}T00:00:00Z`) }));
  const longest = Math.max(4, ...items.map((i) => [...i].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  return renderSvg({
    width,
    height: 40 + 22 * items.length,
    marginLeft: Math.min(220, 8 + longest * 6.5),
    marginTop: 8,
    marginBottom: 30,
    padding: 0.04,
    x: { type: 'band', label: null, tickFormat: (d: Date) => (d.getUTCDate() <= 7 ? `${d.getUTCMonth() + 1}${lang === 'zh' ? '月' : ''}` : ''), tickSize: 0 },
    y: { label: null, domain: items },
    color: { type: 'sqrt', scheme: 'greens', label: T[lang].kg, legend: false, zero: true },
    marks: [
      Plot.cell(data, { x: 'week', y: 'item', fill: 'kg', inset: 0.5 }),
      Plot.frame({ stroke: COLOURS.muted, strokeOpacity: 0.3 }),
    ],
  }, input.title ?? T[lang].label);
}
