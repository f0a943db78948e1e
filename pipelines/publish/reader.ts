/**
 * The reader side, for the API and notebooks. A handle names one snapshot's folder by its run id,
 * resolved from LATEST once: the holder keeps reading that snapshot's files however often the
 * publisher swaps LATEST afterwards. To follow new snapshots, open again (the API can poll
 * `readLatest` and hot-swap when the id changes). Pruning leaves a superseded snapshot alone for
 * `minAgeHours` after its successor appeared, which is the time a holder has to finish or reopen.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CodedError } from '../errors.ts';
import { literal } from '../warehouse/sql.ts';
import { isCode, sha256File } from './durable-fs.ts';
import { MANIFEST_FILE, assertRunId, parseManifest, type SnapshotDataset, type SnapshotManifest } from './manifest.ts';
import { LATEST_FILE } from './publish.ts';

export interface SnapshotHandle {
  readonly runId: string;
  /** Absolute path of the snapshot folder. */
  readonly dir: string;
  readonly manifest: SnapshotManifest;
  /** Absolute Parquet paths per dataset name. */
  readonly files: Readonly<Record<string, readonly string[]>>;
}

export interface OpenOptions {
  /** Re-hash every file against the manifest (reads every byte; off by default, sizes are always checked). */
  readonly verifySha256?: boolean;
}

export interface SnapshotInfo {
  readonly runId: string;
  readonly dir: string;
  readonly createdAt: string;
  readonly asOf: string | null;
  readonly bytes: number;
  readonly latest: boolean;
}

/** The run id LATEST names, or undefined before the first publish. */
export async function readLatest(root: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, LATEST_FILE), 'utf8');
  } catch (err) {
    if (isCode(err, 'ENOENT')) return undefined;
    throw err;
  }
  const id = text.trim();
  try {
    assertRunId(id);
  } catch (err) {
    throw new CodedError('INTERNAL', `${join(root, LATEST_FILE)} does not hold a run id`, { cause: err });
  }
  return id;
}

/** Opens one named snapshot, checking every file the manifest lists exists with its recorded size. */
export async function openSnapshot(root: string, runId: string, options: OpenOptions = {}): Promise<SnapshotHandle> {
  assertRunId(runId);
  const dir = resolve(root, runId);
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if (isCode(err, 'ENOENT')) throw new CodedError('NOT_FOUND', `snapshot ${runId} is not in ${root}`, { cause: err });
    throw err;
  }
  const manifest = parseManifest(text, dir);
  if (manifest.runId !== runId) throw new CodedError('INTERNAL', `${dir}: manifest is for run ${manifest.runId}`);
  const files: Record<string, string[]> = {};
  for (const d of manifest.datasets) {
    files[d.name] = [];
    for (const f of d.files) {
      const path = join(dir, f.path);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch (err) {
        throw new CodedError('INTERNAL', `snapshot ${runId}: ${f.path} is missing`, { cause: err });
      }
      if (size !== f.bytes) throw new CodedError('INTERNAL', `snapshot ${runId}: ${f.path} is ${size} bytes, manifest says ${f.bytes}`);
      if (options.verifySha256 && (await sha256File(path)) !== f.sha256) {
        throw new CodedError('INTERNAL', `snapshot ${runId}: ${f.path} does not match its SHA-256`);
      }
      files[d.name]?.push(path);
    }
  }
  return { runId, dir, manifest, files };
}

/** Resolves LATEST once and opens that snapshot; undefined when nothing was published yet. */
export async function openLatestSnapshot(root: string, options: OpenOptions = {}): Promise<SnapshotHandle | undefined> {
  const id = await readLatest(root);
  return id === undefined ? undefined : openSnapshot(root, id, options);
}

/**
 * SQL text for a dataset of a handle, e.g. `SELECT * FROM ${datasetSource(h, 'forecasts')}` in an
 * in-memory DuckDB. Works unchanged when a dataset is split into many shard files.
 */
export function datasetSource(handle: SnapshotHandle, name: string): string {
  const paths = handle.files[name];
  if (!paths) throw new CodedError('NOT_FOUND', `snapshot ${handle.runId} has no dataset ${name}`);
  return `read_parquet([${paths.map(literal).join(', ')}])`;
}

export function datasetEntry(handle: SnapshotHandle, name: string): SnapshotDataset | undefined {
  return handle.manifest.datasets.find((d) => d.name === name);
}

/**
 * Every complete snapshot under `root`, newest first (by createdAt, then run id). Temp and
 * half-deleted folders start with a dot and are never listed; neither is a folder whose manifest
 * is absent or unreadable.
 */
export async function listSnapshots(root: string): Promise<SnapshotInfo[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return [];
    throw err;
  }
  const latest = await readLatest(root).catch(() => undefined);
  const out: SnapshotInfo[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name === LATEST_FILE) continue;
    const dir = join(root, name);
    let manifest: SnapshotManifest;
    try {
      manifest = parseManifest(await readFile(join(dir, MANIFEST_FILE), 'utf8'), dir);
    } catch {
      continue;
    }
    if (manifest.runId !== name) continue;
    const bytes = manifest.datasets.reduce((s, d) => s + d.bytes, 0);
    out.push({ runId: name, dir: resolve(dir), createdAt: manifest.createdAt, asOf: manifest.asOf, bytes, latest: name === latest });
  }
  return out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0));
}
