import { describe, expect, it } from 'vitest';
import { alignSeries, parseForecastCsv } from '../../../pipelines/forecast/evaluation.ts';
import { forecastDate, formatForecastCsv, parseLevels, parseSeriesCsv } from '../../../pipelines/forecast/series-io.ts';
import { splitCsvLine } from '../../../pipelines/text/csv-line.ts';

describe('long-format series CSV', () => {
  it('lays integer t on a grid with NaN for blanks and gaps, keeping first-seen series order', () => {
    const f = parseSeriesCsv('series_id,t,value\nb,3,1\nb,5,\na,1,2\nb,4,7\nb,7,9\n');
    expect(f.time).toBe('index');
    expect(f.series.map((s) => s.id)).toEqual(['b', 'a']);
    expect([...f.series[0]!.values]).toEqual([1, 7, Number.NaN, Number.NaN, 9]);
    expect(f.series[0]!.startIndex).toBe(3);
  });

  it('infers monthly, weekly and daily steps and labels forecast dates', () => {
    const monthly = parseSeriesCsv('series,month,demand\n"x","2001-11",1\n"x","2002-01",3\n');
    expect(monthly.time).toBe('month');
    expect([...monthly.series[0]!.values]).toEqual([1, Number.NaN, 3]);
    expect(forecastDate(monthly.series[0]!, monthly.time, 1)).toBe('2002-02');
    const weekly = parseSeriesCsv('series_id,date,value\nw,2026-01-05,1\nw,2026-01-19,2\n');
    expect(weekly.time).toBe('week');
    expect(forecastDate(weekly.series[0]!, weekly.time, 1)).toBe('2026-01-26');
    const daily = parseSeriesCsv('series_id,date,value\nd,2024-02-28,1\nd,2024-03-01,2\n');
    expect(daily.time).toBe('day');
    expect(daily.series[0]!.values.length).toBe(3); // 2024 is a leap year: Feb 29 is the gap
  });

  it('rejects mixed time kinds, bad dates and non-numbers with coded errors', () => {
    expect(() => parseSeriesCsv('series_id,t,value\na,1,1\na,2026-01-01,2\n')).toThrow(/mixes dates/);
    expect(() => parseSeriesCsv('series_id,t,value\na,2026-02-30,1\n')).toThrow(/bad date/);
    expect(() => parseSeriesCsv('series_id,t,value\na,1,abc\n')).toThrow(/not a number/);
    expect(() => parseSeriesCsv('id,t\n')).toThrow(/no column named value/);
  });

  it('splits quoted fields and parses quantile levels', () => {
    expect(splitCsvLine('"a,b","c""d",e')).toEqual(['a,b', 'c"d', 'e']);
    expect(parseLevels('0.9, 0.5,0.9')).toEqual([0.5, 0.9]);
    expect(() => parseLevels('0.5,1')).toThrow(/in \(0, 1\)/);
  });

  it('writes forecasts that read back, and aligns dated actuals by date', () => {
    const train = parseSeriesCsv('series_id,date,value\n"s,1",2026-01-01,1\n"s,1",2026-01-02,2\n');
    const csv = formatForecastCsv(train, [{ model: 'M', mean: Float64Array.from([3, 4]), quantiles: new Map([[0.9, Float64Array.from([5, 6])]]) }], [0.9]);
    expect(csv).toBe('series_id,h,date,mean,q0.9,model\n"s,1",1,2026-01-03,3,5,M\n"s,1",2,2026-01-04,4,6,M\n');
    const fc = parseForecastCsv(csv);
    expect([...fc.get('s,1')!.quantiles.get(0.9)!]).toEqual([5, 6]);
    // Actuals start later and skip 2026-01-03: step 1 is missing, step 2 found by date.
    const actuals = parseSeriesCsv('series_id,date,value\n"s,1",2026-01-04,8\n');
    const [a] = alignSeries(fc, actuals, train);
    expect([...a!.test]).toEqual([Number.NaN, 8]);
    expect([...a!.train]).toEqual([1, 2]);
  });
});
