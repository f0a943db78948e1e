import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CodedError } from '../../pipelines/errors.ts';
import { autoForecast } from '../../pipelines/forecast/auto.ts';
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
}

/** Below this many series, starting worker threads costs more than it saves. */
const POOL_THRESHOLD = 200;

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new CodedError('BAD_ARGUMENT', `${what} must be a positive integer, got ${text}`);
  return n;
}

export async function runForecastFile(opts: ForecastFileOptions): Promise<void> {
  const h = positiveInt(opts.horizon, '--horizon');
  const levels = parseLevels(opts.quantiles);
  let text: string;
  try {
    text = readFileSync(opts.input, 'utf8');
  } catch (err) {
    throw new CodedError('BAD_INPUT_FILE', `cannot read ${opts.input}`, { cause: err });
  }
  const file = parseSeriesCsv(text, opts.input);
  const period = opts.season === undefined ? defaultSeason(file.time) : positiveInt(opts.season, '--season');
  const options = { period, quantiles: levels, ...(opts.count === undefined ? {} : { count: opts.count }) };
  const workers = opts.workers === undefined ? undefined : positiveInt(opts.workers, '--workers');
  const values = file.series.map((s) => s.values);
  const started = performance.now();
  let forecasts: Forecast[];
  if ((workers ?? 2) > 1 && values.length >= POOL_THRESHOLD) {
    const pool = ForecastPool.create(workers === undefined ? {} : { workers });
    try {
      forecasts = await pool.forecastMany(values, h, options);
    } finally {
      await pool.close();
    }
  } else {
    forecasts = values.map((y) => autoForecast(y, h, options));
  }
  const csv = formatForecastCsv(file, forecasts, levels);
  if (opts.output) writeFileSync(opts.output, csv);
  else process.stdout.write(csv);
  const secs = (performance.now() - started) / 1000;
  process.stderr.write(`forecast ${values.length} series x ${h} steps (season ${period}) in ${secs.toFixed(2)} s\n`);
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
    .action(async (opts: ForecastFileOptions) => {
      await runForecastFile(opts);
    });
}
