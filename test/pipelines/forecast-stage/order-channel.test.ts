/**
 * Order-channel forecasts per village and category: one series per village x category that has
 * orders in the fitting window, at the level its orders run at, with a festival its category's
 * order total shows multiplied back in; none for shelf-only goods; a category with too little
 * order history forecast without effects and saying why; a rerun replaces the run's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { addDays, dayNumber, loadCalendar, SPRING_FESTIVAL } from '../../../pipelines/calendar/index.ts';
import { runOrderForecast } from '../../../pipelines/forecast-stage/order-channel.ts';
import { lcg, poisson } from './fixture.ts';

// 12 days before Spring Festival 2027 (6 Feb): the horizon holds the festival's run-up.
const AS_OF = '2027-01-25';
const H = 28;
const DAYS = 1100;

describe('runOrderForecast', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    const c = wh.connection;
    await c.run(`INSERT INTO stores VALUES ('S1', 'V1', 'a', 'a', 'service_centre', 2, 7, 0.95, 1, NULL, NULL, NULL),
      ('S2', 'V2', 'b', 'b', 'service_centre', 2, 7, 0.95, 1, NULL, NULL, NULL), ('S2b', 'V2', 'c', 'c', 'mom_and_pop', 2, 7, 0.9, 1, NULL, NULL, NULL)`);
    await c.run(`INSERT INTO products VALUES ('F1', 'f', 'f', 'farm', 's', 'b', 'u', 1, 1, NULL, NULL, false),
      ('F2', 'f', 'f', 'farm', 's', 'b', 'u', 1, 1, NULL, NULL, false),
      ('P1', 'p', 'p', 'phones', 's', 'b', 'u', 1, 1, NULL, NULL, false),
      ('G1', 'g', 'g', 'grocery', 's', 'b', 'u', 1, 1, NULL, NULL, false)`);
    const rand = lcg(11);
    const festivals = [2024, 2025, 2026, 2027].map((y) => dayNumber(SPRING_FESTIVAL[y]!));
    // Orders of farm goods triple in the fortnight before Spring Festival, every year.
    const uplift = (day: number): number => (festivals.some((f) => day >= f - 14 && day <= f - 1) ? 3 : 1);
    const rows: string[] = [];
    const first = addDays(AS_OF, -(DAYS - 1));
    for (let t = 0; t < DAYS; t++) {
      const day = addDays(first, t);
      const m = uplift(dayNumber(day));
      // V1 orders farm goods at 4 a day, V2 at 8 (split over two stores and two SKUs).
      const v1 = poisson(rand, 4 * m);
      const v2a = poisson(rand, 3 * m);
      const v2b = poisson(rand, 5 * m);
      rows.push(`('S1', 'F1', DATE '${day}', 0, ${v1}, 0, false, NULL)`, `('S2', 'F1', DATE '${day}', 0, ${v2a}, 0, false, NULL)`, `('S2b', 'F2', DATE '${day}', 1, ${v2b}, 0, false, NULL)`);
      // Phones: ordered only in the last 100 days; groceries: shelf sales only.
      if (t >= DAYS - 100) rows.push(`('S1', 'P1', DATE '${day}', 0, ${1 + poisson(rand, 1)}, 0, false, NULL)`);
      rows.push(`('S1', 'G1', DATE '${day}', ${poisson(rand, 5)}, 0, 0, false, NULL)`);
    }
    await c.run(`INSERT INTO demand_daily VALUES ${rows.join(',')}`);
    await c.run(`INSERT INTO forecast_runs VALUES ('R1', DATE '${AS_OF}', ${H}, now(), now(), 'done', '{"historyDays":182,"events":true}'),
      ('R0', DATE '${AS_OF}', ${H}, now(), now(), 'done', '{"historyDays":182,"events":false}')`);
  });
  afterAll(async () => { await wh.close(); });

  const read = async (runId: string) => (await wh.connection.runAndReadAll(`SELECT village_id, category, strftime(day, '%Y-%m-%d'), h, mean, q50, q80, q90, q95, q99
    FROM order_forecasts WHERE run_id = '${runId}' ORDER BY 1, 2, 3`)).getRows()
    .map(([v, c, d, h, ...q]) => ({ village: String(v), category: String(c), day: String(d), h: Number(h), mean: Number(q[0]), q: q.slice(1).map(Number) }));

  it('forecasts each village x category with orders, at its level, with the festival its orders show', async () => {
    const r = await runOrderForecast(wh.connection, { runId: 'R1', workers: 0, calendar: loadCalendar() });
    expect(r.series).toBe(3);
    expect(r.rows).toBe(3 * H);
    expect(r.skipped).toContainEqual({ category: 'phones', reason: 'forecast without calendar effects: only 100 days of orders held; a year is needed to see every event once' });
    const rows = await read('R1');
    expect([...new Set(rows.map((x) => `${x.village}/${x.category}`))]).toEqual(['V1/farm', 'V1/phones', 'V2/farm']);
    expect(rows.filter((x) => x.village === 'V1' && x.category === 'farm').map((x) => x.h)).toEqual(Array.from({ length: H }, (_, i) => i + 1));
    expect(rows[0]!.day).toBe(addDays(AS_OF, 1));
    for (const x of rows) {
      expect(x.mean).toBeGreaterThanOrEqual(0);
      for (let k = 1; k < x.q.length; k++) expect(x.q[k]!).toBeGreaterThanOrEqual(x.q[k - 1]!);
    }
    const sf = dayNumber(SPRING_FESTIVAL[2027]!);
    const mean = (v: string, inRunUp: boolean): number => {
      const xs = rows.filter((x) => x.village === v && x.category === 'farm' && (dayNumber(x.day) >= sf - 14 && dayNumber(x.day) <= sf - 1) === inRunUp);
      return xs.reduce((s, x) => s + x.mean, 0) / xs.length;
    };
    // Outside the run-up: the ordinary rate (4 and 8 a day); inside it, about three times that.
    expect(mean('V1', false)).toBeGreaterThan(3.2);
    expect(mean('V1', false)).toBeLessThan(4.8);
    expect(mean('V2', false) / mean('V1', false)).toBeGreaterThan(1.6);
    expect(mean('V2', false) / mean('V1', false)).toBeLessThan(2.4);
    expect(mean('V1', true) / mean('V1', false)).toBeGreaterThan(2.3);
    expect(mean('V2', true) / mean('V2', false)).toBeGreaterThan(2.3);
    const phones = rows.filter((x) => x.category === 'phones');
    expect(phones.reduce((s, x) => s + x.mean, 0) / phones.length).toBeGreaterThan(1.5);
  });

  it('without calendar effects the run-up is not forecast, and a rerun replaces the rows', async () => {
    await runOrderForecast(wh.connection, { runId: 'R0', workers: 0, calendar: loadCalendar() });
    const again = await runOrderForecast(wh.connection, { runId: 'R0', workers: 0, calendar: loadCalendar() });
    const rows = await read('R0');
    expect(rows.length).toBe(again.rows);
    expect(again.skipped).toEqual([]);
    const sf = dayNumber(SPRING_FESTIVAL[2027]!);
    const v1 = rows.filter((x) => x.village === 'V1' && x.category === 'farm');
    const inside = v1.filter((x) => dayNumber(x.day) >= sf - 14 && dayNumber(x.day) <= sf - 1);
    const outside = v1.filter((x) => !(dayNumber(x.day) >= sf - 14 && dayNumber(x.day) <= sf - 1));
    const avg = (xs: typeof v1): number => xs.reduce((s, x) => s + x.mean, 0) / xs.length;
    expect(avg(inside) / avg(outside)).toBeLessThan(1.5);
  });

  it('averages each series with the model pooled over all villages, unless told not to', async () => {
    const models = async (): Promise<Map<string, string>> => new Map((await wh.connection.runAndReadAll(
      `SELECT village_id || '/' || category, any_value(model) FROM order_forecasts WHERE run_id = 'R1' GROUP BY 1`)).getRows().map(([k, m]) => [String(k), String(m)]));
    const meanOf = async (): Promise<number> => Number((await wh.connection.runAndReadAll(
      `SELECT avg(mean) FROM order_forecasts WHERE run_id = 'R1' AND village_id = 'V1' AND category = 'farm'`)).getRows()[0]![0]);
    await runOrderForecast(wh.connection, { runId: 'R1', workers: 0, calendar: loadCalendar() });
    const pooled = await models();
    const pooledMean = await meanOf();
    expect(pooled.get('V1/farm')).toMatch(/^Mean\(.*, Global\)$/);
    expect(pooled.get('V2/farm')).toMatch(/, Global\)$/);
    await runOrderForecast(wh.connection, { runId: 'R1', workers: 0, calendar: loadCalendar(), pooled: false });
    const own = await models();
    for (const m of own.values()) expect(m).not.toMatch(/Global/);
    // Both are near V1's level over the horizon (4 a day, tripled in its run-up), but not the same forecast.
    expect(Math.abs(pooledMean - (await meanOf()))).toBeGreaterThan(1e-6);
    await runOrderForecast(wh.connection, { runId: 'R1', workers: 0, calendar: loadCalendar() });
  });

  it('refuses a run that does not exist', async () => {
    await expect(runOrderForecast(wh.connection, { runId: 'nope', workers: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
