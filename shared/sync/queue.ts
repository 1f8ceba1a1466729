import PgBoss from 'pg-boss';
import type { Logger } from '../log/logger.js';
import type { RunTrigger } from './runner.js';

const QUEUE = 'casebridge-sync';

export interface QueuedRun {
  jobId: string;
  trigger: RunTrigger;
}

export interface SyncQueueOptions {
  databaseUrl: string;
  log: Logger;
  /** A run whose worker vanished (killed, lost its connection) is retried after this. */
  expireAfterMs: number;
  maintenanceIntervalMs: number;
  retryAttempts: number;
  retryBackoffMs: number;
}

export interface SyncQueue {
  /** Queues a run; null when one for this job is already waiting (the `stately` policy keeps one). */
  enqueue(run: QueuedRun): Promise<string | null>;
  /** Takes runs one at a time; a handler that throws has its run retried with backoff by pg-boss. */
  work(handler: (run: QueuedRun) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Scale-out on PostgreSQL: runs are jobs in a pg-boss queue (its own schema) that any number of
 * `casebridge worker` processes take. The `stately` policy with the job id as singleton key keeps
 * at most one queued and one active run per job; the run lock (`withRunLock`) backs that up.
 */
export async function openSyncQueue(options: SyncQueueOptions): Promise<SyncQueue> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'casebridge_queue',
    maintenanceIntervalSeconds: Math.max(1, Math.round(options.maintenanceIntervalMs / 1000)),
    monitorStateIntervalSeconds: Math.max(1, Math.round(options.maintenanceIntervalMs / 1000)),
    schedule: false,
  });
  boss.on('error', (error) => options.log.error({ err: error }, `sync queue error: ${error.message}`));
  await boss.start();
  if ((await boss.getQueue(QUEUE)) === null) {
    await boss.createQueue(QUEUE, {
      name: QUEUE,
      policy: 'stately',
      retryLimit: options.retryAttempts,
      retryDelay: Math.max(1, Math.round(options.retryBackoffMs / 1000)),
      retryBackoff: true,
      expireInSeconds: Math.max(1, Math.round(options.expireAfterMs / 1000)),
    });
  }
  return {
    enqueue: (run) => boss.send(QUEUE, run, { singletonKey: run.jobId }),
    async work(handler) {
      await boss.work<QueuedRun>(QUEUE, { pollingIntervalSeconds: 1, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data);
      });
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 30_000 }),
  };
}
