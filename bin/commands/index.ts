import type { Command } from 'commander';
import { register as backtestRestock } from './backtest-restock.ts';
import { register as evaluate } from './evaluate.ts';
import { register as forecast } from './forecast.ts';
import { register as forecastFile } from './forecast-file.ts';
import { register as generate } from './generate.ts';
import { register as ingest } from './ingest.ts';
import { register as insights } from './insights.ts';
import { register as listAdvice } from './list-advice.ts';
import { register as lookup } from './lookup.ts';
import { register as produce } from './produce.ts';
import { register as rejects } from './rejects.ts';
import { register as restock } from './restock.ts';
import { register as jobs } from './jobs.ts';
import { register as keys } from './keys.ts';
import { register as run } from './run.ts';
import { register as serve } from './serve.ts';
import { register as start } from './start.ts';

/** Every subcommand of the CLI, in the order `--help` lists them; each module adds itself. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  start, generate, ingest, rejects, lookup, run, restock, forecast, produce, listAdvice, insights, serve, keys, jobs, backtestRestock, forecastFile, evaluate,
];
