import { chinaDayNumber, chinaMinutesOfDay, julianDay, sunLongitudeCrossing } from './astro.ts';
import { dayNumber } from './dates.ts';

export interface SolarTermDef {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Apparent ecliptic longitude of the Sun, degrees; multiples of 30 are the principal terms (zhongqi). */
  readonly longitude: number;
}

/** In calendar-year order, starting from Xiaohan (early January). */
export const SOLAR_TERMS: readonly SolarTermDef[] = [
  { code: 'xiaohan', nameZh: '小寒', nameEn: 'Minor Cold', longitude: 285 },
  { code: 'dahan', nameZh: '大寒', nameEn: 'Major Cold', longitude: 300 },
  { code: 'lichun', nameZh: '立春', nameEn: 'Start of Spring', longitude: 315 },
  { code: 'yushui', nameZh: '雨水', nameEn: 'Rain Water', longitude: 330 },
  { code: 'jingzhe', nameZh: '惊蛰', nameEn: 'Awakening of Insects', longitude: 345 },
  { code: 'chunfen', nameZh: '春分', nameEn: 'Spring Equinox', longitude: 0 },
  { code: 'qingming', nameZh: '清明', nameEn: 'Pure Brightness (Qingming)', longitude: 15 },
  { code: 'guyu', nameZh: '谷雨', nameEn: 'Grain Rain', longitude: 30 },
  { code: 'lixia', nameZh: '立夏', nameEn: 'Start of Summer', longitude: 45 },
  { code: 'xiaoman', nameZh: '小满', nameEn: 'Grain Buds', longitude: 60 },
  { code: 'mangzhong', nameZh: '芒种', nameEn: 'Grain in Ear', longitude: 75 },
  { code: 'xiazhi', nameZh: '夏至', nameEn: 'Summer Solstice', longitude: 90 },
  { code: 'xiaoshu', nameZh: '小暑', nameEn: 'Minor Heat', longitude: 105 },
  { code: 'dashu', nameZh: '大暑', nameEn: 'Major Heat', longitude: 120 },
  { code: 'liqiu', nameZh: '立秋', nameEn: 'Start of Autumn', longitude: 135 },
  { code: 'chushu', nameZh: '处暑', nameEn: 'End of Heat', longitude: 150 },
  { code: 'bailu', nameZh: '白露', nameEn: 'White Dew', longitude: 165 },
  { code: 'qiufen', nameZh: '秋分', nameEn: 'Autumn Equinox', longitude: 180 },
  { code: 'hanlu', nameZh: '寒露', nameEn: 'Cold Dew', longitude: 195 },
  { code: 'shuangjiang', nameZh: '霜降', nameEn: "Frost's Descent", longitude: 210 },
  { code: 'lidong', nameZh: '立冬', nameEn: 'Start of Winter', longitude: 225 },
  { code: 'xiaoxue', nameZh: '小雪', nameEn: 'Minor Snow', longitude: 240 },
  { code: 'daxue', nameZh: '大雪', nameEn: 'Major Snow', longitude: 255 },
  { code: 'dongzhi', nameZh: '冬至', nameEn: 'Winter Solstice', longitude: 270 },
];

export interface SolarTermInstant extends SolarTermDef {
  readonly year: number;
  readonly jde: number;
  /** Civil day (day number) in China Standard Time. */
  readonly day: number;
  /** Minutes after midnight CST; near 0 or 1440 the date is sensitive to the ~15 min model error. */
  readonly minutesCst: number;
}

/**
 * The low-accuracy solar model is off by up to about 9 minutes (measured against the published
 * Purple Mountain Observatory times for Xiaoshu 2015-2025). Every term the model puts within
 * 15 minutes of midnight CST in 2015-2030 is listed here with its published time; the published
 * date wins. A test fails if the model ever puts another term inside that band, so nobody can
 * silently get a date that was not checked.
 */
export const NEAR_MIDNIGHT_VERIFIED: ReadonlyArray<{ year: number; code: string; date: string; publishedCst: string }> = [
  { year: 2015, code: 'xiaohan', date: '2015-01-06', publishedCst: '00:20' },
  { year: 2016, code: 'xiaoshu', date: '2016-07-07', publishedCst: '00:03' },
  { year: 2018, code: 'chunfen', date: '2018-03-21', publishedCst: '00:15' },
  { year: 2019, code: 'xiazhi', date: '2019-06-21', publishedCst: '23:54' },
  { year: 2020, code: 'daxue', date: '2020-12-07', publishedCst: '00:09' },
  { year: 2021, code: 'dongzhi', date: '2021-12-21', publishedCst: '23:59' },
];

const TERM_SPACING_DAYS = 365.2422 / 24;

/** The 24 solar terms of a Gregorian year, Xiaohan first. */
export function solarTermsOfYear(year: number): SolarTermInstant[] {
  const jan6 = julianDay(year, 1, 6);
  return SOLAR_TERMS.map((def, i) => {
    const jde = sunLongitudeCrossing(def.longitude, jan6 + i * TERM_SPACING_DAYS);
    const verified = NEAR_MIDNIGHT_VERIFIED.find((v) => v.year === year && v.code === def.code);
    const day = verified ? dayNumber(verified.date) : chinaDayNumber(jde);
    return { ...def, year, jde, day, minutesCst: chinaMinutesOfDay(jde) };
  });
}
