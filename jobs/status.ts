/** What `jobs status` and `jobs trigger` do, on the queues. */
import type { Job } from 'bullmq';
import { CodedError } from '../pipelines/errors.ts';
import type { Queues } from './queues.ts';
import { JOB_NAMES, type JobName } from './schedules.ts';

export interface QueueDepth { readonly queue: string; readonly waiting: number; readonly active: number; readonly delayed: number; readonly failed: number; readonly completed: number; readonly waitingChildren: number }
export interface JobLine { readonly queue: string; readonly id: string; readonly name: string; readonly state: string; readonly attempts: number; readonly reason: string | null; readonly at: string | null }
export interface LastRun { readonly job: string; readonly id: string; readonly finishedAt: string; readonly seconds: number; readonly snapshot: string | null }

export interface JobsStatus {
  readonly queues: readonly QueueDepth[];
  readonly running: readonly JobLine[];
  readonly failed: readonly JobLine[];
  readonly lastSuccess: readonly LastRun[];
  readonly schedules: readonly { readonly id: string; readonly pattern: string | null; readonly tz: string | null; readonly next: string | null }[];
}

const iso = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null);

function line(queue: string, j: Job, state: string): JobLine {
  return { queue, id: String(j.id), name: j.name, state, attempts: j.attemptsMade, reason: j.failedReason ?? null, at: iso(j.finishedOn ?? j.processedOn ?? j.timestamp) };
}

export async function jobsStatus(q: Queues): Promise<JobsStatus> {
  const depths: QueueDepth[] = [];
  const running: JobLine[] = [];
  const failed: JobLine[] = [];
  const last = new Map<string, LastRun>();
  for (const queue of [q.writer, q.shards]) {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children');
    depths.push({ queue: queue.name, waiting: c['waiting'] ?? 0, active: c['active'] ?? 0, delayed: c['delayed'] ?? 0, failed: c['failed'] ?? 0, completed: c['completed'] ?? 0, waitingChildren: c['waiting-children'] ?? 0 });
    for (const j of await queue.getJobs(['active'], 0, 50)) running.push(line(queue.name, j, 'active'));
    for (const j of await queue.getJobs(['failed'], 0, 20)) failed.push(line(queue.name, j, 'failed'));
    for (const j of await queue.getJobs(['completed'], 0, 200)) {
      const name = j.name === 'nightly-finish' ? 'nightly' : j.name;
      const prev = last.get(`${queue.name}/${name}`);
      if (prev && Date.parse(prev.finishedAt) >= (j.finishedOn ?? 0)) continue;
      const rv = j.returnvalue as { snapshot?: unknown } | null;
      last.set(`${queue.name}/${name}`, {
        job: name, id: String(j.id), finishedAt: iso(j.finishedOn) ?? '', seconds: ((j.finishedOn ?? 0) - (j.processedOn ?? 0)) / 1000,
        snapshot: j.name === 'nightly-finish' && typeof rv?.snapshot === 'string' ? rv.snapshot : null,
      });
    }
  }
  // The nightly's last success is its finish (the published snapshot), not the job that queued shards.
  const nightly = [...last.values()].filter((l) => l.job === 'nightly');
  const best = nightly.find((l) => l.snapshot !== null);
  const lastSuccess = [...last.values()].filter((l) => l.job !== 'nightly' && l.job !== 'shard');
  if (best) lastSuccess.push(best);
  const schedules = (await q.writer.getJobSchedulers(0, 50)).map((s) => ({ id: s.key, pattern: s.pattern ?? null, tz: s.tz ?? null, next: iso(s.next) }));
  return { queues: depths, running, failed, lastSuccess: lastSuccess.sort((a, b) => a.job.localeCompare(b.job)), schedules };
}

/** Adds a job now. The id is the minute: a double trigger within a minute runs once. */
export async function triggerJob(q: Queues, job: string, now: Date = new Date()): Promise<{ id: string; added: boolean }> {
  if (!(JOB_NAMES as readonly string[]).includes(job)) throw new CodedError('BAD_ARGUMENT', `no job '${job}': one of ${JOB_NAMES.join(', ')}`);
  const id = `${job}-manual-${now.toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
  const existing = await q.writer.getJob(id);
  if (existing) return { id, added: false };
  await q.writer.add(job as JobName, {}, { jobId: id });
  return { id, added: true };
}
