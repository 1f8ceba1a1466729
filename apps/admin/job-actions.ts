import { CasebridgeError } from '../../shared/errors.js';
import type { Casebridge } from '../composition-root.js';

/**
 * The admin operations shared by the CLI and the admin API, each written to the audit log with
 * who did it. `actor` is `cli:<user>` or `api:<token name>`.
 */
export async function pauseJob(
  casebridge: Casebridge,
  jobId: string,
  actor: string,
  reason: string | null,
): Promise<void> {
  casebridge.job(jobId);
  await casebridge.store.transaction(async (tx) => {
    await tx.jobControls.set(jobId, true, actor, reason);
    await tx.auditLog.record({ actor, action: 'jobs.pause', target: jobId, details: { reason } });
  });
}

export async function resumeJob(casebridge: Casebridge, jobId: string, actor: string): Promise<void> {
  casebridge.job(jobId);
  await casebridge.store.transaction(async (tx) => {
    await tx.jobControls.set(jobId, false, actor, null);
    await tx.auditLog.record({ actor, action: 'jobs.resume', target: jobId, details: {} });
  });
}

/** Forgets checkpoints so the next run re-reads from `from` (or the job's `startFrom`). */
export async function resetJob(
  casebridge: Casebridge,
  jobId: string,
  actor: string,
  options: { stream?: string | undefined; from?: string | undefined },
): Promise<{ streams: string[]; from: string | null }> {
  const job = casebridge.job(jobId);
  if (options.stream !== undefined && !job.streams.includes(options.stream)) {
    throw new CasebridgeError('jobs.stream', `${jobId} has no stream "${options.stream}"`, {
      hint: `its streams: ${job.streams.join(', ')}`,
    });
  }
  const from = options.from === undefined ? null : parseDate(options.from);
  const streams = options.stream === undefined ? job.streams : [options.stream];
  await casebridge.store.transaction(async (tx) => {
    for (const stream of streams) {
      await tx.syncState.clear(jobId, stream);
      if (from === null) await tx.jobControls.clearStreamStart(jobId, stream);
      else await tx.jobControls.restartStreamFrom(jobId, stream, from);
    }
    await tx.auditLog.record({ actor, action: 'jobs.reset', target: jobId, details: { streams, from } });
  });
  return { streams, from: from ?? job.startFrom ?? null };
}

function parseDate(text: string): string {
  const at = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at)) {
    throw new CasebridgeError('jobs.from', `"${text}" is not a date`, {
      hint: 'use a date like 2024-05-01 or 2024-05-01T12:00:00Z',
    });
  }
  if (at > Date.now())
    throw new CasebridgeError('jobs.from', `${text} is in the future`, { hint: 'choose a date in the past' });
  return new Date(at).toISOString();
}
