import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { DEFAULT_PREFIX } from '../../jobs/defaults.ts';
import type { JobsConfig } from '../../jobs/queues.ts';
import type { Role } from '../../jobs/runtime.ts';
import { DEFAULT_WAREHOUSE } from '../../jobs/warehouse.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { checkFormat, printRows } from '../cli/output.ts';

async function loadQueues() {
  const [queues, redis, status] = await Promise.all([import('../../jobs/queues.ts'), import('../../jobs/redis.ts'), import('../../jobs/status.ts')]);
  return { openQueues: queues.openQueues, checkRedis: redis.checkRedis, connectRedis: redis.connectRedis, jobsStatus: status.jobsStatus, triggerJob: status.triggerJob };
}

const BIN = fileURLToPath(new URL('../rural-demand.js', import.meta.url));

interface StartFlags { role: string; workers: string; threads: string; prefix: string; warehouse: string; inbox: string; snapshots: string; shards: string; perShard: string; horizon: string; lockMs: string; writerLockMs: string; schedules: boolean }

const posInt = (name: string, v: string, min = 1): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new CodedError('BAD_ARGUMENT', `--${name} must be an integer >= ${min}, got '${v}'`);
  return n;
};

function configOf(f: StartFlags): JobsConfig {
  return {
    prefix: f.prefix, warehouse: resolve(f.warehouse), inbox: resolve(f.inbox), snapshots: resolve(f.snapshots), shards: resolve(f.shards),
    perShard: posInt('per-shard', f.perShard), horizon: posInt('horizon', f.horizon, 7), lockMs: posInt('lock-ms', f.lockMs, 1000), writerLockMs: posInt('writer-lock-ms', f.writerLockMs, 1000), threads: posInt('threads', f.threads, 0),
  };
}

/** `rural-demand jobs start|trigger|status`: the scheduled jobs on BullMQ (REDIS_URL selects the server). */
export function register(program: Command): void {
  const jobs = program.command('jobs').description('Scheduled jobs on BullMQ and Redis (REDIS_URL, default redis://127.0.0.1:6379)');
  const common = (c: Command): Command => c.option('--prefix <p>', 'Redis key namespace', DEFAULT_PREFIX);
  common(jobs.command('start'))
    .description('Run the schedulers and the writer, and shard workers (--role splits them across machines)')
    .option('--role <r>', 'all | writer | worker', 'all')
    .option('--workers <n>', 'shard worker processes to start beside the writer (role all) or in this one (role worker: 1)', '1')
    .option('--threads <n>', 'forecasting threads inside each shard worker', '0')
    .option('--warehouse <file>', 'DuckDB warehouse file (writer)', DEFAULT_WAREHOUSE)
    .option('--inbox <dir>', 'folder the ingest job loads', 'data/inbox')
    .option('--snapshots <dir>', 'published snapshots folder', 'data/snapshots')
    .option('--shards <dir>', 'shared folder for forecast shard partitions', 'data/shards')
    .option('--per-shard <n>', 'SKUs per forecast shard', '40')
    .option('--horizon <days>', 'forecast horizon', '28')
    .option('--lock-ms <ms>', 'shard job lock: a dead worker hands its shard over after this', '30000')
    .option('--writer-lock-ms <ms>', 'writer job lock: a dead writer\'s job is retried after this (long: nightly steps can hold the event loop)', '600000')
    .option('--no-schedules', 'do not install the cron schedules (run only what is triggered)')
    .action(async (f: StartFlags) => {
      const role = f.role as Role;
      if (!['all', 'writer', 'worker'].includes(role)) throw new CodedError('BAD_ARGUMENT', `--role must be all, writer or worker, got '${f.role}'`);
      const workers = posInt('workers', f.workers, 0);
      const config = configOf(f);
      // BullMQ and the runtime load in the action: every other command would pay for them.
      const { JobsRuntime } = await import('../../jobs/runtime.ts');
      const runtime = await JobsRuntime.start({ config, role: role === 'all' ? 'writer' : role, schedules: f.schedules });
      const children: ChildProcess[] = [];
      if (role === 'all') {
        for (let i = 0; i < workers; i++) {
          const args = [BIN, 'jobs', 'start', '--role', 'worker', '--prefix', f.prefix, '--threads', f.threads, '--lock-ms', f.lockMs];
          children.push(spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env }));
        }
      }
      process.stderr.write(`jobs: ${role} running (prefix ${f.prefix}${role === 'all' ? `, ${workers} shard worker process(es)` : ''}); SIGTERM to stop\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          for (const c of children) c.kill('SIGTERM');
          void runtime.close().then(done);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
  common(jobs.command('trigger <job>'))
    .description('Run a job now: ingest | nightly | retention (a second trigger within the minute is the same job)')
    .action(async (job: string, f: { prefix: string }) => {
      const { checkRedis, connectRedis, openQueues, triggerJob } = await loadQueues();
      const redis = connectRedis();
      try {
        await checkRedis(redis);
        const q = openQueues(redis, f.prefix);
        const r = await triggerJob(q, job);
        await q.close();
        process.stdout.write(`${r.added ? 'queued' : 'already queued'} ${job} as ${r.id}\n`);
      } finally {
        redis.disconnect();
      }
    });
  common(jobs.command('status'))
    .description('Queue depths, running and failed jobs with reasons, and the last success of each job')
    .option('--format <fmt>', 'table | json', 'table')
    .action(async (f: { prefix: string; format: string }) => {
      const format = checkFormat(f.format);
      const { checkRedis, connectRedis, openQueues, jobsStatus } = await loadQueues();
      const redis = connectRedis();
      try {
        await checkRedis(redis);
        const q = openQueues(redis, f.prefix);
        const s = await jobsStatus(q);
        await q.close();
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
          return;
        }
        const out = process.stdout;
        printRows('table', s.queues.map((d) => ({ ...d })), [
          { key: 'queue', title: 'queue' }, { key: 'waiting', title: 'waiting', align: 'right' }, { key: 'active', title: 'active', align: 'right' },
          { key: 'delayed', title: 'delayed', align: 'right' }, { key: 'waitingChildren', title: 'waiting children', align: 'right' },
          { key: 'failed', title: 'failed', align: 'right' }, { key: 'completed', title: 'done', align: 'right' },
        ], {});
        out.write('\nlast success\n');
        printRows('table', s.lastSuccess.map((l) => ({ ...l })), [
          { key: 'job', title: 'job' }, { key: 'finishedAt', title: 'finished' }, { key: 'seconds', title: 's', align: 'right', digits: 1 }, { key: 'snapshot', title: 'snapshot' },
        ], {});
        if (s.running.length > 0) {
          out.write('\nrunning\n');
          printRows('table', s.running.map((l) => ({ ...l })), [{ key: 'queue', title: 'queue' }, { key: 'id', title: 'id' }, { key: 'name', title: 'job' }, { key: 'at', title: 'since' }], {});
        }
        if (s.failed.length > 0) {
          out.write('\nfailed\n');
          printRows('table', s.failed.map((l) => ({ ...l })), [{ key: 'queue', title: 'queue' }, { key: 'id', title: 'id' }, { key: 'name', title: 'job' }, { key: 'attempts', title: 'tries', align: 'right' }, { key: 'reason', title: 'reason' }], {});
        }
      } finally {
        redis.disconnect();
      }
    });
}
