import type { JobConfig } from '../config/schema.js';
import type { Store, SyncRun } from '../store/index.js';

export type JobStatus = 'healthy' | 'failing' | 'unhealthy' | 'paused' | 'running' | 'never run' | 'disabled';

export interface JobHealth {
  job: string;
  connection: string;
  streams: string[];
  schedule: string;
  status: JobStatus;
  consecutiveFailures: number;
  pausedReason: string | null;
  lastRun: SyncRun | null;
  /** Total records upserted over the job's runs. */
  recordsSynced: number;
  /** Seconds between now and the newest ticket change synced from this connection; null if none. */
  lagSeconds: number | null;
}

export function describeSchedule(job: JobConfig): string {
  if (job.every !== undefined) return `every ${job.every}`;
  if (job.cron !== undefined) return `cron ${job.cron}`;
  return 'manual';
}

/**
 * A job's health, derived from its runs (never stored twice): unhealthy after `unhealthyAfter`
 * consecutive failed runs, failing before that, healthy after a success.
 */
export async function jobHealth(
  store: Store,
  job: JobConfig,
  unhealthyAfter: number,
  now = new Date(),
): Promise<JobHealth> {
  const [control, lastRun, consecutiveFailures, recordsSynced, newest] = await Promise.all([
    store.jobControls.get(job.id),
    store.syncRuns.last(job.id),
    store.syncRuns.consecutiveFailures(job.id),
    store.syncRuns.totalUpserted(job.id),
    store.tickets.newestUpdatedAt(job.connection),
  ]);
  let status: JobStatus;
  if (!job.enabled) status = 'disabled';
  else if (control?.paused || lastRun?.status === 'paused') status = 'paused';
  else if (lastRun?.status === 'running') status = 'running';
  else if (consecutiveFailures >= unhealthyAfter) status = 'unhealthy';
  else if (consecutiveFailures > 0) status = 'failing';
  else status = lastRun === null ? 'never run' : 'healthy';
  return {
    job: job.id,
    connection: job.connection,
    streams: job.streams,
    schedule: describeSchedule(job),
    status,
    consecutiveFailures,
    pausedReason: control?.paused ? control.reason : lastRun?.status === 'paused' ? lastRun.error : null,
    lastRun,
    recordsSynced,
    lagSeconds: newest === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(newest)) / 1000)),
  };
}
