/**
 * Retention. Snapshots are immutable, so the only way one disappears is here, and the rule is built
 * around readers that resolved an older LATEST and are still reading:
 * - the newest `keep` complete snapshots stay, and so does whichever one LATEST names;
 * - an older one goes only once its successor (the next newer snapshot) has existed for
 *   `minAgeHours`; before that a reader may still hold it;
 * - temp folders of publishes (`.tmp-*`) and stray LATEST temp files go once untouched for
 *   `tmpMaxAgeHours` (default 1): younger ones may be a publish in progress.
 * Deletion renames the folder to `.del-*` first, so a crash mid-delete never leaves a folder that
 * looks like a snapshot but lacks files; leftover `.del-*` folders are removed by the next prune.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '../errors.ts';
import { isCode, renameDurable } from './durable-fs.ts';
import { LATEST_TMP_PREFIX, TMP_PREFIX } from './publish.ts';
import { listSnapshots, readLatest } from './reader.ts';

const DEL_PREFIX = '.del-';
const HOUR_MS = 3_600_000;

export interface PruneOptions {
  /** Complete snapshots to keep, newest first (default 7, at least 1). */
  readonly keep?: number;
  /** Hours a superseded snapshot stays after its successor appeared (default 1). */
  readonly minAgeHours?: number;
  /** Hours before an untouched temp folder counts as an abandoned publish (default 1). */
  readonly tmpMaxAgeHours?: number;
  readonly now?: Date;
}

export interface PruneResult {
  /** Run ids of the snapshots deleted. */
  readonly snapshots: string[];
  /** Names of abandoned temp entries (and leftover half-deleted folders) removed. */
  readonly temp: string[];
}

/** Latest modification under a temp folder (one level; a publish writes files flat). */
async function lastTouched(path: string): Promise<number> {
  const s = await stat(path);
  let t = s.mtimeMs;
  if (s.isDirectory()) {
    for (const name of await readdir(path)) {
      const c = await stat(join(path, name)).catch(() => undefined);
      if (c && c.mtimeMs > t) t = c.mtimeMs;
    }
  }
  return t;
}

export async function pruneSnapshots(root: string, options: PruneOptions = {}): Promise<PruneResult> {
  const keep = options.keep ?? 7;
  const minAgeMs = (options.minAgeHours ?? 1) * HOUR_MS;
  const tmpMaxMs = (options.tmpMaxAgeHours ?? 1) * HOUR_MS;
  if (!Number.isInteger(keep) || keep < 1) throw new CodedError('BAD_ARGUMENT', `keep must be an integer >= 1, got ${keep}`);
  if (!(minAgeMs >= 0) || !(tmpMaxMs >= 0)) throw new CodedError('BAD_ARGUMENT', 'ages must be >= 0 hours');
  const now = (options.now ?? new Date()).getTime();
  const result: PruneResult = { snapshots: [], temp: [] };

  const latest = await readLatest(root);
  const all = await listSnapshots(root);
  for (let i = keep; i < all.length; i++) {
    const snap = all[i];
    const successor = all[i - 1];
    if (!snap || !successor || snap.runId === latest) continue;
    if (now - Date.parse(successor.createdAt) < minAgeMs) continue;
    // Re-read LATEST right before deleting: a publisher may have re-pointed it at this run.
    if ((await readLatest(root)) === snap.runId) continue;
    const doomed = join(root, `${DEL_PREFIX}${snap.runId}-${randomBytes(4).toString('hex')}`);
    await renameDurable(snap.dir, doomed);
    await rm(doomed, { recursive: true, force: true });
    result.snapshots.push(snap.runId);
  }

  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return result;
    throw err;
  }
  for (const name of names) {
    const path = join(root, name);
    const abandonedTemp = name.startsWith(TMP_PREFIX) || name.startsWith(LATEST_TMP_PREFIX);
    if (name.startsWith(DEL_PREFIX) || (abandonedTemp && now - (await lastTouched(path).catch(() => now)) >= tmpMaxMs)) {
      await rm(path, { recursive: true, force: true });
      result.temp.push(name);
    }
  }
  return result;
}
