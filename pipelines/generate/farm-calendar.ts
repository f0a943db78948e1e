/**
 * The two calendars a Ganzhou village lives by, from the project's calendar module: town markets
 * (赶圩) fall on lunar days (逢一四七 = lunar days ending in 1, 4, 7), and planting follows the solar
 * terms (spring between Jingzhe and Qingming, autumn sowing around Qiufen). Both are cached per
 * Gregorian year so the daily loop only does array lookups.
 */
import { lunarMonths } from '../calendar/lunar.ts';
import { solarTermsOfYear } from '../calendar/solar-terms.ts';

const MS_PER_DAY = 86_400_000;
const jan1 = (year: number): number => Math.round(Date.UTC(year, 0, 1) / MS_PER_DAY);

const lunarDays = new Map<number, Uint8Array>();

/** Day of the lunar month (1-30) of a day number. */
export function lunarDayOf(day: number): number {
  const year = new Date(day * MS_PER_DAY).getUTCFullYear();
  let table = lunarDays.get(year);
  if (table === undefined) {
    const first = jan1(year);
    const len = jan1(year + 1) - first;
    table = new Uint8Array(len);
    // Lunar year Y-1 starts around Jan/Feb of Y-1 and its month 11 of Y-2 is included: all of Y is covered.
    for (const m of lunarMonths(year - 1, year)) {
      for (let k = 0; k < m.length; k++) {
        const i = m.firstDay + k - first;
        if (i >= 0 && i < len) table[i] = k + 1;
      }
    }
    lunarDays.set(year, table);
  }
  return table[day - jan1(year)] ?? 1;
}

export interface PlantingPeaks {
  /** Day of year of the spring planting peak (midway between Jingzhe and Qingming). */
  readonly spring: number;
  /** Day of year of the autumn sowing peak (Qiufen). */
  readonly autumn: number;
}

const peaks = new Map<number, PlantingPeaks>();

export function plantingPeaks(year: number): PlantingPeaks {
  let p = peaks.get(year);
  if (p === undefined) {
    const terms = solarTermsOfYear(year);
    const at = (code: string, fallback: number): number => {
      const t = terms.find((x) => x.code === code);
      return t === undefined ? fallback : t.day - jan1(year) + 1;
    };
    p = { spring: (at('jingzhe', 64) + at('qingming', 95)) / 2, autumn: at('qiufen', 266) };
    peaks.set(year, p);
  }
  return p;
}
