/**
 * Accuracy and calibration of the automatic forecast on M3 (monthly, quarterly) and carparts, beside the
 * references the data READMEs name, in one run on the same series.
 *
 *   npx tsx bench/accuracy.bench.ts [--set m3-monthly,m3-quarterly,carparts,m5] [--variants auto,ets,theta]
 *                                   [--limit N] [--json FILE] [--validation [--back N]] [--paired A,B]
 *   npx tsx bench/accuracy.bench.ts --write-docs   (the documented tables, accuracy-docs.ts)
 *
 * Metrics are pipelines/forecast/metrics.ts (the data README's definitions); coverage pools every test
 * value of every series: the 80 % interval is [q0.1, q0.9], the 95 % interval [q0.025, q0.975].
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createAutoForecast } from '../pipelines/forecast/auto-engine.ts';
import { autoForecast, DEFAULT_MODELS, recentWindows } from '../pipelines/forecast/auto.ts';
import { tsb } from '../pipelines/forecast/intermittent.ts';
import { recentMin } from '../pipelines/forecast/recent.ts';
import { autoEts } from '../pipelines/forecast/ets/index.ts';
import { cdfFromQuantiles, pitLevels, randomizedCoverage } from '../pipelines/forecast/count-coverage.ts';
import { intervalHits, mae, mase, meanFinite, rmsse, scaledPinball, smape } from '../pipelines/forecast/metrics.ts';
import { autoTheta } from '../pipelines/forecast/theta.ts';
import type { Forecast } from '../pipelines/forecast/types.ts';
import { loadCarparts, loadM3, loadM5, loadM5CovariateFiles, validationSplit, type Dataset } from './datasets.ts';
import { alignCovariates, parseCalendarCsv, parsePricesCsv, type CalendarFile, type PriceFile } from '../pipelines/forecast/covariates.ts';
import { forecastFile, type FileModel } from '../pipelines/forecast/file-forecast.ts';
import type { SeriesCovariates } from '../pipelines/forecast/global-model.ts';
import { combineForecasts } from '../pipelines/forecast/combine.ts';
import { Rng } from '../pipelines/generate/prng.ts';
import { accuracyDocs } from './accuracy-docs.ts';
import { replaceSection } from './docs-section.ts';

const LEVELS = [0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975];

export type Variant = (y: Float64Array, h: number, period: number, levels: readonly number[]) => Forecast;

function empiricalQuantile(xs: Float64Array, p: number): number {
  const s = Float64Array.from(xs).sort();
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
  return s[i]!;
}

/** Mean of the last 12 training values; its quantiles are those values' empirical quantiles. */
const recentMean: Variant = (y, h, _period, levels) => {
  const last = y.subarray(Math.max(0, y.length - 12));
  const m = last.reduce((a, b) => a + b, 0) / last.length;
  const quantiles = new Map(levels.map((p) => [p, new Float64Array(h).fill(empiricalQuantile(last, p))]));
  return { model: 'RecentMean12', mean: new Float64Array(h).fill(m), quantiles };
};

/** The M5 README's references: the mean of the last 28 days, quantiles the empirical ones of those days. */
export const mean28: Variant = (y, h, _period, levels) => {
  const last = Float64Array.from(y.subarray(Math.max(0, y.length - 28))).filter((v) => !Number.isNaN(v));
  const m = last.length > 0 ? last.reduce((a, b) => a + b, 0) / last.length : 0;
  const quantiles = new Map(levels.map((p) => [p, new Float64Array(h).fill(last.length > 0 ? empiricalQuantile(last, p) : 0)]));
  return { model: 'Mean28', mean: new Float64Array(h).fill(m), quantiles };
};

