/**
 * One-line reasons in plain Chinese and English, built from the single biggest driver of a
 * suggestion, followed by the stock situation a shopkeeper checks first (how many left, how long
 * they last). Short on purpose: it is read on a phone at the counter.
 */

export type ReasonDriver = 'none' | 'below-minimum' | 'perishable-cap' | 'event' | 'low-stock' | 'trend' | 'top-up';

export interface EventNote {
  readonly name_zh: string;
  readonly name_en: string;
  /** Days from today to the event (0 = today). */
  readonly daysAway: number;
  /** Demand multiplier the calendar expects around the event (3.1 = about three times normal). */
  readonly factor: number;
}

export interface ReasonFacts {
  readonly quantity: number;
  readonly rawNeed: number;
  readonly orderUpTo: number;
  readonly onHand: number;
  /** Units on order, arriving before or at the next review. @defaultValue 0 */
  readonly onOrder?: number;
  readonly daysOfCover: number | null;
  readonly leadTimeDays: number;
  readonly minOrderUnits: number;
  readonly shelfLifeDays: number | null;
  readonly capBinding: boolean;
  readonly event: EventNote | null;
  /** Forecast mean per day over lead time plus review period. */
  readonly forecastDailyMean: number;
  readonly recentDailyMean: number | null;
}

export interface Reason {
  readonly driver: ReasonDriver;
  readonly zh: string;
  readonly en: string;
}

const EVENT_MIN_EFFECT = 0.2;
const TREND_UP = 1.25;
const TREND_DOWN = 0.8;

export function buildReason(f: ReasonFacts): Reason {
  const stock = stockClause(f.onHand, f.daysOfCover);
  const driver = pickDriver(f);
  switch (driver) {
    case 'perishable-cap': {
      const life = f.shelfLifeDays ?? 0;
      return f.quantity > 0
        ? { driver, zh: `易坏品（保质期${life}天），只订保质期内卖得掉的${num(f.quantity)}件；${stock.zh}`, en: `Perishable (${life}-day shelf life): ordering only the ${num(f.quantity)} that sell before expiry; ${stock.en}` }
        : { driver, zh: `易坏品（保质期${life}天），现有库存已够保质期内卖，暂不订；${stock.zh}`, en: `Perishable (${life}-day shelf life): stock already covers what sells before expiry, no order; ${stock.en}` };
    }
    case 'event': {
      const e = f.event as EventNote;
      const when = e.daysAway <= 0 ? { zh: `正值${e.name_zh}`, en: `${e.name_en} now` } : { zh: `${e.name_zh}还有${e.daysAway}天`, en: `${e.name_en} in ${e.daysAway} ${e.daysAway === 1 ? 'day' : 'days'}` };
      const effect = e.factor >= 1
        ? { zh: `需求约为平时${factorText(e.factor)}倍`, en: `demand about ${factorText(e.factor)}x normal` }
        : { zh: `需求约为平时的${Math.round(e.factor * 100)}%`, en: `demand about ${Math.round(e.factor * 100)}% of normal` };
      return { driver, zh: `${when.zh}，${effect.zh}；${stock.zh}`, en: `${when.en}, ${effect.en}; ${stock.en}` };
    }
    case 'low-stock':
      return { driver, zh: `${stock.zh}，到货要${f.leadTimeDays}天`, en: `${stock.en}; delivery takes ${f.leadTimeDays} ${f.leadTimeDays === 1 ? 'day' : 'days'}` };
    case 'trend': {
      const recent = f.recentDailyMean ?? 0;
      const up = f.forecastDailyMean > recent;
      return {
        driver,
        zh: `需求${up ? '上升' : '下降'}，预计每天约${num(f.forecastDailyMean)}件（近期${num(recent)}件）；${stock.zh}`,
        en: `Demand ${up ? 'rising' : 'falling'}: about ${num(f.forecastDailyMean)} a day vs ${num(recent)} recently; ${stock.en}`,
      };
    }
    case 'below-minimum':
      return { driver, zh: `缺口${num(f.rawNeed)}件，不到起订量${num(f.minOrderUnits)}件，下次再订；${stock.zh}`, en: `Short by ${num(f.rawNeed)}, below the minimum order of ${num(f.minOrderUnits)}; wait for next review; ${stock.en}` };
    case 'none': {
      // "Enough stock" next to "out of stock" read as a contradiction: say what actually covers it.
      const onOrder = f.onOrder ?? 0;
      if (f.onHand <= 0 && onOrder > 0) {
        return { driver, zh: `已断货，在途${num(onOrder)}件够卖到下次到货，不用再订`, en: `Out of stock; the ${num(onOrder)} on order cover until the next delivery, no more needed` };
      }
      if (f.onHand <= 0) {
        return { driver, zh: `已断货，但到下次到货前预计卖不出，不用订`, en: `Out of stock, but no sales expected before the next delivery: no order` };
      }
      return { driver, zh: `库存够用，不用订；${stock.zh}`, en: `Enough stock, no order needed; ${stock.en}` };
    }
    case 'top-up':
      return { driver, zh: `补到${num(f.orderUpTo)}件，够卖到下次到货；${stock.zh}`, en: `Top up to ${num(f.orderUpTo)} to last until the next delivery; ${stock.en}` };
  }
}

function pickDriver(f: ReasonFacts): ReasonDriver {
  if (f.capBinding) return 'perishable-cap';
  if (f.quantity === 0) return f.rawNeed > 0 ? 'below-minimum' : 'none';
  if (f.event && Math.abs(f.event.factor - 1) >= EVENT_MIN_EFFECT) return 'event';
  if (f.daysOfCover !== null && f.daysOfCover < f.leadTimeDays + 1) return 'low-stock';
  const r = f.recentDailyMean;
  if (r !== null && r > 0 && (f.forecastDailyMean >= TREND_UP * r || f.forecastDailyMean <= TREND_DOWN * r)) return 'trend';
  return 'top-up';
}

function stockClause(onHand: number, cover: number | null): { zh: string; en: string } {
  if (onHand <= 0) return { zh: '已断货', en: 'out of stock' };
  if (cover === null) return { zh: `剩${num(onHand)}件，近期预计卖不动`, en: `${num(onHand)} left, no sales expected soon` };
  if (cover < 1) return { zh: `剩${num(onHand)}件，不到1天卖完`, en: `${num(onHand)} left, runs out within a day` };
  const d = Math.round(cover);
  return { zh: `剩${num(onHand)}件，约${d}天卖完`, en: `${num(onHand)} left, runs out in about ${d} ${d === 1 ? 'day' : 'days'}` };
}

function factorText(factor: number): string {
  return factor >= 2 ? String(Math.round(factor)) : String(Math.round(factor * 10) / 10);
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 10) / 10);
}
