/**
 * The running server: an Api bound to a port, and a clean stop on SIGTERM/SIGINT (in-flight
 * requests finish, new ones get 503, then the DuckDB instance closes).
 */
import { Api, type ApiOptions } from './app.ts';

export { DEFAULT_SNAPSHOTS, defaultKeyFile } from './defaults.ts';

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