/** The weekday mean of the last 8 weeks (by position in the week); quantiles the empirical ones of that weekday's 8 values. */
const weekday8: Variant = (y, h, period, levels) => {
  const n = y.length;
  const byPhase = Array.from({ length: period }, (_, j) => {
    const xs: number[] = [];
    for (let t = n - 8 * period; t < n; t++) if (t >= 0 && (t - n + 8 * period) % period === j && !Number.isNaN(y[t]!)) xs.push(y[t]!);
    return Float64Array.from(xs);
  });
  const at = (k: number): Float64Array => byPhase[k % period]!;
  const mean = Float64Array.from({ length: h }, (_, k) => {
    const xs = at(k);
    return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
  });
  const quantiles = new Map(levels.map((p) => [p, Float64Array.from({ length: h }, (_, k) => (at(k).length > 0 ? empiricalQuantile(at(k), p) : 0))]));
  return { model: 'WeekdayMean8w', mean, quantiles };
};

/** The automatic layer with RecentMean(h/2, h, 2h) as the only intermittent candidate. */
const autoRecentOnly = createAutoForecast({ ...DEFAULT_MODELS, intermittent: [recentWindows] });

export const VARIANTS: Record<string, Variant> = {
  'auto-recent-only': (y, h, period, levels) => autoRecentOnly(y, h, { period, quantiles: levels }),
  auto: (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels }),
  'auto-select': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intermittent: 'select' }),
  'auto-nb': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, countBlend: 0 }),
  'auto-members': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intervals: 'members' }),
  'auto-conformal': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intervals: 'conformal' }),
  'auto-proxy': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intervals: 'proxy' }),
  'auto-widest': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intervals: 'widest' }),
  'auto-int-mean': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intermittent: 'mean' }),
  'auto-int-o1': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intermittentOrigins: 1 }),
  'auto-int-o2': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intermittentOrigins: 2 }),
  'auto-checked': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, intervals: 'checked' }),
  'auto-median': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, combine: 'median' }),
  ets: (y, h, period, levels) => autoEts(y, h, { period, quantiles: levels }),
  theta: (y, h, period, levels) => autoTheta(y, h, { period, quantiles: levels }),
  'recent-mean': recentMean,
  'mean-28': mean28,
  'weekday-8w': weekday8,
  // The core pooled with the 28-day mean (quantile averaging): a trial for M5, chosen on its validation split or not at all.
  'auto+mean-28': (y, h, period, levels) => combineForecasts([autoForecast(y, h, { period, quantiles: levels }), mean28(y, h, period, levels)]),
  // The point-forecast rows of docs/benchmarks.md's carparts table (quantiles: none, so SPL is NaN).
  'recent-min': (y, h) => recentMin(y, h),
  'recent-windows': (y, h) => recentWindows(y, h),
  tsb: (y, h, period, levels) => tsb(y, h, { period, quantiles: levels }),
  // The quantile-weight rows: share of the last 12 values blended into the count quantiles (auto: 0.75).
  'auto-blend-0.25': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, countBlend: 0.25 }),
  'auto-blend-0.5': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, countBlend: 0.5 }),
  // Before smooth counts got a count distribution: conformal quantiles rounded outwards.
  'auto-round': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, smoothCounts: 'round' }),
  'auto-round-0.25': (y, h, period, levels) => autoForecast(y, h, { period, quantiles: levels, smoothCounts: 'round', countBlend: 0.25 }),
};

export interface Score {
  readonly set: string;
  readonly variant: string;
  readonly series: number;
  readonly smape: number;
  readonly mase: number;
  readonly mae: number;
  readonly rmsse: number;
  readonly spl90: number;
  readonly spl90OfMean: number;
  readonly coverage80: number;
  readonly coverage95: number;
  /**
   * Shares (%) of test values strictly below and at-or-below q0.9. For whole-unit quantiles of counts
   * the calibration check is that 90 lies between the two (a discrete quantile jumps over the level).
   */
  readonly below90: number;
  readonly atOrBelow90: number;
  /**
   * Randomized-PIT coverage (%) of the central 80 % and 95 % intervals (count-coverage.ts), from each
   * forecast's quantiles on a 0.005 grid: the coverage that means the nominal level for count data.
   */
  readonly pit80: number;
  readonly pit95: number;
  readonly msPerSeries: number;
}

