/**
 * The stage commands (run, restock, forecast, backtest-restock) on their own, for use before
 * they are wired into bin/commands/index.ts; the same code `rural-demand <command>` runs.
 *   npx tsx bench/stage-cli.ts backtest-restock --warehouse .bench-data/.../warehouse.duckdb --truth .../truth
 */
import { Command } from 'commander';
import { register as backtest } from '../bin/commands/backtest-restock.ts';
import { register as forecast } from '../bin/commands/forecast.ts';
import { register as restock } from '../bin/commands/restock.ts';
import { register as run } from '../bin/commands/run.ts';
import { isCodedError } from '../pipelines/errors.ts';

const program = new Command('rural-demand');
for (const r of [run, restock, forecast, backtest]) r(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`${isCodedError(err) ? `error ${err.code}: ` : ''}${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
