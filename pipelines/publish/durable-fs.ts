/**
 * The few filesystem steps a snapshot's atomicity rests on. `rename` within one filesystem is
 * atomic (POSIX): a name points at the old thing or the new one, never at half of either. fsync is
 * what makes that ordering survive a power cut: file contents before the rename that publishes
 * them, and the parent directory after it so the new name itself is on disk.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsync a file's contents. */
export async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * fsync a directory so entries created or renamed in it are durable. Some platforms (Windows) refuse
 * to open a directory for sync; there the rename's own guarantees are all we get, so that is not an error.
 */
export async function fsyncDir(path: string): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if (isCode(err, 'EISDIR') || isCode(err, 'EPERM') || isCode(err, 'EACCES')) return;
    throw err;
  }
  try {
    await fh.sync();
  } catch (err) {
    if (!(isCode(err, 'EINVAL') || isCode(err, 'EPERM') || isCode(err, 'EBADF'))) throw err;
  } finally {
    await fh.close();
  }
}

/** Writes `text` to `path` and fsyncs it (the file is new or replaced whole). */
export async function writeFileDurable(path: string, text: string): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replace `to` with `from` atomically, then make the rename durable. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await rename(from, to);
  await fsyncDir(dirname(to));
}

/** Hex SHA-256 of a file, streamed so large Parquet files do not sit in memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
