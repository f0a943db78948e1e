/**
 * Fault injection for crash tests: `RURAL_DEMAND_FAULT=<point>[:<n>]` makes the process SIGKILL itself
 * the n-th time (default 1st) it reaches that point, the same as an operator's `kill -9` landing
 * exactly there. Unset in normal runs, where this costs one Map lookup.
 */
const spec = process.env['RURAL_DEMAND_FAULT'];
const [point, nth] = spec ? [spec.split(':')[0], Number(spec.split(':')[1] ?? 1)] : [undefined, 0];
let hits = 0;

export function faultPoint(name: string): void {
  if (point === undefined || name !== point) return;
  hits += 1;
  if (hits === nth) process.kill(process.pid, 'SIGKILL');
}
