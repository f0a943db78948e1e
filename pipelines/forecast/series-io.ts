import { CodedError } from '../errors.ts';
import { addSteps, type DateStep, inferStep, parseIsoDate, stepsBetween } from './series-dates.ts';
import { splitCsvLine } from '../text/csv-line.ts';

/** One series from a long-format file, on a regular grid with NaN for missing or absent points. */
export interface SeriesRecord {
  readonly id: string;
  readonly values: Float64Array;
  /** Integer index of values[0] when the file used integer t. */
  readonly startIndex?: number;
  /** ISO date of values[0] when the file used dates. */
  readonly startDate?: string;
}

export interface SeriesFile {
  readonly series: readonly SeriesRecord[];
  /** 'index' for integer t, otherwise the inferred calendar step. */
  readonly time: 'index' | DateStep;
}

/** Lines of a CSV text with the header split out; blank lines and a trailing CR are dropped. */
export function csvRows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new CodedError('BAD_INPUT_FILE', 'the file is empty');
  const header = splitCsvLine(lines[first]!).map((h) => h.trim().toLowerCase());
  const rows: string[][] = [];
  for (let i = first + 1; i < lines.length; i++) if (lines[i]!.trim() !== '') rows.push(splitCsvLine(lines[i]!));
  return { header, rows };
}

function column(header: readonly string[], names: readonly string[], file: string): number {
  const i = header.findIndex((h) => names.includes(h));
  if (i < 0) throw new CodedError('BAD_INPUT_FILE', `${file}: no column named ${names.join(' or ')}`);
  return i;
}

/**
 * Parses long-format `series_id,t,value` text (t may be called date; a blank value is missing). t is
 * either an integer index or an ISO date (YYYY-MM-DD or YYYY-MM) for the whole file; series keep the
 * order of their first row; each series is laid on a regular grid from its first to its last time.
 */
export function parseSeriesCsv(text: string, file = 'input'): SeriesFile {
  const { header, rows } = csvRows(text);
  const iId = column(header, ['series_id', 'series', 'id'], file);
  const iT = column(header, ['t', 'date', 'time', 'period', 'month'], file);
  const iV = column(header, ['value', 'demand', 'y', 'qty', 'quantity'], file);
  const byId = new Map<string, { t: number[]; v: number[] }>();
  let dateMode: boolean | undefined;
  let monthly = true;
  rows.forEach((r, lineNo) => {
    const id = (r[iId] ?? '').trim();
    const tRaw = (r[iT] ?? '').trim();
    const vRaw = (r[iV] ?? '').trim();
    const where = `${file} row ${lineNo + 2}`;
    if (id === '' || tRaw === '') throw new CodedError('BAD_INPUT_FILE', `${where}: series id and t are required`);
    const isDate = tRaw.includes('-');
    if (dateMode === undefined) dateMode = isDate;
    else if (dateMode !== isDate) throw new CodedError('BAD_INPUT_FILE', `${where}: t mixes dates and integers`);
    let t: number;
    if (isDate) {
      const d = parseIsoDate(tRaw);
      if (d === undefined) throw new CodedError('BAD_INPUT_FILE', `${where}: bad date ${tRaw}`);
      if (d.day !== 1) monthly = false;
      t = d.epochDay;
    } else {
      t = Number(tRaw);
      if (!Number.isInteger(t)) throw new CodedError('BAD_INPUT_FILE', `${where}: t must be an integer or ISO date`);
    }
    const v = vRaw === '' || vRaw.toUpperCase() === 'NA' ? Number.NaN : Number(vRaw);
    if (vRaw !== '' && vRaw.toUpperCase() !== 'NA' && !Number.isFinite(v)) {
      throw new CodedError('BAD_INPUT_FILE', `${where}: value ${vRaw} is not a number`);
    }
    let s = byId.get(id);
    if (!s) byId.set(id, (s = { t: [], v: [] }));
    s.t.push(t);
    s.v.push(v);
  });
  if (!dateMode) return { time: 'index', series: [...byId].map(([id, s]) => grid(id, s, 'index')) };
  const step = inferStep([...byId.values()].map((s) => s.t), monthly);
  return { time: step, series: [...byId].map(([id, s]) => grid(id, s, step)) };
}

function grid(id: string, s: { t: number[]; v: number[] }, time: 'index' | DateStep): SeriesRecord {
  const start = Math.min(...s.t);
  const pos = (t: number): number => (time === 'index' ? t - start : stepsBetween(start, t, time));
  const n = pos(Math.max(...s.t)) + 1;
  const values = new Float64Array(n).fill(Number.NaN);
  s.t.forEach((t, i) => {
    values[pos(t)] = s.v[i]!;
  });
  return time === 'index' ? { id, values, startIndex: start } : { id, values, startDate: addSteps(start, 0, time) };
}

/** The date label of step k (1-based) after the end of a dated series, or undefined for indexed ones. */
export function forecastDate(record: SeriesRecord, time: SeriesFile['time'], k: number): string | undefined {
  if (time === 'index' || record.startDate === undefined) return undefined;
  const start = parseIsoDate(record.startDate)!.epochDay;
  return addSteps(start, record.values.length - 1 + k, time);
}

/** Default seasonal period for a calendar step: weekly cycle for days, yearly for weeks and months. */
export function defaultSeason(time: SeriesFile['time']): number {
  return time === 'day' ? 7 : time === 'week' ? 52 : time === 'month' ? 12 : 1;
}

/** Quotes a CSV field only when it needs it. */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Formats a number compactly but losslessly enough for demand (up to 6 decimals, no trailing zeros). */
export function csvNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(6)));
}

/** Column name of a quantile level: 0.9 -> q0.9. */
export function quantileColumn(p: number): string {
  return `q${p}`;
}

/**
 * Long-format forecast CSV: `series_id,h[,date],mean,q<p>...,model`, one row per series and step. The date
 * column appears when the input had dates; model says which route or model produced the row.
 */
export function formatForecastCsv(
  file: SeriesFile,
  forecasts: ReadonlyArray<{ readonly model: string; readonly mean: Float64Array; readonly quantiles?: ReadonlyMap<number, Float64Array> }>,
  levels: readonly number[],
): string {
  const dated = file.time !== 'index';
  const head = ['series_id', 'h', ...(dated ? ['date'] : []), 'mean', ...levels.map(quantileColumn), 'model'];
  const lines = [head.join(',')];
  file.series.forEach((s, i) => {
    const fc = forecasts[i]!;
    for (let k = 0; k < fc.mean.length; k++) {
      const cells = [csvField(s.id), String(k + 1)];
      if (dated) cells.push(forecastDate(s, file.time, k + 1) ?? '');
      cells.push(csvNumber(fc.mean[k]!));
      for (const p of levels) cells.push(csvNumber(fc.quantiles?.get(p)?.[k] ?? Number.NaN));
      cells.push(csvField(fc.model));
      lines.push(cells.join(','));
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Parses `0.5,0.9,0.95` into sorted unique levels, each strictly inside (0, 1). */
export function parseLevels(text: string): number[] {
  const levels = text.split(',').map((s) => Number(s.trim()));
  for (const p of levels) {
    if (!(p > 0 && p < 1)) throw new CodedError('BAD_ARGUMENT', `quantile levels must be in (0, 1), got ${text}`);
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}
