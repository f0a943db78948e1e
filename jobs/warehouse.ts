import { mkdir } from 'node:fs/promises';
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
      let instance: DuckDBInstance;
      try {
        instance = await DuckDBInstance.create(path === ':memory:' ? ':memory:' : key, config);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        if (/lock/i.test(text)) {
          throw new CodedError('WAREHOUSE_LOCKED', `${key} is open in another process (one writer at a time)`, { cause: err });
        }
        throw err;
      }
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
    try {
      await migrate(connection);
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
