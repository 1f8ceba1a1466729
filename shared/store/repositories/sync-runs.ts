import type { Kysely, Selectable } from 'kysely';
import type { Database, SyncRunsTable } from '../schema.js';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'paused' | 'interrupted';

export interface SyncRun {
  id: number;
  jobId: string;
  trigger: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  upserted: number;
  deleted: number;
  quarantined: number;
  pages: number;
  error: string | null;
}

export interface RunCounts {
  upserted: number;
  deleted: number;
  quarantined: number;
  pages: number;
}

function runFromRow(r: Selectable<SyncRunsTable>): SyncRun {
  return {
    id: Number(r.id),
    jobId: r.job_id,
    trigger: r.trigger,
    status: r.status as RunStatus,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    upserted: Number(r.upserted),
    deleted: Number(r.deleted),
    quarantined: Number(r.quarantined),
    pages: Number(r.pages),
    error: r.error,
  };
}

export function createSyncRunsRepository(db: Kysely<Database>) {
  return {
    async start(jobId: string, trigger: string, at = new Date().toISOString()): Promise<number> {
      const row = await db
        .insertInto('sync_runs')
        .values({
          job_id: jobId,
          trigger,
          status: 'running',
          started_at: at,
          upserted: 0,
          deleted: 0,
          quarantined: 0,
          pages: 0,
          error: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** Counts are written as pages commit, so a crashed run still shows what it did. */
    async addCounts(runId: number, counts: RunCounts): Promise<void> {
      await db
        .updateTable('sync_runs')
        .set((eb) => ({
          upserted: eb('upserted', '+', counts.upserted),
          deleted: eb('deleted', '+', counts.deleted),
          quarantined: eb('quarantined', '+', counts.quarantined),
          pages: eb('pages', '+', counts.pages),
        }))
        .where('id', '=', runId)
        .execute();
    },

    async finish(
      runId: number,
      status: Exclude<RunStatus, 'running'>,
      error: string | null,
      at = new Date().toISOString(),
    ) {
      await db
        .updateTable('sync_runs')
        .set({ status, error, finished_at: at })
        .where('id', '=', runId)
        .execute();
    },

    /** A run left `running` by a process that died is marked interrupted when the job runs again. */
    async markInterrupted(jobId: string, at = new Date().toISOString()): Promise<number> {
      const result = await db
        .updateTable('sync_runs')
        .set({ status: 'interrupted', finished_at: at, error: 'the process stopped before the run finished' })
        .where('job_id', '=', jobId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async history(jobId: string, limit = 20): Promise<SyncRun[]> {
      const rows = await db
        .selectFrom('sync_runs')
        .selectAll()
        .where('job_id', '=', jobId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(runFromRow);
    },

    async last(jobId: string): Promise<SyncRun | null> {
      return (await this.history(jobId, 1))[0] ?? null;
    },

    /** Failed runs since the last success (interrupted runs do not count either way). */
    async consecutiveFailures(jobId: string, window = 50): Promise<number> {
      const runs = await this.history(jobId, window);
      let failures = 0;
      for (const run of runs) {
        if (run.status === 'succeeded') break;
        if (run.status === 'failed') failures += 1;
      }
      return failures;
    },

    async totalUpserted(jobId: string): Promise<number> {
      const row = await db
        .selectFrom('sync_runs')
        .select((eb) => eb.fn.sum<number>('upserted').as('n'))
        .where('job_id', '=', jobId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
export type SyncRunsRepository = ReturnType<typeof createSyncRunsRepository>;
