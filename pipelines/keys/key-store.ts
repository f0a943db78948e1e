/**
 * API keys in one small JSON file, replaced whole (write, fsync, rename, fsync the folder) under an
 * exclusive lock file, so `keys create` in one process and a running server in another never see
 * half a file. Why not DuckDB or SQLite: a DuckDB file can be open in one process only (the server
 * would lock the CLI out), and SQLite needs Node 22 (`node:sqlite`) or a native addon whose install
 * script npm 11 does not run. A key store holds tens to thousands of rows; a file is enough.
 *
 * A key reads `rdk_<id>_<secret>`. Only the SHA-256 of the secret is stored; the id finds the row
 * and the hashes are compared in constant time (`timingSafeEqual`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { CodedError } from '../errors.ts';
import { isCode, renameDurable, writeFileDurable } from '../publish/durable-fs.ts';

export const ROLES = ['shopkeeper', 'seller', 'brand', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a key may see: a shopkeeper's stores, a seller's id, a brand's name; nothing for the others. */
export interface KeyScope {
  readonly stores?: readonly string[];
  readonly seller?: string;
  readonly brand?: string;
}

export interface KeyRecord {
  readonly id: string;
  readonly hash: string;
  readonly role: Role;
  readonly scope: KeyScope;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A key as a client may be told about it: never its hash. */
export type KeyInfo = Omit<KeyRecord, 'hash'>;

export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  readonly scope: KeyScope;
}

interface KeyFile {
  readonly format: 'rural-demand-keys';
  readonly version: 1;
  readonly keys: KeyRecord[];
}

const KEY_PATTERN = /^rdk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const LOCK_STALE_MS = 30_000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function parseFile(text: string, path: string): KeyFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new CodedError('INTERNAL', `${path} is not a key file`, { cause: err });
  }
  const f = v as Partial<KeyFile>;
  if (f.format !== 'rural-demand-keys' || f.version !== 1 || !Array.isArray(f.keys)) throw new CodedError('INTERNAL', `${path} is not a key file`);
  return f as KeyFile;
}

export function checkScope(role: Role, scope: KeyScope): void {
  const need = role === 'shopkeeper' ? 'stores' : role === 'seller' ? 'seller' : role === 'brand' ? 'brand' : null;
  for (const k of ['stores', 'seller', 'brand'] as const) {
    if (k !== need && scope[k] !== undefined) throw new CodedError('BAD_ARGUMENT', `a ${role} key takes no --${k === 'stores' ? 'store' : k}`);
  }
  if (need === 'stores' && (scope.stores === undefined || scope.stores.length === 0)) throw new CodedError('BAD_ARGUMENT', 'a shopkeeper key needs --store S (one or more)');
  if (need === 'seller' && !scope.seller) throw new CodedError('BAD_ARGUMENT', 'a seller key needs --seller ID');
  if (need === 'brand' && !scope.brand) throw new CodedError('BAD_ARGUMENT', 'a brand key needs --brand NAME');
}

export class KeyStore {
  private records = new Map<string, KeyRecord>();
  private seen = '';

  private constructor(readonly path: string) {}

  /** Opens (or starts) the key file at `path`; the file is created on the first `create`. */
  static async open(path: string): Promise<KeyStore> {
    const store = new KeyStore(path);
    await store.reload();
    return store;
  }

  /** Re-reads the file when its size or mtime changed; true when it did. */
  async reload(): Promise<boolean> {
    let sig: string;
    try {
      const s = await stat(this.path);
      sig = `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch (err) {
      if (!isCode(err, 'ENOENT')) throw err;
      sig = 'none';
    }
    if (sig === this.seen) return false;
    const file = sig === 'none' ? { keys: [] as KeyRecord[] } : parseFile(await readFile(this.path, 'utf8'), this.path);
    this.records = new Map(file.keys.map((k) => [k.id, k]));
    this.seen = sig;
    return true;
  }

  /** The principal a presented key stands for, or null (unknown, malformed, revoked, wrong secret). */
  verify(presented: string): Principal | null {
    const m = KEY_PATTERN.exec(presented);
    if (m === null) return null;
    const rec = this.records.get(m[1]!);
    if (rec === undefined || rec.revokedAt !== null) return null;
    const a = Buffer.from(sha256(m[2]!), 'hex');
    const b = Buffer.from(rec.hash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? { keyId: rec.id, role: rec.role, scope: rec.scope } : null;
  }

  /** Whether a well-formed key's id is known here (to decide whether a reload might help). */
  knows(presented: string): boolean {
    const m = KEY_PATTERN.exec(presented);
    return m !== null && this.records.has(m[1]!);
  }

  list(): KeyInfo[] {
    return [...this.records.values()].map(({ hash: _hash, ...info }) => info).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Creates a key and returns it in clear: the only time it is ever shown. */
  async create(role: Role, scope: KeyScope, label: string, now: Date = new Date()): Promise<{ key: string; info: KeyInfo }> {
    if (!(ROLES as readonly string[]).includes(role)) throw new CodedError('BAD_ARGUMENT', `--role must be one of ${ROLES.join(', ')}`);
    checkScope(role, scope);
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const rec: KeyRecord = { id, hash: sha256(secret), role, scope, label, createdAt: now.toISOString(), revokedAt: null };
    await this.update((keys) => [...keys, rec]);
    const { hash: _hash, ...info } = rec;
    return { key: `rdk_${id}_${secret}`, info };
  }

  /** Revokes a key by id; NOT_FOUND when there is none. */
  async revoke(id: string, now: Date = new Date()): Promise<KeyInfo> {
    let found: KeyRecord | undefined;
    await this.update((keys) => keys.map((k) => {
      if (k.id !== id) return k;
      found = { ...k, revokedAt: k.revokedAt ?? now.toISOString() };
      return found;
    }));
    if (found === undefined) throw new CodedError('NOT_FOUND', `no key ${id}`);
    const { hash: _hash, ...info } = found;
    return info;
  }

  /** Read-modify-write under the lock file; the new file replaces the old one atomically. */
  private async update(change: (keys: KeyRecord[]) => KeyRecord[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const lock = `${this.path}.lock`;
    await acquire(lock);
    try {
      let keys: KeyRecord[] = [];
      try {
        keys = parseFile(await readFile(this.path, 'utf8'), this.path).keys;
      } catch (err) {
        if (!isCode(err, 'ENOENT')) throw err;
      }
      const file: KeyFile = { format: 'rural-demand-keys', version: 1, keys: change(keys) };
      const tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
      await writeFileDurable(tmp, `${JSON.stringify(file, null, 2)}\n`);
      await renameDurable(tmp, this.path);
    } finally {
      await unlink(lock).catch(() => undefined);
    }
    this.seen = '';
    await this.reload();
  }
}

async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const fh = await open(lock, 'wx');
      await fh.close();
      return;
    } catch (err) {
      if (!isCode(err, 'EEXIST')) throw err;
      // A writer killed while holding the lock leaves it behind: old enough means nobody holds it.
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await unlink(lock).catch(() => undefined);
      else if (Date.now() > deadline) throw new CodedError('WAREHOUSE_LOCKED', `${lock} is held by another process`);
      else await new Promise((r) => setTimeout(r, 20));
    }
  }
}
