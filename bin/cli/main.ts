import { Command, CommanderError } from 'commander';
import { COMMANDS } from '../commands/index.ts';
import { isCodedError } from '../../pipelines/errors.ts';
import { takeOutcome } from './outcome.ts';

/** Builds the program; each subcommand lives in bin/commands/<name>.ts and registers itself. */
export function buildProgram(): Command {
  const program = new Command('rural-demand')
    .description('Demand analytics for rural retail: ingest logs, forecast demand, suggest restocks.')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI and returns the exit code; data goes to stdout, logs and errors to stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  takeOutcome();
  try {
    await program.parseAsync([...argv]);
    return takeOutcome();
  } catch (err) {
    takeOutcome();
    // Commander's usage errors (unknown option, missing argument) are bad arguments; --help and --version are not.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 64;
    if (isCodedError(err)) {
      process.stderr.write(`error ${err.code}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 70;
  }
}
