import { Cron } from 'croner';
import type { JobConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  if (match === null) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * The embedded scheduler: runs each enabled job on its `every` interval (first run at start) or
 * its `cron` schedule, in this process. A tick that finds its job still running is skipped, so a
 * job never runs twice at once here. `stop` cancels future ticks and waits for runs in flight.
 */
export function startScheduler(
  jobs: readonly JobConfig[],
  run: (job: JobConfig) => Promise<unknown>,
  log: Logger,
): Scheduler {
  const inFlight = new Map<string, Promise<unknown>>();
  const cancels: (() => void)[] = [];
  let stopped = false;

  const tick = (job: JobConfig) => {
    if (stopped || inFlight.has(job.id)) {
      if (!stopped)
        log.info({ job: job.id }, `skipping a scheduled run of ${job.id}: the previous one is still running`);
      return;
    }
    const running = run(job)
      .catch((error: unknown) => log.error({ job: job.id, err: error }, `scheduled run of ${job.id} failed`))
      .finally(() => inFlight.delete(job.id));
    inFlight.set(job.id, running);
  };

  for (const job of jobs) {
    if (!job.enabled) continue;
    if (job.every !== undefined) {
      const timer = setInterval(() => tick(job), parseDuration(job.every));
      cancels.push(() => clearInterval(timer));
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
      await Promise.allSettled(inFlight.values());
    },
  };
}
