import { addDays, isoDate } from './dates.ts';
import type { CalendarEvent } from './event-row.ts';
import { announcedHolidays, derivedHolidays, HOLIDAY_NAMES } from './holidays.ts';
import type { HolidayPeriod } from './holidays.ts';
import { lunarToDay } from './lunar.ts';
import { solarTermsOfYear } from './solar-terms.ts';

/** Everything in data/calendar/events.csv, computed. The CSV is this list written out once. */
export const FIRST_YEAR = 2015;
export const LAST_YEAR = 2030;
export const LAST_ANNOUNCED_YEAR = 2026;

const LUNAR_SOURCE = 'computed: lunisolar rules (GB/T 33661-2017) with Meeus new moons and solar terms in CST';
const TERM_SOURCE = 'computed: apparent solar longitude (Meeus ch. 25) in CST; near-midnight terms checked against published times';
const FIXED_SOURCE = 'fixed Gregorian date';
const WINDOW_SOURCE = 'convention of this project (see data/calendar/README.md)';

interface LunarFestival {
  code: string; zh: string; en: string;
  /** Lunar month/day, and whether the date belongs to the previous lunar year (so lands in Jan/Feb). */
  month: number; day: number; previousLunarYear: boolean;
}

const LUNAR_FESTIVALS: readonly LunarFestival[] = [
  { code: 'laba', zh: '腊八节', en: 'Laba Festival', month: 12, day: 8, previousLunarYear: true },
  { code: 'xiaonian', zh: '小年(北方)', en: 'Little New Year (north)', month: 12, day: 23, previousLunarYear: true },
  { code: 'spring_festival', zh: '春节', en: 'Spring Festival', month: 1, day: 1, previousLunarYear: false },
  { code: 'lantern', zh: '元宵节', en: 'Lantern Festival', month: 1, day: 15, previousLunarYear: false },
  { code: 'dragon_boat', zh: '端午节', en: 'Dragon Boat Festival', month: 5, day: 5, previousLunarYear: false },
  { code: 'qixi', zh: '七夕', en: 'Qixi Festival', month: 7, day: 7, previousLunarYear: false },
  { code: 'mid_autumn', zh: '中秋节', en: 'Mid-Autumn Festival', month: 8, day: 15, previousLunarYear: false },
];

interface WindowDef { code: string; zh: string; en: string; anchor: string; from: number; to: number; kind: 'festival_window' }

/** Retail windows around anchors; offsets are days from the anchor's date. */
export const WINDOWS: readonly WindowDef[] = [
  { code: 'sf_pre', zh: '年货采购期', en: 'Pre-Spring Festival shopping (layue)', anchor: 'spring_festival', from: -21, to: -1, kind: 'festival_window' },
  { code: 'sf_holiday', zh: '春节假期', en: 'Spring Festival week', anchor: 'spring_festival', from: 0, to: 6, kind: 'festival_window' },
  { code: 'sf_return', zh: '返城期', en: 'Migrant return period', anchor: 'spring_festival', from: 7, to: 15, kind: 'festival_window' },
  { code: 'dragon_boat_pre', zh: '端午备货期', en: 'Week before Dragon Boat', anchor: 'dragon_boat', from: -7, to: -1, kind: 'festival_window' },
  { code: 'mid_autumn_pre', zh: '中秋备货期', en: 'Two weeks before Mid-Autumn', anchor: 'mid_autumn', from: -14, to: -1, kind: 'festival_window' },
  { code: 'd618_runup', zh: '618预热期', en: '6.18 run-up', anchor: 'd618', from: -17, to: -1, kind: 'festival_window' },
  { code: 'd1111_presale', zh: '双11预售期', en: 'Double 11 pre-sale run-up', anchor: 'd1111', from: -21, to: -1, kind: 'festival_window' },
];

const FIXED: ReadonlyArray<{ code: string; zh: string; en: string; md: string; kind: 'gregorian_festival' | 'shopping_festival' }> = [
  { code: 'new_year', zh: '元旦', en: "New Year's Day", md: '01-01', kind: 'gregorian_festival' },
  { code: 'labour_day', zh: '劳动节', en: 'Labour Day', md: '05-01', kind: 'gregorian_festival' },
  { code: 'd618', zh: '618购物节', en: '6.18 shopping festival', md: '06-18', kind: 'shopping_festival' },
  { code: 'national_day', zh: '国庆节', en: 'National Day', md: '10-01', kind: 'gregorian_festival' },
  { code: 'd1111', zh: '双11', en: 'Double 11 (Singles Day)', md: '11-11', kind: 'shopping_festival' },
  { code: 'd1212', zh: '双12', en: 'Double 12', md: '12-12', kind: 'shopping_festival' },
];

