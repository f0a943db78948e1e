/**
 * Writes data/calendar/events.csv and data/calendar/solar-terms.csv from the computation in
 * build-events.ts and the hand-kept data/calendar/holidays-announced.csv.
 *   npx tsx pipelines/calendar/build-data.ts          # regenerate
 *   npx tsx pipelines/calendar/build-data.ts --check  # exit 1 if the files are stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildEvents, solarTermRows } from './build-events.ts';
import { EVENTS_HEADER, formatEventRow } from './event-row.ts';

export const EVENTS_CSV = fileURLToPath(new URL('../../data/calendar/events.csv', import.meta.url));
export const SOLAR_TERMS_CSV = fileURLToPath(new URL('../../data/calendar/solar-terms.csv', import.meta.url));

export function renderEventsCsv(): string {
  return [EVENTS_HEADER, ...buildEvents().map(formatEventRow)].join('\n') + '\n';
}

export function renderSolarTermsCsv(): string {
  return solarTermRows().join('\n') + '\n';
}

function main(): void {
  const check = process.argv.includes('--check');
  const outputs: Array<[string, string]> = [
    [EVENTS_CSV, renderEventsCsv()],
    [SOLAR_TERMS_CSV, renderSolarTermsCsv()],
  ];
  let stale = false;
  for (const [path, text] of outputs) {
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = '';
      }
      if (current !== text) {
        stale = true;
        process.stderr.write(`stale: ${path}\n`);
      }
    } else {
      writeFileSync(path, text);
      process.stderr.write(`wrote ${path} (${text.split('\n').length - 2} rows)\n`);
    }
  }
  if (stale) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
