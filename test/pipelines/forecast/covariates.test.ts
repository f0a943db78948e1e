import { describe, expect, it } from 'vitest';
import { alignCovariates, parseCalendarCsv, parsePricesCsv } from '../../../pipelines/forecast/covariates.ts';
import { parseSeriesCsv } from '../../../pipelines/forecast/series-io.ts';

const series = parseSeriesCsv('series_id,date,value\na,2026-01-01,1\na,2026-01-02,2\nb,2026-01-02,3\n');

describe('covariate files', () => {
  it('keeps numeric columns and turns text columns into one indicator per value', () => {
    const cal = parseCalendarCsv('t,market,event\n1,1,Spring Festival\n2,0,\n3,1,Lantern\n');
    expect(cal.names).toEqual(['market', 'event=Lantern', 'event=Spring Festival']);
    expect([...cal.shared.get(1)!]).toEqual([1, 0, 1]);
    expect([...cal.shared.get(2)!]).toEqual([0, 0, 0]);
    expect([...cal.shared.get(3)!]).toEqual([1, 1, 0]);
  });

  it('lays shared and per-series rows on each series grid through the horizon', () => {
    const cal = parseCalendarCsv(
      ['date,series_id,market', '2026-01-01,,1', '2026-01-02,,0', '2026-01-03,,1', '2026-01-04,,0', '2026-01-03,b,0'].join('\n'),
    );
    const [a, b] = alignCovariates(series, 2, cal);
    // a: 2 days of history + 2 ahead; b starts a day later, and its own row overrides the shared one.
    expect([...a!.calendar![0]!]).toEqual([1, 0, 1, 0]);
    expect(b!.calendar![0]!.length).toBe(3);
    expect([...b!.calendar![0]!]).toEqual([0, 0, 0]);
  });

  it('refuses a calendar that stops before the horizon ends', () => {
    const cal = parseCalendarCsv('date,market\n2026-01-01,1\n2026-01-02,0\n2026-01-03,1\n');
    expect(() => alignCovariates(series, 2, cal)).toThrow(/calendar has no row for series a at forecast step 2/);
  });

  it('reads prices per series, leaves unknown days NaN, and rejects a non-positive price with its row', () => {
    const prices = parsePricesCsv('series_id,date,price\na,2026-01-01,5\na,2026-01-03,4.5\nb,2026-01-02,\n');
    const [a, b] = alignCovariates(series, 1, undefined, prices);
    expect([...a!.price!]).toEqual([5, Number.NaN, 4.5]);
    expect(b!.price).toBeUndefined();
    expect(() => parsePricesCsv('series_id,t,price\na,1,0\n', 'p.csv')).toThrow(/p.csv row 2: price 0 must be a positive number/);
    expect(() => parseCalendarCsv('series_id,value\na,1\n', 'c.csv')).toThrow(/c.csv: no column named t/);
  });
});
