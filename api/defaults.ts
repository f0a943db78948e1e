/**
 * Where a server finds its files by default. Kept apart from server.ts so the CLI can name them
 * in its help without loading Fastify and every route (that cost ~2 s on every command).
 */
import { resolve } from 'node:path';

export const DEFAULT_SNAPSHOTS = resolve(process.env['RURAL_DEMAND_SNAPSHOTS'] ?? 'data/snapshots');
/** Beside the snapshots by default, so one folder holds everything a server needs. */
export const defaultKeyFile = (snapshots: string): string => resolve(snapshots, '..', 'api-keys.json');
