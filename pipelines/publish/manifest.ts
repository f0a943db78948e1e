/**
 * manifest.json: the one file that says what a snapshot holds. It is written last, inside the temp
 * folder, so a snapshot folder that has a manifest is complete by construction.
 */
import { CodedError } from '../errors.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'rural-demand-snapshot';
/** Bump when the manifest's own shape changes; readers refuse versions they do not know. */
export const MANIFEST_VERSION = 1;

export interface SnapshotColumn {
  readonly name: string;
  /** DuckDB's type name as read back from the Parquet file, e.g. DOUBLE, DATE, DECIMAL(12,2). */
  readonly type: string;
}

/** One Parquet file of a dataset. Today one per dataset; worker shards will add more. */
export interface SnapshotFile {
  /** Relative to the snapshot folder, forward slashes, never `..`. */
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface SnapshotDataset {
  readonly name: string;
  readonly rows: number;
  readonly bytes: number;
  readonly columns: readonly SnapshotColumn[];
  readonly files: readonly SnapshotFile[];
}

export interface SnapshotManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly manifestVersion: number;
  /** Highest applied warehouse migration when the snapshot was taken (null if unknown). */
  readonly schemaVersion: number | null;
  readonly runId: string;
  /** ISO-8601 UTC, when the snapshot's data was complete (just before it became visible). */
  readonly createdAt: string;
  /** The run's as-of day (YYYY-MM-DD) when forecast_runs knows it. */
  readonly asOf: string | null;
  readonly datasets: readonly SnapshotDataset[];
  /** Declared datasets not written because a table they read does not exist yet. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** A run as of an earlier day than the data's last: never named by LATEST. */
  readonly backfill?: boolean;
}

/** Run ids become folder names: keep them to a portable, non-hidden alphabet. */
export function assertRunId(runId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(runId) || runId === 'LATEST' || runId.includes('..')) {
    throw new CodedError('BAD_ARGUMENT', `run id ${JSON.stringify(runId)} must be 1-128 of A-Z a-z 0-9 . _ - and not start with . or - (nor be LATEST)`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function safeRelative(p: unknown): p is string {
  return typeof p === 'string' && p.length > 0 && !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..');
}

function checkFile(v: unknown): v is SnapshotFile {
  return isRecord(v) && safeRelative(v['path']) && isCount(v['rows']) && isCount(v['bytes']) &&
    typeof v['sha256'] === 'string' && /^[0-9a-f]{64}$/.test(v['sha256']);
}

function checkDataset(v: unknown): v is SnapshotDataset {
  if (!isRecord(v) || typeof v['name'] !== 'string' || !isCount(v['rows']) || !isCount(v['bytes'])) return false;
  const cols = v['columns'];
  const files = v['files'];
  return Array.isArray(cols) && cols.every((c) => isRecord(c) && typeof c['name'] === 'string' && typeof c['type'] === 'string') &&
    Array.isArray(files) && files.length > 0 && files.every(checkFile);
}

/**
 * Parses manifest text, refusing anything that is not a manifest this code understands: a reader
 * would rather fail loudly than serve a snapshot it half understands.
 */
export function parseManifest(text: string, where: string): SnapshotManifest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new CodedError('INTERNAL', `${where}: manifest is not JSON`, { cause: err });
  }
  const bad = (why: string): never => {
    throw new CodedError('INTERNAL', `${where}: manifest ${why}`);
  };
  if (!isRecord(v) || v['format'] !== MANIFEST_FORMAT) return bad('has the wrong format tag');
  if (v['manifestVersion'] !== MANIFEST_VERSION) return bad(`version ${String(v['manifestVersion'])} is not ${MANIFEST_VERSION}`);
  if (typeof v['runId'] !== 'string' || typeof v['createdAt'] !== 'string' || Number.isNaN(Date.parse(v['createdAt']))) {
    return bad('lacks runId or createdAt');
  }
  if (!(v['schemaVersion'] === null || typeof v['schemaVersion'] === 'number')) return bad('has a bad schemaVersion');
  if (!(v['asOf'] === null || typeof v['asOf'] === 'string')) return bad('has a bad asOf');
  const datasets = v['datasets'];
  if (!Array.isArray(datasets) || !datasets.every(checkDataset)) return bad('has a malformed dataset entry');
  const names = new Set(datasets.map((d) => d.name));
  if (names.size !== datasets.length) return bad('names a dataset twice');
  if (!Array.isArray(v['skipped'])) return bad('lacks skipped');
  if (!(v['backfill'] === undefined || typeof v['backfill'] === 'boolean')) return bad('has a bad backfill flag');
  return v as unknown as SnapshotManifest;
}
