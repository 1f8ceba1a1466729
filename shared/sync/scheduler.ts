import { Cron } from 'croner';
import type { JobConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { RunTrigger } from './runner.js';
import type { Supervisor } from './supervisor.js';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  if (match === null) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export interface Scheduler {
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  jobs: readonly JobConfig[];
  supervisor: Supervisor;
  retryAttempts: number;
  log: Logger;
  /** What a tick does; by default it runs the job here. In queue mode it enqueues it instead. */
  dispatch?(job: JobConfig, trigger: RunTrigger): Promise<void>;
}

/**
 * The embedded scheduler: runs each enabled job on its `every` interval (first run at start) or
 * its `cron` schedule. A tick that finds its job still running is skipped, so a job never runs
 * twice at once here; a failed run is retried with exponential backoff up to `retryAttempts`
 * times. `stop` cancels future ticks and retries and waits for runs in flight.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { supervisor, log } = options;
  const inFlight = new Map<string, Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const cancels: (() => void)[] = [];
  let stopped = false;

  const runHere = async (job: JobConfig, trigger: RunTrigger, attempt: number): Promise<void> => {
    const outcome = await supervisor.runOnce(job, trigger);
    if (
      outcome.result?.status !== 'failed' ||
      !outcome.retryable ||
      attempt >= options.retryAttempts ||
      stopped
    )
      return;
    const delay = supervisor.retryDelayMs(attempt);
    log.warn(
      { job: job.id },
      `retrying ${job.id} in ${Math.round(delay / 1000)}s (attempt ${attempt + 1} of ${options.retryAttempts})`,
    );
    const timer = setTimeout(() => {
      timers.delete(timer);
      tick(job, 'retry', attempt + 1);
    }, delay);
    timers.add(timer);
  };

  const tick = (job: JobConfig, trigger: RunTrigger = 'schedule', attempt = 0) => {
    if (stopped) return;
    if (inFlight.has(job.id)) {
      log.info({ job: job.id }, `skipping a ${trigger} run of ${job.id}: the previous one is still running`);
      return;
    }
    const work = options.dispatch ? options.dispatch(job, trigger) : runHere(job, trigger, attempt);
    const running = work
      .catch((error: unknown) => log.error({ job: job.id, err: error }, `scheduled run of ${job.id} failed`))
      .finally(() => inFlight.delete(job.id));
    inFlight.set(job.id, running);
  };

  for (const job of options.jobs) {
    if (!job.enabled) continue;
    if (job.every !== undefined) {
      const interval = setInterval(() => tick(job), parseDuration(job.every));
      cancels.push(() => clearInterval(interval));
      queueMicrotask(() => tick(job));
    } else if (job.cron !== undefined) {
      const cron = new Cron(job.cron, () => tick(job));
      cancels.push(() => cron.stop());
    }
  }

  return {
    async stop() {
      stopped = true;
      for (const cancel of cancels) cancel();
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled(inFlight.values());
    },
  };
}
