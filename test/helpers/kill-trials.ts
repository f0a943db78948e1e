/**
 * Random-moment kill -9 trials with real processes: the CLI runs in a child, and the parent sends
 * SIGKILL after a random delay (from the start, or from a line the child prints). Delays come from
 * the project's one PRNG with a printed seed, so a failing trial can be replayed with
 * RURAL_DEMAND_KILL_SEED.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../pipelines/generate/prng.ts';

export const CLI = fileURLToPath(new URL('../../bin/rural-demand.js', import.meta.url));

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly ms: number;
}

export interface KillAt {
  /** Milliseconds before the SIGKILL. */
  readonly afterMs: number;
  /** Count the delay from the first output line matching this, not from the start. */
  readonly afterLine?: RegExp;
}

/** Runs `rural-demand args` to the end, or until killed as `kill` says. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, kill?: KillAt): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (kill && timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    };
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (kill?.afterLine && kill.afterLine.test(output)) arm();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (kill && !kill.afterLine) arm();
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, output, ms: performance.now() - t0 });
    });
  });
}

/** The trial seed: RURAL_DEMAND_KILL_SEED to replay, else a fresh one (printed by the caller). */
export function killSeed(): number {
  const fixed = Number(process.env.RURAL_DEMAND_KILL_SEED);
  return Number.isInteger(fixed) && fixed > 0 ? fixed : 1 + Math.floor(Math.random() * 2 ** 31);
}

/** `n` delays uniform over [lo, hi) ms, for the trials of one kind. */
export function killDelays(seed: number, label: string, n: number, lo: number, hi: number): number[] {
  const rng = Rng.derive(seed, 'kill-trials', label);
  return Array.from({ length: n }, () => Math.round(lo + rng.float() * (hi - lo)));
}
