/** Immutable Parquet snapshots for readers that must not touch the warehouse file: docs/snapshots.md. */
export { DEFAULT_DATASETS, DEMAND_WEEKS, type SnapshotContext, type SnapshotTable } from './datasets.ts';
export {
  MANIFEST_FILE, MANIFEST_VERSION, parseManifest,
  type SnapshotColumn, type SnapshotDataset, type SnapshotFile, type SnapshotManifest,
} from './manifest.ts';
export { LatestSnapshot } from './follow.ts';
export { LATEST_FILE, publishSnapshot, setLatest, type PublishOptions } from './publish.ts';
export { pruneSnapshots, type PruneOptions, type PruneResult } from './prune.ts';
export {
  datasetEntry, datasetSource, listSnapshots, openLatestSnapshot, openSnapshot, readLatest,
  type OpenOptions, type SnapshotHandle, type SnapshotInfo,
} from './reader.ts';
