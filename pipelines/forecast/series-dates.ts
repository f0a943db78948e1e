/** Calendar steps a dated series may have. */
export type DateStep = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

/** Parses YYYY-MM-DD or YYYY-MM (day 1) as a UTC calendar day; undefined when it is not a real date. */
export function parseIsoDate(s: string): { epochDay: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { epochDay: ms / DAY_MS, day };
}

function monthIndex(epochDay: number): number {
  const d = new Date(epochDay * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Whole steps from `from` to `to` (both epoch days on the grid). */
export function stepsBetween(from: number, to: number, step: DateStep): number {
  if (step === 'month') return monthIndex(to) - monthIndex(from);
  return Math.round((to - from) / (step === 'week' ? 7 : 1));
}

/** ISO date `k` steps after epoch day `from`: YYYY-MM for months, YYYY-MM-DD otherwise. */
export function addSteps(from: number, k: number, step: DateStep): string {
  if (step === 'month') {
    const mi = monthIndex(from) + k;
    const y = Math.floor(mi / 12);
    return `${String(y).padStart(4, '0')}-${String(mi - y * 12 + 1).padStart(2, '0')}`;
  }
  const d = new Date((from + k * (step === 'week' ? 7 : 1)) * DAY_MS);
  return d.toISOString().slice(0, 10);
}

/**
 * The step of a file's dates: monthly when every date is a 1st of the month and no two consecutive dates
 * of a series are under 28 days apart; otherwise weekly when every gap is a multiple of 7 days, else daily.
 */
export function inferStep(times: readonly number[][], allFirstOfMonth: boolean): DateStep {
  let minGap = Number.POSITIVE_INFINITY;
  let allWeekMultiples = true;
  for (const ts of times) {
    const sorted = [...ts].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      const g = sorted[i]! - sorted[i - 1]!;
      if (g <= 0) continue;
      minGap = Math.min(minGap, g);
      if (g % 7 !== 0) allWeekMultiples = false;
    }
  }
  if (allFirstOfMonth && minGap >= 28) return 'month';
  if (Number.isFinite(minGap) && allWeekMultiples) return 'week';
  return 'day';
}
