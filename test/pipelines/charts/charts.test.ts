/**
 * The chart module: snapshot tests on normalised SVG (numbers to one decimal, so a float's last
 * digit does not churn them), what each chart must say (a withheld cell is drawn as withheld with
 * its reason, never as a zero bar), and a PNG with Chinese labels compared with a stored image.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { brandSharesSvg, brandTrendSvg, demandFanSvg, eventLiftsSvg, priceBandsSvg, seasonCalendarSvg, svgToPng } from '../../../pipelines/charts/index.ts';

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
const normalise = (svg: string): string => svg.replace(/-?\d+\.\d+/g, (n) => Number(n).toFixed(1)).replace(/></g, '>\n<');

const history = Array.from({ length: 8 }, (_, i) => ({ day: `2026-09-${String(1 + i * 3).padStart(2, '0')}`, unitsPerDay: [2, 3, 2.5, 4, 3, 2, 3.5, 3][i]! }));
const forecast = Array.from({ length: 14 }, (_, i) => {
  const m = 3 + (i % 7 === 5 ? 1 : 0);
  return { day: `2026-10-${String(1 + i).padStart(2, '0')}`, mean: m, q50: m, q80: m * 1.4, q90: m * 1.7, q95: m * 2 };
});

describe('charts', () => {
  it('demand fan: history, forecast mean and two bands, the order-up-to level labelled', async () => {
    const svg = demandFanSvg({ history, forecast, onHand: 5, orderUpTo: 18, unit: '瓶', title: '酱油' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('aria-label="酱油"');
    expect(svg).toContain('补到 18 · 在库 5');
    expect(svg.match(/<path/g)?.length).toBeGreaterThanOrEqual(4); // two bands, mean, history
    expect(demandFanSvg({ history, forecast, onHand: 5, orderUpTo: 18, unit: '瓶', title: '酱油' })).toBe(svg); // deterministic
    expect(demandFanSvg({ history, forecast, lang: 'en', orderUpTo: 18 })).toContain('order up to 18');
    await expect(normalise(svg)).toMatchFileSnapshot('__snapshots__/demand-fan.svg');
  });

  it('season calendar: one row per item, one cell per week', async () => {
    const cells = ['脐橙', '金橘'].flatMap((item, k) => Array.from({ length: 8 }, (_, w) => ({ item, weekStart: `2026-0${1 + Math.floor(w / 4)}-${String(5 + 7 * (w % 4)).padStart(2, '0')}`, kg: (w + k) * 10 })));
    const svg = seasonCalendarSvg({ cells });
    expect(svg.match(/<rect/g)?.length).toBeGreaterThanOrEqual(16);
    expect(svg).toContain('脐橙');
    await expect(normalise(svg)).toMatchFileSnapshot('__snapshots__/season-calendar.svg');
  });

  it('brand shares: a withheld cell is drawn as withheld with its reason, never as a zero bar', async () => {
    const svg = brandSharesSvg({ cells: [{ region: '信丰县', share: 0.12 }, { region: '寻乌县', share: null, reason: '少于 10 家店' }] });
    expect(svg).toContain('已隐去: 少于 10 家店');
    expect(svg).toContain('12.0%');
    expect(svg).not.toMatch(/>0\.0%</);
    expect(svg).toContain('stroke-dasharray="4,3"');
    expect(brandSharesSvg({ cells: [{ region: 'Xunwu', share: null, reason: 'fewer than 10 stores' }], lang: 'en' })).toContain('withheld: fewer than 10 stores');
    await expect(normalise(svg)).toMatchFileSnapshot('__snapshots__/brand-shares.svg');
  });

  it('price bands stack to the region\'s whole; event lifts mark 1x; withheld cells say so in both', async () => {
    const bands = priceBandsSvg({ cells: [
      { region: '信丰县', band: '低价', share: 0.2 }, { region: '信丰县', band: '中价', share: 0.5 }, { region: '信丰县', band: '高价', share: 0.3 },
      { region: '寻乌县', band: '低价', share: null, reason: '店铺太少' },
    ] });
    expect(bands).toContain('已隐去: 店铺太少');
    expect(bands).toContain('中价');
    await expect(normalise(bands)).toMatchFileSnapshot('__snapshots__/price-bands.svg');
    const lifts = eventLiftsSvg({ cells: [{ region: '信丰县', event: '春节', lift: 2.4 }, { region: '寻乌县', event: '春节', lift: null, reason: '顾客太少' }, { region: '信丰县', event: '11.11', lift: 0.9 }] });
    expect(lifts).toContain('x2.40');
    expect(lifts).toContain('x0.90');
    expect(lifts).toContain('已隐去: 顾客太少');
    expect(lifts).not.toContain('x0.00');
    await expect(normalise(lifts)).toMatchFileSnapshot('__snapshots__/event-lifts.svg');
  });

  it('share trend: a month withheld everywhere gets a dashed rule, one withheld in a region breaks its line, never a 0', async () => {
    const cells = ['2026-01', '2026-02', '2026-03', '2026-04'].flatMap((month, i) => [
      { region: '信丰县', month, share: i === 2 ? null : 0.2 + i / 100 },
      { region: '寻乌县', month, share: i === 1 || i === 2 ? null : 0.3 },
    ]);
    const svg = brandTrendSvg({ cells });
    // Only March is withheld in both regions: exactly one dashed rule (lines inside the dashed group).
    const rules = /<g stroke-dasharray="3,3"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    expect(rules.match(/<line/g)?.length).toBe(1);
    expect(svg).toContain('断线');
    // One line per region, each broken where that region is withheld: a second "M" (move) in its path.
    const lines = /<g stroke-linecap="round" stroke-linejoin="round" stroke-width="2" fill="none">(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    const paths = [...lines.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    for (const d of paths) expect(d.match(/M/g)?.length).toBeGreaterThanOrEqual(2);
    await expect(normalise(svg)).toMatchFileSnapshot('__snapshots__/brand-trend.svg');
  });

  it('renders a PNG with legible Chinese labels, matching the stored image within a tolerance', () => {
    const png = svgToPng(brandSharesSvg({ cells: [{ region: '信丰县', share: 0.12 }, { region: '寻乌县', share: null, reason: '少于 10 家店' }] }), { width: 640 });
    const ref = here('__images__/brand-shares-zh.png');
    // A missing reference is written once by a developer (who looks at it and commits it); CI must have it.
    if (!existsSync(ref)) {
      if (process.env['CI']) throw new Error(`${ref} is missing: render it locally, look at it, commit it`);
      writeFileSync(ref, png);
    }
    const a = PNG.sync.read(png);
    const b = PNG.sync.read(readFileSync(ref));
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    let differing = 0;
    let total = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      const d = Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!);
      total += d;
      if (d > 60) differing += 1;
    }
    const pixels = a.width * a.height;
    expect(differing / pixels).toBeLessThan(0.005);
    expect(total / (pixels * 3 * 255)).toBeLessThan(0.01);
    // And the region labels were drawn: resvg draws nothing for a glyph its fonts lack, so without
    // a CJK face the label column (left of the axis) would be blank.
    let ink = 0;
    for (let y = 0; y < a.height; y++) for (let x = 0; x < 120; x++) if (a.data[(y * a.width + x) * 4]! < 128) ink += 1;
    expect(ink).toBeGreaterThan(60);
  });
});
