/** Charts as standalone SVG (and PNG): one module for the pages, the notebooks and the CLI. */
export { eventLiftsSvg, priceBandsSvg, type BandCell, type LiftCell } from './brand-bands.ts';
export { brandSharesSvg, brandTrendSvg, type BrandSharesInput, type ShareCell, type TrendCell } from './brand-shares.ts';
export { demandFanSvg, type DemandFanInput, type ForecastPoint, type HistoryPoint } from './demand-fan.ts';
export { COLOURS, FONT_FAMILY, type ChartLang } from './plot-dom.ts';
export { svgToPng } from './png.ts';
export { seasonCalendarSvg, type SeasonCalendarInput, type SeasonCell } from './season-calendar.ts';
