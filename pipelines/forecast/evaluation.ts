import { CodedError } from '../errors.ts';
import { intervalHits, mae, mase, meanFinite, rmsse, scaledPinball, smape } from './metrics.ts';
import { stepsBetween } from './series-dates.ts';
import { csvRows, forecastDate, type SeriesFile, type SeriesRecord } from './series-io.ts';
import { parseIsoDate } from './series-dates.ts';

/** Forecasts of one series read back from a forecast CSV. */
export interface ForecastRows {
  readonly mean: Float64Array;
  readonly quantiles: Map<number, Float64Array>;
}

/** Reads `series_id,h,[date],mean,q<p>...` (as forecast-file writes it); other columns are ignored. */
export function parseForecastCsv(text: string, file = 'forecasts'): Map<string, ForecastRows> {
  const { header, rows } = csvRows(text);
  const iId = header.indexOf('series_id');
  const iH = header.indexOf('h');
  const iMean = header.indexOf('mean');
  if (iId < 0 || iH < 0 || iMean < 0) throw new CodedError('BAD_INPUT_FILE', `${file}: needs series_id, h and mean columns`);
  const qCols = header.flatMap((c, i) => (/^q0?\.\d+$/.test(c) ? [[i, Number(c.slice(1))] as const] : []));
  const acc = new Map<string, { h: number; mean: number; q: number[] }[]>();
  rows.forEach((r, n) => {
    const h = Number(r[iH]);
    if (!Number.isInteger(h) || h < 1) throw new CodedError('BAD_INPUT_FILE', `${file} row ${n + 2}: bad h ${r[iH]}`);
    const num = (s: string | undefined): number => (s === undefined || s.trim() === '' ? Number.NaN : Number(s));
    const id = r[iId]!;
    let list = acc.get(id);
    if (!list) acc.set(id, (list = []));
    list.push({ h, mean: num(r[iMean]), q: qCols.map(([i]) => num(r[i])) });
  });
  const out = new Map<string, ForecastRows>();
  for (const [id, list] of acc) {
    const H = Math.max(...list.map((x) => x.h));
    const mean = new Float64Array(H).fill(Number.NaN);
    const quantiles = new Map(qCols.map(([, p]) => [p, new Float64Array(H).fill(Number.NaN)]));
    for (const x of list) {
      mean[x.h - 1] = x.mean;
      qCols.forEach(([, p], j) => {
        quantiles.get(p)![x.h - 1] = x.q[j]!;
      });
    }
    out.set(id, { mean, quantiles });
  }
  return out;
}

/** The value of `record` at the k-th step (1-based) after the end of `train`, NaN when absent. */
function valueAfter(train: SeriesRecord, record: SeriesRecord, time: SeriesFile['time'], k: number): number {
  let pos: number;
  if (time === 'index') {
    pos = train.startIndex! + train.values.length - 1 + k - record.startIndex!;
  } else {
    const date = parseIsoDate(forecastDate(train, time, k)!)!.epochDay;
    pos = stepsBetween(parseIsoDate(record.startDate!)!.epochDay, date, time);
  }
  return pos >= 0 && pos < record.values.length ? record.values[pos]! : Number.NaN;
}

/** Aligned train/test/forecast per series, following the rule documented in docs/forecasting.md. */
export interface Aligned {
  readonly id: string;
  readonly train: Float64Array;
  readonly test: Float64Array;
  readonly forecast: ForecastRows;
}

/**
 * With a training file, step k is the k-th time after that series' training end (matched by index or
 * date in the actuals). Without one, the actuals file holds the whole history: its last H values are the
 * test (H = the forecast's steps) and everything before is the training history.
 */
export function alignSeries(forecasts: Map<string, ForecastRows>, actuals: SeriesFile, train?: SeriesFile): Aligned[] {
  if (train && train.time !== actuals.time) {
    throw new CodedError('BAD_INPUT_FILE', `--train has ${train.time} times but --actuals has ${actuals.time}`);
  }
  const act = new Map(actuals.series.map((s) => [s.id, s]));
  const tr = new Map((train?.series ?? []).map((s) => [s.id, s]));
  const out: Aligned[] = [];
  for (const [id, fc] of forecasts) {
    const a = act.get(id);
    if (!a) continue;
    const H = fc.mean.length;
    if (train) {
      const t = tr.get(id);
      if (!t) continue;
      const test = Float64Array.from({ length: H }, (_, k) => valueAfter(t, a, actuals.time, k + 1));
      out.push({ id, train: t.values, test, forecast: fc });
    } else {
      if (a.values.length <= H) continue;
      out.push({ id, train: a.values.subarray(0, a.values.length - H), test: a.values.subarray(a.values.length - H), forecast: fc });
    }
  }
  return out;
}

export interface Evaluation {
  readonly series: number;
  readonly smape: number;
  readonly mase: number;
  readonly mae: number;
  readonly rmsse: number;
  /** Scaled pinball loss per quantile level present in the forecasts. */
  readonly pinball: Record<string, number>;
  /** Share (%) of actuals inside [q(1-c)/2, q(1+c)/2] for each central interval the levels allow. */
  readonly coverage: Record<string, number>;
}

/** Mean over series of each metric (series where a metric is undefined are left out of that mean). */
export function evaluate(aligned: readonly Aligned[], period: number): Evaluation {
  const col = (f: (a: Aligned) => number): number => meanFinite(aligned.map(f)).mean;
  const levels = [...(aligned[0]?.forecast.quantiles.keys() ?? [])].sort((a, b) => a - b);
  const pinball: Record<string, number> = {};
  for (const p of levels) pinball[String(p)] = col((a) => scaledPinball(a.test, a.forecast.quantiles.get(p)!, p, a.train));
  const coverage: Record<string, number> = {};
  for (const lo of levels) {
    const hi = levels.find((p) => Math.abs(p - (1 - lo)) < 1e-9);
    if (lo >= 0.5 || hi === undefined) continue;
    let inside = 0;
    let total = 0;
    for (const a of aligned) {
      const r = intervalHits(a.test, a.forecast.quantiles.get(lo)!, a.forecast.quantiles.get(hi)!);
      inside += r.inside;
      total += r.total;
    }
    coverage[`${Math.round((hi - lo) * 1000) / 10}%`] = total === 0 ? Number.NaN : (100 * inside) / total;
  }
  return {
    series: aligned.length,
    smape: col((a) => smape(a.test, a.forecast.mean)),
    mase: col((a) => mase(a.test, a.forecast.mean, a.train, period)),
    mae: col((a) => mae(a.test, a.forecast.mean)),
    rmsse: col((a) => rmsse(a.test, a.forecast.mean, a.train)),
    pinball,
    coverage,
  };
}