function inRange(iso: string): boolean {
  return iso >= `${FIRST_YEAR}-01-01` && iso <= `${LAST_YEAR}-12-31`;
}

function anchorDates(): Map<string, Map<number, string>> {
  const anchors = new Map<string, Map<number, string>>();
  const put = (code: string, year: number, iso: string): void => {
    let m = anchors.get(code);
    if (!m) anchors.set(code, (m = new Map()));
    m.set(year, iso);
  };
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const f of LUNAR_FESTIVALS) {
      put(f.code, y, isoDate(lunarToDay(f.previousLunarYear ? y - 1 : y, f.month, f.day)));
    }
    put('chuxi', y, isoDate(lunarToDay(y, 1, 1) - 1));
    for (const f of FIXED) put(f.code, y, `${y}-${f.md}`);
  }
  return anchors;
}

function holidayPeriods(anchors: Map<string, Map<number, string>>): HolidayPeriod[] {
  const periods = announcedHolidays();
  for (let y = LAST_ANNOUNCED_YEAR + 1; y <= LAST_YEAR; y++) {
    const at = (code: string): string => anchors.get(code)?.get(y) as string;
    periods.push(...derivedHolidays(y, {
      springFestival: at('spring_festival'),
      qingming: isoDate(solarTermsOfYear(y)[6]?.day as number), // SOLAR_TERMS[6] is Qingming
      dragonBoat: at('dragon_boat'),
      midAutumn: at('mid_autumn'),
    }));
  }
  return periods;
}

export function buildEvents(): CalendarEvent[] {
  const anchors = anchorDates();
  const rows: CalendarEvent[] = [];
  const base = { announced: true, offsetDays: null };
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const f of LUNAR_FESTIVALS) {
      rows.push({ ...base, date: anchors.get(f.code)?.get(y) as string, year: y, code: f.code, nameZh: f.zh, nameEn: f.en, kind: 'lunar_festival', source: LUNAR_SOURCE });
    }
    rows.push({ ...base, date: anchors.get('chuxi')?.get(y) as string, year: y, code: 'chuxi', nameZh: '除夕', nameEn: "New Year's Eve (lunar)", kind: 'lunar_festival', source: LUNAR_SOURCE });
    for (const f of FIXED) {
      rows.push({ ...base, date: `${y}-${f.md}`, year: y, code: f.code, nameZh: f.zh, nameEn: f.en, kind: f.kind, source: FIXED_SOURCE });
    }
    for (const t of solarTermsOfYear(y)) {
      rows.push({ ...base, date: isoDate(t.day), year: y, code: t.code, nameZh: t.nameZh, nameEn: t.nameEn, kind: 'solar_term', source: TERM_SOURCE });
    }
    for (const w of WINDOWS) {
      const anchor = anchors.get(w.anchor)?.get(y) as string;
      for (let o = w.from; o <= w.to; o++) {
        const date = addDays(anchor, o);
        if (inRange(date)) rows.push({ ...base, date, year: y, code: w.code, nameZh: w.zh, nameEn: w.en, kind: w.kind, offsetDays: o, source: WINDOW_SOURCE });
      }
    }
  }
  for (const p of holidayPeriods(anchors)) {
    for (const h of p.holidays) {
      const [zh, en] = HOLIDAY_NAMES[h] as readonly [string, string];
      p.days.forEach((date, i) => {
        rows.push({ date, year: p.year, code: `ph_${h}`, nameZh: `${zh}假期`, nameEn: `${en} holiday`, kind: 'public_holiday', offsetDays: i, announced: p.announced, source: p.source });
      });
    }
    const [zh, en] = HOLIDAY_NAMES[p.holidays[0] as string] as readonly [string, string];
    for (const date of p.makeupWorkdays) {
      rows.push({ date, year: p.year, code: `makeup_${p.holidays[0]}`, nameZh: `${zh}调休上班`, nameEn: `Make-up workday (${en})`, kind: 'makeup_workday', offsetDays: null, announced: true, source: p.source });
    }
  }
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Rows of data/calendar/solar-terms.csv (exact model times, for people checking the dates). */
export function solarTermRows(): string[] {
  const out = ['year,code,name_zh,name_en,longitude_deg,date_cst,model_time_cst'];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const t of solarTermsOfYear(y)) {
      const minutes = Math.round(t.minutesCst) % 1440;
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      out.push([y, t.code, t.nameZh, t.nameEn, t.longitude, isoDate(t.day), hhmm].join(','));
    }
  }
  return out;
}