export function score(ds: Dataset, name: string, variant: Variant, pit = false, precomputed?: readonly Forecast[]): Score {
  // The PIT grid asks every forecast for 199+ levels; timing (ms/series) then includes that work.
  const levels = pit ? pitLevels(LEVELS) : LEVELS;
  const grid = Float64Array.from(levels);
  let pit80 = 0;
  let pit95 = 0;
  const sm: number[] = [];
  const ma: number[] = [];
  const ae: number[] = [];
  const rs: number[] = [];
  const sp: number[] = [];
  const spm: number[] = [];
  const hits = { i80: 0, i95: 0, total: 0, lt90: 0, le90: 0 };
  const t0 = performance.now();
  ds.series.forEach((s, i) => {
    const fc = precomputed?.[i] ?? variant(s.train, ds.h, ds.period, levels);
    const q = (p: number): Float64Array => fc.quantiles?.get(p) ?? new Float64Array(ds.h).fill(Number.NaN);
    sm.push(smape(s.test, fc.mean));
    ma.push(mase(s.test, fc.mean, s.train, ds.period));
    ae.push(mae(s.test, fc.mean));
    rs.push(rmsse(s.test, fc.mean, s.train));
    sp.push(scaledPinball(s.test, q(0.9), 0.9, s.train));
    spm.push(scaledPinball(s.test, fc.mean, 0.9, s.train));
    const h80 = intervalHits(s.test, q(0.1), q(0.9));
    const h95 = intervalHits(s.test, q(0.025), q(0.975));
    hits.i80 += h80.inside;
    hits.i95 += h95.inside;
    hits.total += h80.total;
    const q90 = q(0.9);
    s.test.forEach((y, k) => {
      if (y < q90[k]!) hits.lt90++;
      if (y <= q90[k]!) hits.le90++;
      if (pit && !Number.isNaN(y)) {
        const qk = Float64Array.from(levels, (p) => q(p)[k]!);
        const below = cdfFromQuantiles(grid, qk, y - 1);
        const at = cdfFromQuantiles(grid, qk, y);
        pit80 += randomizedCoverage(below, at, 0.1, 0.9);
        pit95 += randomizedCoverage(below, at, 0.025, 0.975);
      }
    });
  });
  const ms = (performance.now() - t0) / ds.series.length;
  const m = (xs: number[]): number => meanFinite(xs).mean;
  return {
    set: ds.name,
    variant: name,
    series: ds.series.length,
    smape: m(sm),
    mase: m(ma),
    mae: m(ae),
    rmsse: m(rs),
    spl90: m(sp),
    spl90OfMean: m(spm),
    coverage80: (100 * hits.i80) / hits.total,
    coverage95: (100 * hits.i95) / hits.total,
    below90: (100 * hits.lt90) / hits.total,
    atOrBelow90: (100 * hits.le90) / hits.total,
    pit80: pit ? (100 * pit80) / hits.total : Number.NaN,
    pit95: pit ? (100 * pit95) / hits.total : Number.NaN,
    msPerSeries: ms,
  };
}

/** Per-series scaled pinball at 0.9 (NaN where the scale is zero). */
function seriesSpl90(ds: Dataset, variant: Variant): Float64Array {
  return Float64Array.from(ds.series, (s) => {
    const fc = variant(s.train, ds.h, ds.period, [0.9]);
    return scaledPinball(s.test, fc.quantiles?.get(0.9) ?? new Float64Array(ds.h).fill(Number.NaN), 0.9, s.train);
  });
}

export interface Paired {
  readonly a: string;
  readonly b: string;
  readonly series: number;
  /** Mean SPL@0.9 of b minus a's, and its 95 % paired bootstrap interval over series. */
  readonly diff: number;
  readonly lo: number;
  readonly hi: number;
  /** Series where b is lower, higher, equal. */
  readonly better: number;
  readonly worse: number;
  readonly ties: number;
}

/**
 * Variants over a whole file, as `forecast-file --model` runs them: the global model pools the series,
 * so it cannot be a per-series Variant. `+cov` adds the calendar and prices (M5 only: its files in
 * forecast-file's formats, parsed by the same parsers).
 */
