/**
 * Which snapshot the server answers from, and the hot swap. A poll reads LATEST; when it names a
 * new run, that snapshot is loaded and verified off to the side (ServedSnapshot.load) and only then
 * swapped in, with one assignment. A request takes `current` once when it starts, so requests in
 * flight finish on the snapshot they began with. A snapshot that fails verification is never served:
 * the old one stays, the failure is logged and shown on /v1/freshness, and that run is not retried
 * until LATEST names another.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import type { FastifyBaseLogger } from 'fastify';
import { CodedError } from '../../pipelines/errors.ts';
import { listSnapshots, readLatest } from '../../pipelines/publish/reader.ts';
import { ServedSnapshot } from '../../pipelines/serve/served-snapshot.ts';

export interface Rejection {
  readonly runId: string;
  readonly at: string;
  /** The coded error's code; its detail stays in the log. */
  readonly code: string;
}

export class SnapshotState {
  private served: ServedSnapshot | undefined;
  private lastRejected: Rejection | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  swaps = 0;

  private constructor(
    readonly root: string,
    readonly db: DuckDBInstance,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Loads what LATEST names now (nothing published yet is fine: /ready says so) and polls every `pollMs`. */
  static async open(root: string, db: DuckDBInstance, log: FastifyBaseLogger, pollMs: number): Promise<SnapshotState> {
    const state = new SnapshotState(root, db, log);
    await state.refresh();
    if (pollMs > 0) {
      state.timer = setInterval(() => { void state.refresh(); }, pollMs);
      state.timer.unref();
    }
    return state;
  }

  get current(): ServedSnapshot | undefined { return this.served; }
  get rejected(): Rejection | null { return this.lastRejected; }

  /** The snapshot for this request, or NOT_READY. */
  require(): ServedSnapshot {
    if (this.served === undefined) throw new CodedError('NOT_READY');
    return this.served;
  }

  /** One poll; concurrent calls share it. Never throws: a bad snapshot is recorded, not raised. */
  refresh(): Promise<void> {
    this.running ??= this.poll().finally(() => { this.running = null; });
    return this.running;
  }

  private async poll(): Promise<void> {
    let id: string | undefined;
    try {
      id = await readLatest(this.root);
    } catch (err) {
      this.log.error({ err }, 'LATEST could not be read; still serving %s', this.served?.runId ?? 'nothing');
      return;
    }
    if (id === undefined || id === this.served?.runId || id === this.lastRejected?.runId) return;
    const conn = await this.db.connect();
    try {
      const next = await ServedSnapshot.load(conn, this.root, id);
      this.served = next;
      this.swaps++;
      this.log.info({ snapshot: id }, 'serving snapshot %s', id);
    } catch (err) {
      const code = err instanceof CodedError ? err.code : 'INTERNAL';
      this.lastRejected = { runId: id, at: new Date().toISOString(), code };
      this.log.error({ err, snapshot: id }, 'snapshot %s failed validation; still serving %s', id, this.served?.runId ?? 'nothing');
      // Starting with a bad LATEST: serve the newest older snapshot that is valid rather than nothing.
      if (this.served === undefined) await this.fallBack(conn, id);
    } finally {
      conn.closeSync();
    }
  }

  private async fallBack(conn: Awaited<ReturnType<DuckDBInstance['connect']>>, bad: string): Promise<void> {
    for (const s of await listSnapshots(this.root).catch(() => [])) {
      if (s.runId === bad) continue;
      try {
        this.served = await ServedSnapshot.load(conn, this.root, s.runId);
        this.swaps++;
        this.log.warn({ snapshot: s.runId }, 'LATEST (%s) is not servable; serving the older snapshot %s', bad, s.runId);
        return;
      } catch (err) {
        this.log.error({ err, snapshot: s.runId }, 'snapshot %s is not servable either', s.runId);
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
