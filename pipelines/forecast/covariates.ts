/**
 * Covariate files for `forecast-file`: a calendar (what is known about each day ahead: market days,
 * festivals, subsidy days) and prices. Both are keyed by the same t as the series file (integer index or
 * ISO date), and both cover the horizon as well as the history, since a forecast can use only what is
 * known ahead. Formats are in the README under forecast-file.
 */
import { CodedError } from '../errors.ts';
import type { SeriesCovariates } from './global-model.ts';
import { addSteps, parseIsoDate } from './series-dates.ts';
import { csvRows, type SeriesFile } from './series-io.ts';

/** A parsed calendar: column names, rows for every series, and rows for one series only. */
export interface CalendarFile {
  readonly names: readonly string[];
  readonly shared: ReadonlyMap<number, Float64Array>;
  readonly bySeries: ReadonlyMap<string, ReadonlyMap<number, Float64Array>>;
}

/** Prices per series and time key. */
export type PriceFile = ReadonlyMap<string, ReadonlyMap<number, number>>;

const TIME_NAMES = ['t', 'date', 'time', 'period', 'month'];
const ID_NAMES = ['series_id', 'series', 'id'];

/** The time key of a t cell: the integer itself, or the epoch day of an ISO date. */
function timeKey(raw: string, where: string): number {
  const s = raw.trim();
  if (s.includes('-')) {
    const d = parseIsoDate(s);
    if (d === undefined) throw new CodedError('BAD_INPUT_FILE', `${where}: bad date ${s}`);
    return d.epochDay;
  }
  const t = Number(s);
  if (s === '' || !Number.isInteger(t)) throw new CodedError('BAD_INPUT_FILE', `${where}: t must be an integer or ISO date`);
  return t;
}

const isNumber = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

/**
 * Parses a calendar CSV: a t column, an optional series_id column (a row with an id applies to that
 * series only, overriding the shared row of the same t), and any other columns. A column whose filled
 * cells are all numbers is used as it is (0/1 flags, a temperature); any other column becomes one 0/1
 * indicator per distinct value (`event=Spring Festival`), blank meaning none.
 */
export function parseCalendarCsv(text: string, file = 'calendar'): CalendarFile {
  const { header, rows } = csvRows(text);
  const iT = header.findIndex((h) => TIME_NAMES.includes(h));
  if (iT < 0) throw new CodedError('BAD_INPUT_FILE', `${file}: no column named ${TIME_NAMES.join(' or ')}`);
  const iId = header.findIndex((h) => ID_NAMES.includes(h));
  const dataCols = header.map((_, i) => i).filter((i) => i !== iT && i !== iId);
  if (dataCols.length === 0) throw new CodedError('BAD_INPUT_FILE', `${file}: no covariate columns beside t`);
  // Each column becomes one numeric output or one indicator per distinct text value.
  const outputs: { col: number; value?: string; name: string }[] = [];
  for (const c of dataCols) {
    const cells = rows.map((r) => (r[c] ?? '').trim()).filter((s) => s !== '');
    if (cells.every(isNumber)) outputs.push({ col: c, name: header[c]! });
    else for (const v of [...new Set(cells)].sort()) outputs.push({ col: c, value: v, name: `${header[c]}=${v}` });
  }
  const shared = new Map<number, Float64Array>();
  const bySeries = new Map<string, Map<number, Float64Array>>();
  rows.forEach((r, lineNo) => {
    const where = `${file} row ${lineNo + 2}`;
    const key = timeKey(r[iT] ?? '', where);
    const values = Float64Array.from(outputs, (o) => {
      const cell = (r[o.col] ?? '').trim();
      if (o.value !== undefined) return cell === o.value ? 1 : 0;
      return cell === '' ? 0 : Number(cell);
    });
    const id = iId >= 0 ? (r[iId] ?? '').trim() : '';
    if (id === '') shared.set(key, values);
    else {
      let m = bySeries.get(id);
      if (!m) bySeries.set(id, (m = new Map()));
      m.set(key, values);
    }
  });
  return { names: outputs.map((o) => o.name), shared, bySeries };
}

/** Parses a prices CSV: `series_id,t,price`; a blank price is unknown; a price must be positive. */
export function parsePricesCsv(text: string, file = 'prices'): PriceFile {
  const { header, rows } = csvRows(text);
  const find = (names: readonly string[]): number => {
    const i = header.findIndex((h) => names.includes(h));
    if (i < 0) throw new CodedError('BAD_INPUT_FILE', `${file}: no column named ${names.join(' or ')}`);
    return i;
  };
  const iId = find(ID_NAMES);
  const iT = find(TIME_NAMES);
  const iP = find(['price', 'sell_price', 'unit_price']);
  const out = new Map<string, Map<number, number>>();
  rows.forEach((r, lineNo) => {
    const where = `${file} row ${lineNo + 2}`;
    const id = (r[iId] ?? '').trim();
    if (id === '') throw new CodedError('BAD_INPUT_FILE', `${where}: series id is required`);
    const raw = (r[iP] ?? '').trim();
    if (raw === '') return;
    const price = Number(raw);
    if (!(price > 0) || !Number.isFinite(price)) throw new CodedError('BAD_INPUT_FILE', `${where}: price ${raw} must be a positive number`);
    let m = out.get(id);
    if (!m) out.set(id, (m = new Map()));
    m.set(timeKey(r[iT] ?? '', where), price);
  });
  return out;
}

/**
 * Lays the covariates of each series of a file on its grid extended by h steps (history + horizon).
 * A calendar must hold every step of every horizon: a forecast that needs a day the calendar lacks
 * would silently read it as an ordinary day.
 */
export function alignCovariates(file: SeriesFile, h: number, calendar?: CalendarFile, prices?: PriceFile): SeriesCovariates[] {
  return file.series.map((s) => {
    const n = s.values.length + h;
    const keys = new Float64Array(n);
    if (file.time === 'index') for (let i = 0; i < n; i++) keys[i] = (s.startIndex ?? 0) + i;
    else {
      const start = parseIsoDate(s.startDate!)!.epochDay;
      const step = file.time;
      for (let i = 0; i < n; i++) keys[i] = parseIsoDate(addSteps(start, i, step))!.epochDay;
    }
    let cal: Float64Array[] | undefined;
    if (calendar) {
      cal = calendar.names.map(() => new Float64Array(n));
      const own = calendar.bySeries.get(s.id);
      for (let i = 0; i < n; i++) {
        const row = own?.get(keys[i]!) ?? calendar.shared.get(keys[i]!);
        if (row === undefined) {
          if (i >= s.values.length) {
            throw new CodedError('BAD_INPUT_FILE', `calendar has no row for series ${s.id} at forecast step ${i - s.values.length + 1}`);
          }
          continue;
        }
        for (let c = 0; c < row.length; c++) cal[c]![i] = row[c]!;
      }
    }
    let price: Float64Array | undefined;
    const own = prices?.get(s.id);
    if (own) price = Float64Array.from(keys, (k) => own.get(k) ?? Number.NaN);
    return { ...(cal ? { calendar: cal } : {}), ...(price ? { price } : {}) };
  });
}
