import type { Command } from 'commander';
import { register as evaluate } from './evaluate.ts';
import { register as forecastFile } from './forecast-file.ts';
import { register as generate } from './generate.ts';
import { register as ingest } from './ingest.ts';
import { register as rejects } from './rejects.ts';
import { register as start } from './start.ts';

/** Every subcommand of the CLI; each module adds itself to the program. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [start, generate, ingest, rejects, forecastFile, evaluate];
