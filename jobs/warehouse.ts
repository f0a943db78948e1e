import { appendFile, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '../pipelines/errors.ts';
import { migrate } from '../pipelines/warehouse/migrate.ts';

export const DEFAULT_WAREHOUSE = resolve(process.env['RURAL_DEMAND_WAREHOUSE'] ?? 'data/warehouse.duckdb');

// Two DuckDBInstance.create() on one file in one process silently lost a committed table here
// (shared/notes/verified-behaviour.md), so every open goes through this registry.
const instances = new Map<string, { instance: DuckDBInstance; users: number }>();

/**
 * The warehouse: one DuckDB file owned by this process. Open with `Warehouse.open`, close with
 * `close()`. Opening applies pending migrations and fixes the session time zone to Asia/Shanghai,
 * which is what every timestamp without an offset in our inputs means.
 */
export class Warehouse {
  private closed = false;

  private constructor(
    readonly path: string,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string = DEFAULT_WAREHOUSE, options: { threads?: number; memoryLimit?: string } = {}): Promise<Warehouse> {
    const key = path === ':memory:' ? `:memory:${Math.random()}` : resolve(path);
    if (path !== ':memory:') await mkdir(dirname(key), { recursive: true });
    let entry = instances.get(key);
    if (!entry) {
      const config: Record<string, string> = {};
      if (options.threads) config['threads'] = String(options.threads);
      // DuckDB's default (80 % of RAM) lets one process take the machine; with a limit it spills to
      // <file>.tmp instead. 768 MB failed the demand refresh at 1,000 villages (an operator that
      // cannot spill), so the default is 2 GB; ingestion lowers it while it runs (see ingest.ts).
      config['memory_limit'] = options.memoryLimit ?? process.env['RURAL_DEMAND_DUCKDB_MEMORY'] ?? '2GB';
      const instance = path === ':memory:' ? await DuckDBInstance.create(':memory:', config) : await openFile(key, config);
      entry = { instance, users: 0 };
      instances.set(key, entry);
    }
    entry.users += 1;
    const connection = await entry.instance.connect();
    await connection.run(`SET TimeZone = 'Asia/Shanghai'`);
    // Checkpointing after every ingested file cost a quarter of a monthly file's load time; the WAL
    // replays on the next open after a crash, so a larger threshold trades restart time for speed.
    await connection.run(`SET checkpoint_threshold = '256MB'`);
    const wh = new Warehouse(key, connection);
    const marker = `${key}${MIGRATING}`;
    try {
      await migrate(connection, undefined, path === ':memory:' ? {} : { beforeApply: () => writeFile(marker, `${process.pid} ${new Date().toISOString()}\n`) });
      // Every migration is checkpointed: from here on the WAL may hold data again, so the marker goes.
      if (path !== ':memory:') await unlink(marker).catch(() => undefined);
    } catch (err) {
      await wh.close();
      throw err;
    }
    return wh;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    const entry = instances.get(this.path);
    if (!entry) return;
    entry.users -= 1;
    if (entry.users === 0) {
      instances.delete(this.path);
      entry.instance.closeSync();
    }
  }
}

/** Present while migrations run: the WAL then holds nothing but the migration in flight. */
const MIGRATING = '.migrating';

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/**
 * Opens a warehouse file. A WAL that DuckDB cannot replay (seen after a kill -9 during an
 * `ALTER ... ADD COLUMN ... DEFAULT` migration) is set aside when the migration marker shows it holds
 * only an interrupted migration: the file is then at the last whole schema version and the
 * migration simply runs again. Without the marker the WAL may hold committed data, so nothing is
 * discarded: the error says how to recover (docs/reliability.md).
 */
async function openFile(key: string, config: Record<string, string>): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(key, config);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    // DuckDB's own words for a file another process holds; a bare /lock/ also matched "block" in a
    // storage error and called a damaged file busy.
    if (/Could not set lock on file|Conflicting lock/i.test(text)) throw new CodedError('WAREHOUSE_LOCKED', `${key} is open in another process (one writer at a time)`, { cause: err });
    if (!/WAL|replay/i.test(text)) throw err;
    const wal = `${key}.wal`;
    if (!(await exists(`${key}${MIGRATING}`)) || !(await exists(wal))) {
      throw new CodedError('WAREHOUSE_UNREADABLE', `${key}: its write-ahead log cannot be replayed. Move ${wal} aside to open the warehouse ` +
        'as of its last checkpoint (changes since are lost; rerun ingest, which loads each file once); see docs/reliability.md', { cause: err });
    }
    const aside = `${wal}.unreplayable-${new Date().toISOString().replaceAll(':', '')}`;
    await rename(wal, aside);
    // Recorded, not swallowed: the interrupted migration reruns; the log holds what was set aside and why.
    await appendFile(`${key}.recovery.log`, `${new Date().toISOString()} WAL of an interrupted migration could not be replayed (${text.split('\n')[0]}); moved to ${aside}\n`);
    process.stderr.write(`warehouse: an interrupted schema migration left a WAL DuckDB cannot replay; set it aside (${aside}) and rerunning the migration\n`);
    try {
      return await DuckDBInstance.create(key, config);
    } finally {
      await unlink(`${key}${MIGRATING}`).catch(() => undefined);
    }
  }
}
