import type { Kysely } from 'kysely';
import { type Codec, readBool } from '../codec.js';
import type { Database } from '../schema.js';

export interface JobControl {
  jobId: string;
  paused: boolean;
  /** Why: an admin's pause, or casebridge pausing a job whose credentials were rejected. */
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

/** Admin state of jobs (paused or not), and streams restarted from a chosen date. */
export function createJobControlsRepository(db: Kysely<Database>, codec: Codec) {
  return {
    async get(jobId: string): Promise<JobControl | null> {
      const row = await db
        .selectFrom('job_controls')
        .selectAll()
        .where('job_id', '=', jobId)
        .executeTakeFirst();
      if (row === undefined) return null;
      return {
        jobId: row.job_id,
        paused: readBool(row.paused),
        reason: row.reason,
        changedBy: row.changed_by,
        changedAt: row.changed_at,
      };
    },

    async isPaused(jobId: string): Promise<boolean> {
      return (await this.get(jobId))?.paused ?? false;
    },

    async set(
      jobId: string,
      paused: boolean,
      changedBy: string,
      reason: string | null,
      at = new Date().toISOString(),
    ) {
      const row = { paused: codec.bool(paused), reason, changed_by: changedBy, changed_at: at };
      await db
        .insertInto('job_controls')
        .values({ job_id: jobId, ...row })
        .onConflict((oc) => oc.column('job_id').doUpdateSet(row))
        .execute();
    },

    /** The next run of this stream starts at `startFrom` instead of the job's own (set by `jobs reset --from`). */
    async restartStreamFrom(jobId: string, stream: string, startFrom: string): Promise<void> {
      await db
        .insertInto('stream_restarts')
        .values({ job_id: jobId, stream, start_from: startFrom })
        .onConflict((oc) => oc.columns(['job_id', 'stream']).doUpdateSet({ start_from: startFrom }))
        .execute();
    },

    async streamStart(jobId: string, stream: string): Promise<string | null> {
      const row = await db
        .selectFrom('stream_restarts')
        .select('start_from')
        .where('job_id', '=', jobId)
        .where('stream', '=', stream)
        .executeTakeFirst();
      return row?.start_from ?? null;
    },

    async clearStreamStart(jobId: string, stream?: string): Promise<void> {
      let query = db.deleteFrom('stream_restarts').where('job_id', '=', jobId);
      if (stream !== undefined) query = query.where('stream', '=', stream);
      await query.execute();
    },
  };
}
export type JobControlsRepository = ReturnType<typeof createJobControlsRepository>;
