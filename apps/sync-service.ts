import type { Config } from '../shared/config/index.js';
import { errorMessage } from '../shared/errors.js';
import { lead, type Scheduler, type SyncQueue, startScheduler } from '../shared/sync/index.js';
import type { Casebridge } from './composition-root.js';
import { startEngineTimer } from './engine-timer.js';

export interface SyncService {
  readonly mode: 'embedded' | 'queue';
  /** Re-reads the config; an invalid one is rejected and the running schedule stays. */
  reload(): Promise<{ ok: true; jobs: number } | { ok: false; reason: string }>;
  /** A run now, outside the schedule (the admin API): in the background here, or queued for a worker. */
  trigger(jobId: string, full: boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the jobs of `casebridge start`. Embedded (SQLite): an in-process scheduler runs each job.
 * Queue (PostgreSQL): the one leading process schedules by enqueueing runs in pg-boss, and workers
 * (this process too, unless `worker` is false) take them.
 */
/** Something only one process should run at a time (the Slack alert monitor): it runs where scheduling does. */
export interface LeaderTask {
  start(): void;
  stop(): void | Promise<void>;
}

export async function startSyncService(
  casebridge: Casebridge,
  options: { worker: boolean; whileLeading?: readonly LeaderTask[] },
): Promise<SyncService> {
  const queue = casebridge.store.dialect === 'postgres' ? await casebridge.openQueue() : null;
  const { log, supervisor } = casebridge;
  const schedule = (config: Config): Scheduler =>
    startScheduler({
      jobs: config.jobs,
      supervisor,
      retryAttempts: queue === null ? config.scheduler.retryAttempts : 0,
      log,
      ...(queue !== null && {
        dispatch: async (job, trigger) => {
          const id = await queue.enqueue({ jobId: job.id, trigger });
          if (id === null) log.info({ job: job.id }, `a run of ${job.id} is already queued`);
        },
      }),
    });

  let scheduler: Scheduler | null = null;
  const leadership = lead(casebridge.store, () => {
    log.info('this process schedules the sync jobs');
    scheduler = schedule(casebridge.config);
    const stopTimer = startEngineTimer(casebridge);
    for (const task of options.whileLeading ?? []) task.start();
    return async () => {
      for (const task of options.whileLeading ?? []) await task.stop();
      await stopTimer();
      await scheduler?.stop();
      scheduler = null;
    };
  });
  if (queue !== null && options.worker) await startWorker(casebridge, queue);

  return {
    mode: queue === null ? 'embedded' : 'queue',
    async reload() {
      let config: Config;
      try {
        config = casebridge.reload();
      } catch (error) {
        const reason = errorMessage(error);
        log.error(`config reload rejected; the running config stays: ${reason}`);
        return { ok: false, reason };
      }
      if (scheduler !== null) {
        await scheduler.stop();
        scheduler = schedule(config);
      }
      log.info(`config reloaded: ${config.jobs.length} jobs`);
      return { ok: true, jobs: config.jobs.length };
    },
    async trigger(jobId, full) {
      const job = casebridge.job(jobId);
      const trigger = full ? 'full' : 'manual';
      if (queue !== null) {
        await queue.enqueue({ jobId, trigger });
        return;
      }
      void supervisor.runOnce(job, trigger);
    },
    async stop() {
      await leadership.stop();
      await queue?.stop();
    },
  };
}

/**
 * Takes queued runs. A run that failed in a way a retry may fix is thrown back to pg-boss, which
 * retries it with backoff; a run for a job no longer in the config is dropped with a warning.
 */
export async function startWorker(casebridge: Casebridge, queue: SyncQueue): Promise<void> {
  await queue.work(async ({ jobId }) => {
    const job = casebridge.config.jobs.find((j) => j.id === jobId);
    if (job === undefined) {
      casebridge.log.warn(`dropping a queued run of ${jobId}: no such job in the config`);
      return;
    }
    casebridge.log.info({ job: jobId, worker: process.pid }, `worker ${process.pid} took a run of ${jobId}`);
    const outcome = await casebridge.supervisor.runOnce(job, 'queue');
    casebridge.log.info(
      { job: jobId, worker: process.pid },
      `worker ${process.pid} finished ${jobId}: ${outcome.result?.status ?? 'did not run'}`,
    );
    if (outcome.result?.status === 'failed' && outcome.retryable)
      throw new Error(outcome.result.error ?? `run of ${jobId} failed`);
  });
}
