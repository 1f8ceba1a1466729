import type { JobConfig } from '../config/schema.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import type { RunResult, RunTrigger } from './runner.js';

/** Failures only an admin can fix: retrying them would only repeat the failure (and burn API quota). */
const NEEDS_ADMIN = /(^|\.)(unauthorized|forbidden|auth|invalid_grant|credentials|checkpoint)$/;

export function needsAdmin(errorCode: string | null): boolean {
  return errorCode !== null && NEEDS_ADMIN.test(errorCode);
}

export interface SupervisorPolicy {
  /** Retries after a failed scheduled run, with exponential backoff from `retryBackoffMs`. */
  retryAttempts: number;
  retryBackoffMs: number;
  /** Consecutive failed runs after which a job is unhealthy and an alert goes out. */
  unhealthyAfter: number;
}

export interface SupervisorDeps {
  store: Store;
  log: Logger;
  policy: SupervisorPolicy;
  run(job: JobConfig, trigger: RunTrigger): Promise<RunResult>;
  /** Called once when a job turns unhealthy (the Slack bot routes it to a channel). */
  onUnhealthy?(job: JobConfig, failures: number, error: string | null): void;
  onRecovered?(job: JobConfig): void;
}

export interface RunOutcome {
  result: RunResult | null;
  /** A later retry is worthwhile (set for retryable failures only). */
  retryable: boolean;
}

/**
 * Runs a job and reacts to the outcome: a failure an admin must fix (credentials rejected, a
 * checkpoint that cannot resume) pauses the job with the reason instead of retrying forever; a job
 * reaching `unhealthyAfter` consecutive failures is logged at error level and alerted once.
 */
export function createSupervisor(deps: SupervisorDeps) {
  const unhealthy = new Set<string>();
  return {
    async runOnce(job: JobConfig, trigger: RunTrigger): Promise<RunOutcome> {
      let result: RunResult;
      try {
        result = await deps.run(job, trigger);
      } catch (error) {
        deps.log.warn({ job: job.id }, `did not run ${job.id}: ${errorMessage(error)}`);
        return { result: null, retryable: false };
      }
      if (result.status === 'paused') return { result, retryable: false };
      if (result.status === 'succeeded') {
        if (unhealthy.delete(job.id)) deps.onRecovered?.(job);
        return { result, retryable: false };
      }
      if (needsAdmin(result.errorCode)) {
        const reason = `needs an admin: ${result.error}`;
        await deps.store.jobControls.set(job.id, true, 'casebridge', reason);
        await deps.store.auditLog.record({
          actor: 'casebridge',
          action: 'jobs.pause',
          target: job.id,
          details: { reason },
        });
        deps.log.error(
          { job: job.id },
          `paused ${job.id}: ${result.error} — fix it, then \`casebridge jobs resume ${job.id}\``,
        );
      }
      const failures = await deps.store.syncRuns.consecutiveFailures(job.id);
      if (failures >= deps.policy.unhealthyAfter && !unhealthy.has(job.id)) {
        unhealthy.add(job.id);
        deps.log.error(
          { job: job.id, failures },
          `${job.id} is unhealthy: ${failures} failed runs in a row; last error: ${result.error}`,
        );
        deps.onUnhealthy?.(job, failures, result.error);
      }
      return { result, retryable: !needsAdmin(result.errorCode) };
    },

    retryDelayMs(attempt: number): number {
      return deps.policy.retryBackoffMs * 2 ** attempt;
    },
  };
}
export type Supervisor = ReturnType<typeof createSupervisor>;
