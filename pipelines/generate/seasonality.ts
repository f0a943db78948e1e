/**
 * The demand calendar of a Ganzhou village: seasonal category shapes, Spring Festival (migrant
 * workers home from about four weeks before until the Lantern Festival, then gone), the 6.18 and
 * 11.11 online shopping festivals, weekly rhythm, town market days and fast yearly growth.
 * All factors are multiplicative on a baseline of 1.
 */
import { SPRING_FESTIVAL } from '../calendar/spring-festival.ts';
import type { Profile } from './catalogue.ts';
import { civil, dayOf } from './days.ts';
import { CodedError } from '../errors.ts';
import { lunarDayOf, plantingPeaks, type PlantingPeaks } from './farm-calendar.ts';

/** Typical years' peaks (day of year), for callers without a date. */
const DEFAULT_PEAKS: PlantingPeaks = { spring: 80, autumn: 266 };

/** Rural online retail grew ~39 % in 2017 (Ministry of Commerce); we use 35 %/year. */
export const YEARLY_GROWTH = 1.35;

const SF_DAYS: readonly number[] = Object.values(SPRING_FESTIVAL).map(dayOf).sort((a, b) => a - b);

/** Days from the nearest Spring Festival (negative before it). */
export function daysFromSpringFestival(day: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const sf of SF_DAYS) {
    if (Math.abs(day - sf) < Math.abs(best)) best = day - sf;
  }
  if (!Number.isFinite(best) || Math.abs(best) > 400) {
    throw new CodedError('BAD_ARGUMENT', 'dates must fall within the Spring Festival table (2015-2030)');
  }
  return best;
}

/** Gaussian bump on the circular day-of-year axis. */
function bump(doy: number, centre: number, width: number): number {
  let d = Math.abs(doy - centre);
  if (d > 182.5) d = 365 - d;
  return Math.exp(-0.5 * (d / width) * (d / width));
}

/** Migrant workers home for the festival lift everything; after the Lantern Festival they leave. */
export function migrantFactor(sf: number): number {
  if (sf >= -28 && sf <= -5) return 1 + 0.6 * ((sf + 28) / 23);
  if (sf >= -4 && sf <= -1) return 1.5;
  if (sf >= 0 && sf <= 3) return 0.9;
  if (sf >= 4 && sf <= 14) return 1.3;
  if (sf >= 15 && sf <= 45) return 0.8;
  return 1;
}

/** Shape of a category over the year, on the shelf (no online-festival spikes). */
export function profileFactor(profile: Profile, doy: number, sf: number, planting: PlantingPeaks = DEFAULT_PEAKS): number {
  switch (profile) {
    case 'flat':
      return 1;
    case 'farm':
      // Spring planting between Jingzhe and Qingming, summer top-dressing, autumn sowing at Qiufen.
      return 0.35 + 2.8 * bump(doy, planting.spring, 20) + 0.6 * bump(doy, 190, 18) + 1.4 * bump(doy, planting.autumn, 16);
    case 'winter':
      return 0.2 + 1.9 * bump(doy, 5, 50);
    case 'summer':
      return 0.3 + 1.5 * bump(doy, 205, 50);
    case 'festive':
      if (sf >= -25 && sf <= -1) return 1 + 4 * ((sf + 25) / 24) ** 2;
      if (sf >= 0 && sf <= 14) return 1.6;
      return 1;
    case 'ecom':
      // Goods bought before the festival arrive before couriers stop (about a week before).
      if (sf >= -30 && sf <= -8) return 1.9;
      if (sf >= -7 && sf <= 7) return 0.6;
      return 1;
    case 'produce':
      return 1;
  }
}

/** 11.11 (Singles Day) and 6.18 on the orders channel: ecom categories fully, others a little. */
export function onlineFestivalFactor(month: number, dom: number, strong: boolean): number {
  let f = 1;
  if (month === 11) {
    if (dom === 11) f = 6;
    else if (dom >= 1 && dom <= 10) f = 1.5;
    else if (dom === 12 || dom === 13) f = 1.3;
  } else if (month === 6) {
    if (dom === 18) f = 3.5;
    else if (dom >= 1 && dom <= 17) f = 1.3;
  }
  return strong ? f : 1 + (f - 1) * 0.25;
}

const WEEKDAY_SHELF = [1.12, 0.95, 0.95, 0.95, 0.97, 1.03, 1.12] as const;
const WEEKDAY_ORDERS = [0.88, 1.04, 1.04, 1.03, 1.02, 1.0, 0.95] as const;
export const MARKET_DAY_SHELF = 1.35;
export const MARKET_DAY_ORDERS = 1.1;

export interface DayFactors {
  readonly day: number;
  readonly sf: number;
  readonly dayOfMonth: number;
  /** Day of the lunar month (markets follow it). */
  readonly lunarDay: number;
  /** Per category index: shelf multiplier, already including growth, migrants and weekday. */
  readonly shelf: Float64Array;
  /** Per category index: relative weight of a category in centre orders that day. */
  readonly order: Float64Array;
  /** Expected orders at a centre relative to its baseline (growth, migrants, festivals, weekday). */
  readonly orderVolume: number;
  readonly growth: number;
}

export function dayFactors(
  day: number,
  midDay: number,
  categories: readonly { readonly profile: Profile }[],
): DayFactors {
  const c = civil(day);
  const sf = daysFromSpringFestival(day);
  const growth = Math.pow(YEARLY_GROWTH, (day - midDay) / 365);
  const migrants = migrantFactor(sf);
  const planting = plantingPeaks(c.year);
  const shelf = new Float64Array(categories.length);
  const order = new Float64Array(categories.length);
  const wShelf = WEEKDAY_SHELF[c.weekday] ?? 1;
  for (let i = 0; i < categories.length; i++) {
    const profile = categories[i]?.profile ?? 'flat';
    const p = profileFactor(profile, c.dayOfYear, sf, planting);
    shelf[i] = p * migrants * growth * wShelf;
    order[i] = p * onlineFestivalFactor(c.month, c.day, profile === 'ecom');
  }
  const courierStop = sf >= -7 && sf <= 7 ? 0.45 : 1;
  // Returning migrants shop online too, but a centre's capacity (one person at a screen) damps it.
  const orderVolume = growth * migrants ** 0.7 * courierStop * (WEEKDAY_ORDERS[c.weekday] ?? 1) *
    Math.min(2.5, onlineFestivalFactor(c.month, c.day, true) ** 0.5);
  return { day, sf, dayOfMonth: c.day, lunarDay: lunarDayOf(day), shelf, order, orderVolume, growth };
}

/** Whether a town with these market digits (逢一四七 = [1, 4, 7]) holds its market on this lunar day. */
export function isMarketDay(marketDigits: readonly number[], lunarDay: number): boolean {
  return marketDigits.includes(lunarDay % 10);
}

/** Relative supply of a produce item on a day of year (1 at the harvest peak). */
export function produceSupply(doy: number, peakDay: number, halfWidth: number): number {
  return bump(doy, peakDay, halfWidth / 1.6);
}
