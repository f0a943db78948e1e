/**
 * Hot swap for long-lived readers (the API): hold the current snapshot's handle and, on each
 * `refresh()`, re-read LATEST; when it names another run, open and verify that one and only then
 * swap. A snapshot that fails verification is not served: the old handle stays and the error goes
 * to the caller to log. The old handle stays valid for at least retention's minAgeHours.
 */
import { openSnapshot, readLatest, type OpenOptions, type SnapshotHandle } from './reader.ts';

export class LatestSnapshot {
  private handle: SnapshotHandle | undefined;

  private constructor(
    readonly root: string,
    private readonly options: OpenOptions,
  ) {}

  /** Opens whatever LATEST names now (nothing yet is fine: `current` is then undefined). */
  static async open(root: string, options: OpenOptions = {}): Promise<LatestSnapshot> {
    const follower = new LatestSnapshot(root, options);
    await follower.refresh();
    return follower;
  }

  /** The snapshot to serve this request from. Take it once per request, not per query. */
  get current(): SnapshotHandle | undefined {
    return this.handle;
  }

  /** True when it swapped to a new snapshot. Rejects (keeping the old one) if the new one is bad. */
  async refresh(): Promise<boolean> {
    const id = await readLatest(this.root);
    if (id === undefined || id === this.handle?.runId) return false;
    this.handle = await openSnapshot(this.root, id, this.options);
    return true;
  }
}
