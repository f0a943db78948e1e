/**
 * Loaders for the shared accuracy data (../shared/data), each returning train/test splits under the
 * protocol the data's README states, so every bench scores the same series the same way.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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
  /**
   * The protocol's entry rule for a training history (carparts: at least 2 non-zero months). A validation
   * split must apply it to its own, shorter training, or it keeps series for what their held-out months hold.
   */
  readonly admits?: (train: Float64Array) => boolean;
}

/**
 * Validation split: the h values ending `back` steps before the training end, forecast from everything
 * before them; `back` = h scores the last h training values. Design choices are made here, never on test.
 * The protocol's entry rule is applied to the shortened training: a series the rule admitted for its full
 * training but not for the shorter one would otherwise be kept only because demand arrived in the
 * held-out months, which rewards forecasts that expect demand to start.
 */
export function validationSplit(ds: Dataset, back = ds.h): Dataset {
  const series: SplitSeries[] = [];
  for (const s of ds.series) {
    const end = s.train.length - back + ds.h;
    const origin = end - ds.h;
    if (origin < 1 || end > s.train.length) continue;
    const train = s.train.slice(0, origin);
    if (ds.admits && !ds.admits(train)) continue;
    series.push({ id: s.id, train, test: s.train.slice(origin, end) });
  }
  return { ...ds, name: `${ds.name}/val${back === ds.h ? '' : `-${back}`}`, series };
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
function admits(train: Float64Array): boolean {
  let nonZero = 0;
  for (const v of train) if (v !== 0 && !Number.isNaN(v)) nonZero++;
  return nonZero >= 2;
}

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
    if (!admits(train)) continue;
    series.push({ id, train, test: values.slice(cut, cut + 12) });
  }
  return { name: 'carparts', period: 12, h: 12, series, admits };
}

/**
 * M5 store-item days (../shared/data/m5/README.md): train on days 1..1829, score 1830..1857 (h = 28,
 * season 7). Zeros before an item's first sale mean "not listed": they become NaN, which the models skip.
 */
export function loadM5(path = `${DATA}/m5/m5_daily_long.csv.gz`): Dataset {
  const { header, rows } = csvRows(gunzipSync(readFileSync(path)).toString('utf8'));
  const iId = header.indexOf('series_id');
  const iT = header.indexOf('t');
  const iV = header.indexOf('value');
  const by = new Map<string, Float64Array>();
  for (const r of rows) {
    const id = r[iId]!;
    let s = by.get(id);
    if (!s) by.set(id, (s = new Float64Array(1857).fill(Number.NaN)));
    const t = Number(r[iT]);
    if (t >= 1 && t <= 1857) s[t - 1] = Number(r[iV]);
  }
  const series: SplitSeries[] = [];
  for (const [id, values] of [...by].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const train = values.slice(0, 1829);
    let first = 0;
    while (first < train.length && !(train[first]! > 0)) first++;
    if (first === train.length) continue;
    for (let t = 0; t < first; t++) train[t] = Number.NaN;
    series.push({ id, train, test: values.slice(1829, 1857) });
  }
  return { name: 'm5', period: 7, h: 28, series };
}

/**
 * The M5 calendar and prices in forecast-file's generic formats (README, forecast-file), for days
 * 1..1857: a calendar row per series and day (`t,series_id,snap,event`: the SNAP flag of the store's
 * state and the day's first event type) and a price row per series and day (`series_id,t,price`, the
 * week's shelf price; no row = not on the shelf). Converting here keeps forecast-file free of M5.
 */
export function loadM5CovariateFiles(dir = `${DATA}/m5`): { calendar: string; prices: string } {
  const cal = csvRows(readFileSync(`${dir}/calendar.csv`, 'utf8'));
  const ci = (n: string): number => cal.header.indexOf(n);
  const days = cal.rows
    .map((r) => ({ d: Number(r[ci('d')]), week: r[ci('wm_yr_wk')]!, event: r[ci('event_type_1')] ?? '', snap: { CA: r[ci('snap_ca')]!, TX: r[ci('snap_tx')]!, WI: r[ci('snap_wi')]! } }))
    .filter((x) => x.d >= 1 && x.d <= 1857);
  const pr = csvRows(readFileSync(`${dir}/sell_prices.csv`, 'utf8'));
  const pi = (n: string): number => pr.header.indexOf(n);
  const weekPrice = new Map<string, string>();
  for (const r of pr.rows) weekPrice.set(`${r[pi('item_id')]}_${r[pi('store_id')]}|${r[pi('wm_yr_wk')]}`, r[pi('sell_price')]!);
  const ids = [...new Set([...weekPrice.keys()].map((k) => k.split('|')[0]!))].sort();
  const calLines = ['t,series_id,snap,event'];
  const priceLines = ['series_id,t,price'];
  for (const id of ids) {
    const state = id.split('_').at(-2) as 'CA' | 'TX' | 'WI';
    for (const day of days) {
      calLines.push(`${day.d},${id},${day.snap[state]},${day.event}`);
      const p = weekPrice.get(`${id}|${day.week}`);
      if (p !== undefined) priceLines.push(`${id},${day.d},${p}`);
    }
  }
  return { calendar: `${calLines.join('\n')}\n`, prices: `${priceLines.join('\n')}\n` };
}
