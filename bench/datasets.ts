/**
 * Loaders for the shared accuracy data (/work/shared/data), each returning train/test splits under the
 * protocol the data's README states, so every bench scores the same series the same way.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { csvRows } from '../pipelines/forecast/series-io.ts';

export interface SplitSeries {
  readonly id: string;
  readonly train: Float64Array;
  readonly test: Float64Array;
}

export interface Dataset {
  readonly name: string;
  readonly period: number;
  readonly h: number;
  readonly series: readonly SplitSeries[];
}

// shared/ sits beside the repository checkout.
const DATA = process.env.RURAL_DEMAND_DATA ?? fileURLToPath(new URL('../../shared/data', import.meta.url));

/** M3 monthly (h = 18) or quarterly (h = 8): the competition's own train/test split. */
export function loadM3(frequency: 'monthly' | 'quarterly', path = `${DATA}/m3/m3_series.csv`): Dataset {
  const h = frequency === 'monthly' ? 18 : 8;
  const { header, rows } = csvRows(readFileSync(path, 'utf8'));
  const col = (n: string): number => header.indexOf(n);
  const [iId, iF, iP, iS, iT, iV] = ['series_id', 'frequency', 'period', 'split', 't', 'value'].map(col) as [
    number, number, number, number, number, number,
  ];
  const by = new Map<string, { train: [number, number][]; test: [number, number][] }>();
  let period = 1;
  for (const r of rows) {
    if (r[iF] !== frequency) continue;
    period = Number(r[iP]);
    const id = r[iId]!;
    let s = by.get(id);
    if (!s) by.set(id, (s = { train: [], test: [] }));
    (r[iS] === 'train' ? s.train : s.test).push([Number(r[iT]), Number(r[iV])]);
  }
  const ordered = (xs: [number, number][]): Float64Array => Float64Array.from(xs.sort((a, b) => a[0] - b[0]), (x) => x[1]);
  const series = [...by].map(([id, s]) => ({ id, train: ordered(s.train), test: ordered(s.test).slice(0, h) }));
  return { name: `M3 ${frequency}`, period, h, series };
}

/**
 * carparts under the README protocol: complete series only, at least 2 non-zero training months, train
 * 1998-01..2001-03 (39 months), test the last 12 months.
 */
export function loadCarparts(path = `${DATA}/carparts/carparts_long.csv`): Dataset {
  const { header, rows } = csvRows(readFileSync(path, 'utf8'));
  const iId = header.indexOf('series');
  const iM = header.indexOf('month');
  const iD = header.indexOf('demand');
  const by = new Map<string, [string, number][]>();
  for (const r of rows) {
    const id = r[iId]!;
    let s = by.get(id);
    if (!s) by.set(id, (s = []));
    const d = r[iD]!.trim();
    s.push([r[iM]!, d === '' ? Number.NaN : Number(d)]);
  }
  const series: SplitSeries[] = [];
  for (const [id, s] of by) {
    s.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const values = Float64Array.from(s, (x) => x[1]);
    if (values.some((v) => Number.isNaN(v))) continue;
    const cut = s.findIndex((x) => x[0] > '2001-03');
    if (cut !== 39) continue;
    const train = values.slice(0, cut);
    if (train.filter((v) => v !== 0).length < 2) continue;
    series.push({ id, train, test: values.slice(cut, cut + 12) });
  }
  return { name: 'carparts', period: 12, h: 12, series };
}
