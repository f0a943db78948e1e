// Public surface of the calendar folder; other folders import from here.
export { loadCalendar, calendarFromEvents, EVENTS_CSV_PATH } from './calendar.ts';
export type { RetailCalendar } from './calendar.ts';
export type { CalendarEvent, EventKind } from './event-row.ts';
export { SPRING_FESTIVAL } from './spring-festival.ts';
export { SOLAR_TERMS } from './solar-terms.ts';
export type { SolarTermDef } from './solar-terms.ts';
export { toLunar, lunarToDay } from './lunar.ts';
export type { LunarDate } from './lunar.ts';
export { DEFAULT_EVENT_WINDOWS, eventColumns, eventFeatures } from './event-windows.ts';
export type { EventColumn, EventFeatures, EventWindowSpec } from './event-windows.ts';
export {
  applyEventEffects,
  effectLogSd,
  effectMultipliers,
  estimateEventEffects,
  estimateEventEffectsMany,
  estimatePooledEventEffects,
  removeEventEffects,
} from './event-effects.ts';
export type { DailySeries, EstimateOptions, EventEffect, EventEffects } from './event-effects.ts';
export { robustBaseline } from './robust-baseline.ts';
export { addDays, dayNumber, isoDate, weekday } from './dates.ts';
