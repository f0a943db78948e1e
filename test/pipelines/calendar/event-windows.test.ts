import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../../pipelines/calendar/calendar.ts';
import { DEFAULT_EVENT_WINDOWS, eventColumns, eventFeatures } from '../../../pipelines/calendar/event-windows.ts';

const cal = loadCalendar();

describe('event-window features', () => {
  it('one column per (anchor, bucket)', () => {
    const cols = eventColumns(cal);
    expect(cols).toHaveLength(DEFAULT_EVENT_WINDOWS.reduce((s, w) => s + w.buckets.length, 0));
    expect(cols.map((c) => c.name)).toContain('spring_festival[-7..-4]');
    expect(new Set(cols.map((c) => c.name)).size).toBe(cols.length);
  });

  it('windows follow the lunar date: day -1 is 2024-02-09 and 2025-01-28', () => {
    const f = eventFeatures(cal, '2024-01-01', 420, [{ anchor: 'spring_festival', buckets: [[-1, -1], [0, 6]] }]);
    const eve = f.values[0]!;
    const week = f.values[1]!;
    const on = (v: Uint8Array): string[] => f.dates.filter((_, i) => v[i] === 1);
    expect(on(eve)).toEqual(['2024-02-09', '2025-01-28']);
    expect(on(week)).toHaveLength(14);
    expect(on(week)[0]).toBe('2024-02-10');
    expect(on(week)[13]).toBe('2025-02-04');
  });

  it('clips occurrences at the range edges and rejects bad specs', () => {
    const f = eventFeatures(cal, '2025-01-27', 3, [{ anchor: 'spring_festival', buckets: [[-3, 3]] }]);
    expect(Array.from(f.values[0]!)).toEqual([1, 1, 1]);
    expect(() => eventFeatures(cal, '2025-01-01', 10, [{ anchor: 'no_such_event', buckets: [[0, 0]] }])).toThrow(/Unknown anchor/);
    expect(() => eventFeatures(cal, '2025-01-01', 10, [{ anchor: 'd1111', buckets: [[2, 1]] }])).toThrow(/Bad bucket/);
    expect(() => eventFeatures(cal, '2025-01-01', -1)).toThrow(/non-negative/);
  });

  it('calendar windows in events.csv have the documented lengths', () => {
    const count = (code: string, y: number): number => cal.events.filter((e) => e.code === code && e.year === y).length;
    expect(count('sf_pre', 2025)).toBe(21);
    expect(count('sf_holiday', 2025)).toBe(7);
    expect(count('sf_return', 2025)).toBe(9);
    expect(count('d1111_presale', 2025)).toBe(21);
    expect(cal.dateOf('sf_return', 2025)).toBe('2025-02-05');
  });
});
