import type { Command } from 'commander';
import { DEFAULT_SNAPSHOTS, defaultKeyFile } from '../../api/defaults.ts';
import { DEFAULT_PREFIX } from '../../jobs/defaults.ts';
import { redisUrl } from '../../jobs/redis.ts';
import { CodedError } from '../../pipelines/errors.ts';

interface Flags { port: string; host: string; snapshots: string; keys?: string; rateLimit: string; poll: string; quiet?: boolean; queues?: boolean; prefix: string }

/** `rural-demand serve`: the HTTP API over the latest published snapshot (hot-swapped when a new one lands). */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the latest published snapshot over HTTP (docs at /docs)')
    .option('--port <n>', 'TCP port', '3000')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--snapshots <dir>', 'published snapshots folder', DEFAULT_SNAPSHOTS)
    .option('--keys <file>', 'API key file (default: api-keys.json beside the snapshots folder)')
    .option('--rate-limit <n>', 'requests per key per minute', '600')
    .option('--poll <ms>', 'how often to look for a new snapshot and key changes', '2000')
    .option('--quiet', 'no request log')
    .option('--queues', 'mount the job queues\' admin view at /admin/queues (admin keys; Redis at REDIS_URL)')
    .option('--prefix <p>', 'the jobs\' Redis key namespace, as given to `jobs start`', DEFAULT_PREFIX)
    .action(async (flags: Flags) => {
      const port = Number(flags.port);
      const rateLimit = Number(flags.rateLimit);
      const poll = Number(flags.poll);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CodedError('BAD_ARGUMENT', `--port must be 0-65535, got '${flags.port}'`);
      if (!Number.isInteger(rateLimit) || rateLimit < 1) throw new CodedError('BAD_ARGUMENT', `--rate-limit must be a positive integer, got '${flags.rateLimit}'`);
      if (!Number.isInteger(poll) || poll < 50) throw new CodedError('BAD_ARGUMENT', `--poll must be at least 50 ms, got '${flags.poll}'`);
      // Loaded here, not at the top: Fastify and the routes cost every other command ~2 s to load.
      const { ApiServer } = await import('../../api/server.ts');
      const server = await ApiServer.start({
        port, host: flags.host, snapshots: flags.snapshots, keys: flags.keys ?? defaultKeyFile(flags.snapshots), rateLimit, pollMs: poll,
        logger: flags.quiet ? false : { level: 'info' },
        ...(flags.queues ? { admin: { redisUrl: redisUrl(), prefix: flags.prefix } } : {}),
      });
      const snap = server.api.snapshots.current;
      process.stderr.write(`rural-demand API on ${server.url} (docs: ${server.url}/docs${flags.queues ? `, jobs: ${server.url}/admin/queues` : ''}); serving ${snap ? `snapshot ${snap.runId}` : 'nothing yet: publish a snapshot (npm start)'}\n`);
      await new Promise<void>((done) => {
        const stop = (): void => { void server.close().then(done); };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}