const BATCH: Record<string, { model: FileModel; covariates: boolean; rowWeight?: 'level' | 'none' }> = {
  global: { model: 'global', covariates: false },
  // The row weights the default (level squared) was chosen against, on M5 validation.
  'global-unweighted': { model: 'global', covariates: false, rowWeight: 'none' },
  'global-by-level': { model: 'global', covariates: false, rowWeight: 'level' },
  'global+cov': { model: 'global', covariates: true },
  combined: { model: 'combined', covariates: false },
  'combined+cov': { model: 'combined', covariates: true },
};

let m5Files: { calendar: CalendarFile; prices: PriceFile } | undefined;

/** M5's calendar and prices, converted and parsed once per process (every +cov variant reads them). */
function m5Covariates(ds: Dataset): SeriesCovariates[] {
  if (!m5Files) {
    const files = loadM5CovariateFiles();
    m5Files = { calendar: parseCalendarCsv(files.calendar, 'm5 calendar'), prices: parsePricesCsv(files.prices, 'm5 prices') };
  }
  const { calendar, prices } = m5Files;
  const file = { time: 'index' as const, series: ds.series.map((s) => ({ id: s.id, values: s.train, startIndex: 1 })) };
  return alignCovariates(file, ds.h, calendar, prices);
}

export async function batchForecasts(ds: Dataset, name: string, pit: boolean): Promise<{ forecasts: Forecast[]; ms: number }> {
  const spec = BATCH[name]!;
  const levels = pit ? pitLevels(LEVELS) : LEVELS;
  if (spec.covariates && !ds.name.startsWith('m5')) throw new Error(`${name}: covariates exist for m5 only`);
  const covariates = spec.covariates ? m5Covariates(ds) : undefined;
  const t0 = performance.now();
  const forecasts = await forecastFile(
    ds.series.map((s) => s.train),
    ds.h,
    { period: ds.period, quantiles: levels, model: spec.model, ...(covariates ? { covariates } : {}), ...(spec.rowWeight ? { rowWeight: spec.rowWeight } : {}) },
    async (ys, h) => ys.map((y) => autoForecast(y, h, { period: ds.period, quantiles: levels })),
  );
  return { forecasts, ms: (performance.now() - t0) / ds.series.length };
}

/**
 * Paired comparison of two variants' SPL@0.9 on the same series: the difference of the means with a
 * percentile bootstrap over series (2,000 resamples, seeded), so a margin can be read against its noise.
 */
export function pairedSpl90(ds: Dataset, a: string, b: string): Paired {
  const va = VARIANTS[a];
  const vb = VARIANTS[b];
  if (!va || !vb) throw new Error(`unknown variant in ${a},${b}`);
  const la = seriesSpl90(ds, va);
  const lb = seriesSpl90(ds, vb);
  const d: number[] = [];
  for (let i = 0; i < la.length; i++) if (Number.isFinite(la[i]!) && Number.isFinite(lb[i]!)) d.push(lb[i]! - la[i]!);
  const mean = (xs: ArrayLike<number>): number => {
    let t = 0;
    for (let i = 0; i < xs.length; i++) t += xs[i]!;
    return t / xs.length;
  };
  const rng = new Rng(20261205);
  const boots = new Float64Array(2000);
  const sample = new Float64Array(d.length);
  for (let r = 0; r < boots.length; r++) {
    for (let i = 0; i < d.length; i++) sample[i] = d[rng.int(d.length)]!;
    boots[r] = mean(sample);
  }
  boots.sort();
  return {
    a,
    b,
    series: d.length,
    diff: mean(d),
    lo: boots[Math.floor(0.025 * boots.length)]!,
    hi: boots[Math.ceil(0.975 * boots.length) - 1]!,
    better: d.filter((x) => x < 0).length,
    worse: d.filter((x) => x > 0).length,
    ties: d.filter((x) => x === 0).length,
  };
}

