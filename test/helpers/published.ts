import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the run published: its snapshot's datasets by content (byte-identical Parquet), and what LATEST names. */
export function published(snaps: string): { latest: string | null; datasets: Record<string, string> } {
  const latestFile = join(snaps, 'LATEST');
  const latest = existsSync(latestFile) ? readFileSync(latestFile, 'utf8').trim() : null;
  if (latest === null) return { latest, datasets: {} };
  const m = JSON.parse(readFileSync(join(snaps, latest, 'manifest.json'), 'utf8')) as { datasets: { name: string; rows: number; files: { sha256: string }[] }[] };
  // The run list and the disclosure report carry the clock (start, finish, report times): rows only.
  const clocked = new Set(['runs', 'disclosure_report']);
  return { latest, datasets: Object.fromEntries(m.datasets.map((d) => [d.name, clocked.has(d.name) ? `${d.rows}` : `${d.rows}:${d.files.map((f) => f.sha256).join(',')}`])) };
}

