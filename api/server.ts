/**
 * The running server: an Api bound to a port, and a clean stop on SIGTERM/SIGINT (in-flight
 * requests finish, new ones get 503, then the DuckDB instance closes).
 */
import { resolve } from 'node:path';
import { Api, type ApiOptions } from './app.ts';

export const DEFAULT_SNAPSHOTS = resolve(process.env['RURAL_DEMAND_SNAPSHOTS'] ?? 'data/snapshots');
/** Beside the snapshots by default, so one folder holds everything a server needs. */
export const defaultKeyFile = (snapshots: string): string => resolve(snapshots, '..', 'api-keys.json');

export interface ServeOptions extends ApiOptions {
  readonly port: number;
  readonly host?: string;
}

export class ApiServer {
  private constructor(readonly api: Api, readonly url: string) {}

  static async start(o: ServeOptions): Promise<ApiServer> {
    const api = await Api.create(o);
    const url = await api.app.listen({ port: o.port, host: o.host ?? '127.0.0.1' });
    return new ApiServer(api, url);
  }

  async close(): Promise<void> {
    await this.api.close();
  }
}
