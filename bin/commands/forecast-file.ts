import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CodedError } from '../../pipelines/errors.ts';
import { autoForecast } from '../../pipelines/forecast/auto.ts';
import { alignCovariates, parseCalendarCsv, parsePricesCsv } from '../../pipelines/forecast/covariates.ts';
import { FILE_MODELS, forecastFile, type FileModel } from '../../pipelines/forecast/file-forecast.ts';
import { ForecastPool } from '../../pipelines/forecast/parallel/pool.ts';
import {
  defaultSeason,
  formatForecastCsv,
  parseLevels,
  parseSeriesCsv,
} from '../../pipelines/forecast/series-io.ts';
import type { Forecast } from '../../pipelines/forecast/types.ts';

interface ForecastFileOptions {
  readonly input: string;
  readonly horizon: string;
  readonly season?: string;
  readonly quantiles: string;
  readonly output?: string;
  readonly workers?: string;
  readonly count?: boolean;
  readonly model?: string;
  readonly calendar?: string;
  readonly prices?: string;
}

/** Below this many series, starting worker threads costs more than it saves. */
const POOL_THRESHOLD = 200;

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new CodedError('BAD_ARGUMENT', `${what} must be a positive integer, got ${text}`);
  return n;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CodedError('BAD_INPUT_FILE', `cannot read ${path}`, { cause: err });
  }
}

export async function runForecastFile(opts: ForecastFileOptions): Promise<void> {
  const h = positiveInt(opts.horizon, '--horizon');
  const levels = parseLevels(opts.quantiles);
  const file = parseSeriesCsv(readText(opts.input), opts.input);
  const covariates = opts.calendar !== undefined || opts.prices !== undefined;
  // Only the global model reads covariates, so giving them selects the combination unless told otherwise.
  const model = (opts.model ?? (covariates ? 'combined' : 'auto')) as FileModel;
  if (!FILE_MODELS.includes(model)) throw new CodedError('BAD_ARGUMENT', `--model must be one of ${FILE_MODELS.join(', ')}, got ${opts.model}`);
  if (covariates && model === 'auto') throw new CodedError('BAD_ARGUMENT', '--calendar and --prices need --model global or combined');
  const calendar = opts.calendar === undefined ? undefined : parseCalendarCsv(readText(opts.calendar), opts.calendar);
  const prices = opts.prices === undefined ? undefined : parsePricesCsv(readText(opts.prices), opts.prices);
  const period = opts.season === undefined ? defaultSeason(file.time) : positiveInt(opts.season, '--season');
  const options = { period, quantiles: levels, ...(opts.count === undefined ? {} : { count: opts.count }) };
  const workers = opts.workers === undefined ? undefined : positiveInt(opts.workers, '--workers');
  const values = file.series.map((s) => s.values);
  const started = performance.now();
  const autoMany = async (ys: readonly Float64Array[], steps: number): Promise<Forecast[]> => {
    if ((workers ?? 2) <= 1 || ys.length < POOL_THRESHOLD) return ys.map((y) => autoForecast(y, steps, options));
    const pool = ForecastPool.create(workers === undefined ? {} : { workers });
    try {
      return await pool.forecastMany([...ys], steps, options);
    } finally {
      await pool.close();
    }
  };
  const forecasts = await forecastFile(
    values,
    h,
    {
      period,
      quantiles: levels,
      model,
      ...(opts.count === undefined ? {} : { count: opts.count }),
      ...(covariates ? { covariates: alignCovariates(file, h, calendar, prices) } : {}),
    },
    autoMany,
  );
  const csv = formatForecastCsv(file, forecasts, levels);
  if (opts.output) writeFileSync(opts.output, csv);
  else process.stdout.write(csv);
  const secs = (performance.now() - started) / 1000;
  process.stderr.write(`forecast ${values.length} series x ${h} steps (season ${period}, model ${model}) in ${secs.toFixed(2)} s\n`);
}

export function register(program: Command): void {
  program
    .command('forecast-file')
    .description('Forecast every series of a long-format CSV (series_id,t,value; t an integer or ISO date)')
    .requiredOption('--input <file>', 'input CSV: series_id,t,value (blank value = missing)')
    .requiredOption('--horizon <h>', 'steps to forecast')
    .option('--season <p>', 'seasonal period (default: 7 for daily dates, 12 monthly, 52 weekly, else 1)')
    .option('--quantiles <levels>', 'quantile levels, comma-separated', '0.5,0.8,0.9,0.95,0.99')
    .option('--output <file>', 'output CSV (default: stdout)')
    .option('--workers <n>', 'worker threads for large files (default: all cores)')
    .option('--count', 'treat values as whole units (default: detected per series)')
    .option('--no-count', 'treat values as continuous')
    .option('--model <m>', 'auto (each series alone), global (one model pooled over the file) or combined (their mean); default auto, combined with covariates')
    .option('--calendar <file>', 'calendar CSV: t[,series_id],<covariates>, covering history and horizon')
    .option('--prices <file>', 'prices CSV: series_id,t,price, through the horizon where known')
    .action(async (opts: ForecastFileOptions) => {
      await runForecastFile(opts);
    });
}
