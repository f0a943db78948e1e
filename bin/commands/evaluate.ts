import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CodedError } from '../../pipelines/errors.ts';
import { alignSeries, evaluate, parseForecastCsv, type Evaluation } from '../../pipelines/forecast/evaluation.ts';
import { defaultSeason, parseSeriesCsv } from '../../pipelines/forecast/series-io.ts';

interface EvaluateOptions {
  readonly forecasts: string;
  readonly actuals: string;
  readonly train?: string;
  readonly season?: string;
  readonly json?: boolean;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CodedError('BAD_INPUT_FILE', `cannot read ${path}`, { cause: err });
  }
}

/** The evaluation as aligned text lines: one metric a line, name then value. */
export function formatEvaluation(e: Evaluation): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'NaN');
  const lines = [
    `series\t${e.series}`,
    `sMAPE\t${f(e.smape)}`,
    `MASE\t${f(e.mase)}`,
    `MAE\t${f(e.mae)}`,
    `RMSSE\t${f(e.rmsse)}`,
    ...Object.entries(e.pinball).map(([p, v]) => `SPL@${p}\t${f(v)}`),
    ...Object.entries(e.coverage).map(([c, v]) => `coverage ${c}\t${f(v)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function runEvaluate(opts: EvaluateOptions): Evaluation {
  const forecasts = parseForecastCsv(read(opts.forecasts), opts.forecasts);
  const actuals = parseSeriesCsv(read(opts.actuals), opts.actuals);
  const train = opts.train === undefined ? undefined : parseSeriesCsv(read(opts.train), opts.train);
  let period = defaultSeason(actuals.time);
  if (opts.season !== undefined) {
    period = Number(opts.season);
    if (!Number.isInteger(period) || period < 1) throw new CodedError('BAD_ARGUMENT', `--season must be a positive integer, got ${opts.season}`);
  }
  const aligned = alignSeries(forecasts, actuals, train);
  if (aligned.length === 0) throw new CodedError('NO_DATA', 'no series matched between the forecasts and the actuals');
  const result = evaluate(aligned, period);
  process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : formatEvaluation(result));
  process.stderr.write(`evaluated ${aligned.length} of ${forecasts.size} forecast series (season ${period})\n`);
  return result;
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('Score a forecast CSV against actuals: sMAPE, MASE, MAE, RMSSE, scaled pinball, coverage')
    .requiredOption('--forecasts <file>', 'forecast CSV as written by forecast-file')
    .requiredOption('--actuals <file>', 'actuals CSV: series_id,t,value')
    .option('--train <file>', 'training history CSV; without it the last H actuals per series are the test and the rest the history')
    .option('--season <p>', 'seasonal lag of MASE (default from the dates: 7 daily, 12 monthly, else 1)')
    .option('--json', 'print the figures as one JSON object')
    .action((opts: EvaluateOptions) => {
      runEvaluate(opts);
    });
}