export function formatScore(s: Score): string {
  const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : 'NaN');
  return [
    s.set.padEnd(13),
    s.variant.padEnd(13),
    `n=${s.series}`,
    `sMAPE=${f(s.smape)}`,
    `MASE=${f(s.mase)}`,
    `MAE=${f(s.mae, 4)}`,
    `RMSSE=${f(s.rmsse, 4)}`,
    `SPL0.9=${f(s.spl90, 5)}`,
    `cov80=${f(s.coverage80, 1)}`,
    `cov95=${f(s.coverage95, 1)}`,
    `P(y<q.9)=${f(s.below90, 1)}`,
    `P(y<=q.9)=${f(s.atOrBelow90, 1)}`,
    `pit80=${f(s.pit80, 1)}`,
    `pit95=${f(s.pit95, 1)}`,
    `ms/series=${f(s.msPerSeries, 2)}`,
  ].join(' ');
}

function loadSplit(set: string, o: { validation: boolean; back?: number; limit?: number }): Dataset {
  const full = set === 'carparts' ? loadCarparts() : set === 'm5' ? loadM5() : loadM3(set === 'm3-quarterly' ? 'quarterly' : 'monthly');
  // validation: design choices are made here (datasets.ts validationSplit); back 24 is an earlier origin.
  const split = o.validation ? validationSplit(full, o.back ?? full.h) : full;
  return { ...split, series: split.series.slice(0, o.limit ?? Infinity) };
}

async function runSet(set: string, names: readonly string[], o: { validation: boolean; back?: number; limit?: number; log?: boolean }, given?: Dataset): Promise<Score[]> {
  const ds = given ?? loadSplit(set, o);
  const out: Score[] = [];
  for (const name of names) {
    const pit = set === 'carparts' || set === 'm5';
    let s: Score;
    if (BATCH[name]) {
      const { forecasts, ms } = await batchForecasts(ds, name, pit);
      s = { ...score(ds, name, mean28, pit, forecasts), msPerSeries: ms };
    } else {
      const v = VARIANTS[name];
      if (!v) throw new Error(`unknown variant ${name}; known: ${[...Object.keys(VARIANTS), ...Object.keys(BATCH)].join(', ')}`);
      // Counts get the randomized-PIT coverage (whole-unit intervals hold their endpoints' mass).
      s = score(ds, name, v, pit);
    }
    out.push(s);
    if (o.log !== false) process.stdout.write(`${formatScore(s)}\n`);
  }
  return out;
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      set: { type: 'string', default: 'm3-monthly,m3-quarterly,carparts' },
      variants: { type: 'string' },
      limit: { type: 'string' },
      validation: { type: 'boolean', default: false },
      back: { type: 'string' },
      json: { type: 'string' },
      paired: { type: 'string' },
      'write-docs': { type: 'boolean', default: false },
    },
  });
  if (args['write-docs']) {
    // The documented tables: every split and variant they show, in one run (accuracy-docs.ts).
    replaceSection('forecast-accuracy', await accuracyDocs((set, names, split) => runSet(set, names, split), (set, a, b, split) => pairedSpl90(loadSplit(set, split), a, b)));
    return;
  }
  const limit = args.limit === undefined ? Infinity : Number(args.limit);
  const scores: Score[] = [];
  for (const set of args.set.split(',')) {
    const names = (args.variants ?? (set === 'carparts' ? 'auto,recent-mean' : set === 'm5' ? 'auto,mean-28,weekday-8w' : 'auto,ets,theta')).split(',');
    const back = args.back === undefined ? undefined : Number(args.back);
    const ds = loadSplit(set, { validation: args.validation, limit, ...(back === undefined ? {} : { back }) });
    scores.push(...(await runSet(set, names, { validation: args.validation }, ds)));
    if (args.paired) {
      const [a, b] = args.paired.split(',') as [string, string];
      const p = pairedSpl90(ds, a, b);
      const f = (x: number): string => x.toFixed(5);
      process.stdout.write(
        `${ds.name.padEnd(13)} SPL0.9 ${b} - ${a}: ${f(p.diff)} (95 % bootstrap ${f(p.lo)} .. ${f(p.hi)}), ` +
          `${b} lower on ${p.better} series, higher on ${p.worse}, equal on ${p.ties}\n`,
      );
    }
  }
  if (args.json) writeFileSync(args.json, `${JSON.stringify(scores, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
