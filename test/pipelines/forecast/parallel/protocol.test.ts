import { describe, expect, it } from 'vitest';
import { packSeries, unpackSeries } from '../../../../pipelines/forecast/parallel/protocol.ts';
import { forecastBatch } from '../../../../pipelines/forecast/parallel/worker.ts';
import { autoForecast } from '../../../../pipelines/forecast/auto.ts';

describe('packed batches', () => {
  it('series round-trip through one buffer, empty ones included', () => {
    const series = [Float64Array.of(1, 2, 3), new Float64Array(0), Float64Array.of(Number.NaN, 5)];
    const { values, offsets } = packSeries(series);
    expect([...offsets]).toEqual([0, 3, 3, 5]);
    const back = unpackSeries(values, offsets);
    expect(back.map((y) => [...y])).toEqual([[1, 2, 3], [], [Number.NaN, 5]]);
  });

  it('a worker batch packs h means then h values per level, equal to the serial forecasts', () => {
    const a = Float64Array.from({ length: 40 }, (_, t) => (t % 5 === 0 ? 2 : 0));
    const b = Float64Array.from({ length: 40 }, (_, t) => 10 + (t % 4));
    const { values, offsets } = packSeries([a, b]);
    const options = { quantiles: [0.5, 0.9] };
    const packed = forecastBatch({ id: 1, h: 3, options, values, offsets });
    expect(packed.data.length).toBe(2 * 3 * 3);
    [a, b].forEach((y, i) => {
      const fc = autoForecast(y, 3, options);
      const base = i * 9;
      expect(packed.models[i]).toBe(fc.model);
      expect(packed.levels[i]).toEqual([0.5, 0.9]);
      expect([...packed.data.subarray(base, base + 3)]).toEqual([...fc.mean]);
      expect([...packed.data.subarray(base + 6, base + 9)]).toEqual([...fc.quantiles!.get(0.9)!]);
    });
  });
});
