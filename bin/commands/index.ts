import type { Command } from 'commander';

/** Every subcommand of the CLI; each module adds itself to the program. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [];
