/**
 * Exit codes by outcome, one table for scripts and the jobs to rely on (README: "Exit codes").
 * Errors carry their code from the catalogue (pipelines/errors.ts, sysexits numbers); a command
 * that finished but wants its outcome known (some rows rejected, nothing to do) sets it here, and
 * `main` returns it. A refusal outranks a partial result, which outranks "nothing to do".
 */
export const EXIT = {
  /** Done; nothing rejected. */
  OK: 0,
  /** Done, but some rows were rejected (kept with their reason: `rejects`). */
  PARTIAL: 2,
  /** Nothing to do: every file was already loaded, or none was found. */
  NOTHING_TO_DO: 3,
  /** Bad argument or usage (BAD_ARGUMENT). */
  BAD_ARGUMENT: 64,
  /** A whole input file was refused (wrong header, unknown kind, corrupt or truncated). */
  REFUSED: 65,
  /** Not found / no data yet (also: a search that matched nothing). */
  NOT_FOUND: 66,
  /** Warehouse busy (another process holds it): try again later. */
  BUSY: 75,
} as const;

const RANK: Record<number, number> = { [EXIT.OK]: 0, [EXIT.NOTHING_TO_DO]: 1, [EXIT.PARTIAL]: 2, [EXIT.NOT_FOUND]: 3, [EXIT.REFUSED]: 4 };

let pending: number = EXIT.OK;

/** Records a finished command's outcome; the most serious one recorded wins. */
export function reportOutcome(code: number): void {
  if ((RANK[code] ?? 4) >= (RANK[pending] ?? 4)) pending = code;
}

/** The outcome recorded since the last call, and a reset (tests run `main` many times in one process). */
export function takeOutcome(): number {
  const c = pending;
  pending = EXIT.OK;
  return c;
}
