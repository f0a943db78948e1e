import { describe, expect, it } from 'vitest';
import { aggregate, cumulativeSums } from '../../../../pipelines/forecast/intermittent/aggregation.ts';
import { demandEvents } from '../../../../pipelines/forecast/intermittent/events.ts';
import { fitAdida, fitImapa, fitSba, fitTsb } from '../../../../pipelines/forecast/intermittent/models.ts';

// Sparse demand with more than 20 demands, so TSB optimises its constants too.
const y = Float64Array.from({ length: 200 }, (_, t) => (t % 7 === 3 ? 1 + (t % 3) : t % 11 === 0 ? 4 : 0));

describe('level-only fits and shared buffers', () => {
  it('withFitted false gives the same level and no fitted values', () => {
    const ev = demandEvents(y);
    for (const f of [fitSba, fitTsb, fitAdida, fitImapa]) {
      const full = f(y, ev, y);
      const lean = f(y, ev, y, false);
      expect(lean.level).toBe(full.level);
      expect(lean.fitted.length).toBe(0);
      expect(full.fitted.length).toBe(y.length);
    }
  });

  it('bucket sums from running sums equal direct sums (whole units: exact)', () => {
    const cum = cumulativeSums(y);
    for (const level of [1, 2, 3, 5, 12]) expect([...aggregate(y, level, cum)]).toEqual([...aggregate(y, level)]);
    // 7 values at level 3: the leading remainder (1 value) is dropped, buckets [1..3], [4..6].
    expect([...aggregate(Float64Array.of(9, 1, 2, 3, 4, 5, 6), 3, cumulativeSums(Float64Array.of(9, 1, 2, 3, 4, 5, 6)))]).toEqual([6, 15]);
  });

  it('demand events from the shared scratch are copies: a later call does not change an earlier result', () => {
    const first = demandEvents(Float64Array.of(0, 3, 0, 0, 2));
    demandEvents(Float64Array.of(7, 7, 7, 7, 7, 7));
    expect([...first.sizes]).toEqual([3, 2]);
    expect([...first.intervals]).toEqual([2, 3]);
    expect(first.trailing).toBe(0);
    expect(first.observed).toBe(5);
  });
});
