import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, generate } from '../../../pipelines/generate/index.ts';
import { civil, dayOf } from '../../../pipelines/generate/days.ts';
import { isMarketDay } from '../../../pipelines/generate/seasonality.ts';
import { lunarDayOf } from '../../../pipelines/generate/farm-calendar.ts';
import { readCsv, tempDir, removeTempDirs } from './helpers.ts';

afterAll(removeTempDirs);

// Two years of latent shelf demand for a few stores: enough volume for ratios to settle within
// a few percent, small enough to run in about a second.
const OPTS = { villages: 6, skus: 60, days: 730, end: '2026-10-31', seed: 21, dirtyRate: 0, truth: true, kinds: ['inventory' as const] };
const rows: Array<{ store: string; day: number; demand: number }> = [];

beforeAll(async () => {
  const dir = tempDir('shape');
  await generate({ ...OPTS, out: dir });
  for (const name of readdirSync(join(dir, 'truth'))) {
    for (const r of readCsv(join(dir, 'truth'), name).rows) rows.push({ store: r[0]!, day: dayOf(r[2]!), demand: Number(r[3]) });
  }
});

const perDay = (pick: (r: { store: string; day: number }) => boolean, days: (d: number) => boolean, from: number, to: number): number => {
  let total = 0;
  let n = 0;
  for (let d = from; d <= to; d++) if (days(d)) n++;
  for (const r of rows) if (r.day >= from && r.day <= to && days(r.day) && pick(r)) total += r.demand;
  return total / n;
};

describe('latent demand shape', () => {
  const end = dayOf('2026-10-31');
  const start = end - 729;

  it('grows about 35 % a year', () => {
    const y1 = perDay(() => true, () => true, start, start + 364);
    const y2 = perDay(() => true, () => true, start + 365, end);
    expect(y2 / y1).toBeGreaterThan(1.25);
    expect(y2 / y1).toBeLessThan(1.45);
  });

  it("rises on the store's town market days, which follow the lunar calendar (x1.35)", () => {
    const world = buildWorld(OPTS.seed, OPTS.villages, OPTS.skus);
    let ratios = 0;
    let n = 0;
    for (const s of world.geography.stores) {
      const market = (d: number): boolean => isMarketDay(s.village.town.marketDigits, lunarDayOf(d));
      const on = perDay((r) => r.store === s.id, market, start, end);
      const off = perDay((r) => r.store === s.id, (d) => !market(d), start, end);
      ratios += on / off;
      n++;
    }
    expect(ratios / n).toBeGreaterThan(1.22);
    expect(ratios / n).toBeLessThan(1.5);
  });

  it('is higher at weekends than early in the week (1.12 vs 0.95)', () => {
    const wd = (d: number): number => civil(d).weekday;
    const weekend = perDay(() => true, (d) => wd(d) === 0 || wd(d) === 6, start, end);
    const early = perDay(() => true, (d) => wd(d) >= 1 && wd(d) <= 3, start, end);
    expect(weekend / early).toBeGreaterThan(1.08);
    expect(weekend / early).toBeLessThan(1.3);
  });
});

describe('produce sold outward', () => {
  it('sells navel oranges in their harvest window at prices that fall as supply peaks', async () => {
    const dir = tempDir('produce');
    await generate({ villages: 40, skus: 60, days: 273, end: '2026-03-31', seed: 4, dirtyRate: 0, kinds: ['produce'], out: dir });
    const byMonth = new Map<string, { n: number; price: number }>();
    for (const name of readdirSync(dir).filter((n) => n.startsWith('produce-'))) {
      for (const r of readCsv(dir, name).rows) {
        if (r[3] !== 'SKU00001') continue; // 赣南脐橙, harvest peak early December
        const m = byMonth.get(r[1]!.slice(0, 7)) ?? { n: 0, price: 0 };
        m.n++;
        m.price += Number(r[5]);
        byMonth.set(r[1]!.slice(0, 7), m);
      }
    }
    const n = (k: string): number => byMonth.get(k)?.n ?? 0;
    const price = (k: string): number => (byMonth.get(k)?.price ?? 0) / Math.max(1, n(k));
    expect(n('2025-12')).toBeGreaterThan(5 * Math.max(1, n('2025-07')));
    expect(n('2025-12')).toBeGreaterThan(n('2025-10'));
    // Peak-month price is below the shoulder months' (list 6.50 falling up to 40 %).
    expect(price('2025-12')).toBeLessThan(price('2025-10'));
    expect(price('2025-12')).toBeLessThan(price('2026-02'));
    expect(price('2025-12')).toBeGreaterThan(3.5);
  });
});
