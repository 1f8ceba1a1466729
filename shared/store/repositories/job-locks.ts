import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Run locks in a table, for SQLite (several `casebridge` processes on one file). A holder renews
 * its heartbeat while it runs; a lock whose heartbeat is older than `staleAfterMs` belonged to a
 * process that died and may be taken over. PostgreSQL uses session advisory locks instead.
 */
export function createJobLocksRepository(db: Kysely<Database>) {
  return {
    async tryAcquire(jobId: string, owner: string, staleAfterMs: number, now = new Date()): Promise<boolean> {
      const at = now.toISOString();
      const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
      const result = await db
        .insertInto('job_locks')
        .values({ job_id: jobId, owner, heartbeat_at: at })
        .onConflict((oc) =>
          oc
            .column('job_id')
            .doUpdateSet({ owner, heartbeat_at: at })
            .where(sql.ref('job_locks.heartbeat_at'), '<', staleBefore),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async owner(jobId: string): Promise<string | null> {
      const row = await db
        .selectFrom('job_locks')
        .select('owner')
        .where('job_id', '=', jobId)
        .executeTakeFirst();
      return row?.owner ?? null;
    },

    /** Takes a lock from a holder known to be gone; false when someone else changed it meanwhile. */
    async takeOver(jobId: string, fromOwner: string, owner: string, now = new Date()): Promise<boolean> {
      const result = await db
        .updateTable('job_locks')
        .set({ owner, heartbeat_at: now.toISOString() })
        .where('job_id', '=', jobId)
        .where('owner', '=', fromOwner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async heartbeat(jobId: string, owner: string, now = new Date()): Promise<void> {
      await db
        .updateTable('job_locks')
        .set({ heartbeat_at: now.toISOString() })
        .where('job_id', '=', jobId)
        .where('owner', '=', owner)
        .execute();
    },

    async release(jobId: string, owner: string): Promise<void> {
      await db.deleteFrom('job_locks').where('job_id', '=', jobId).where('owner', '=', owner).execute();
    },
  };
}
export type JobLocksRepository = ReturnType<typeof createJobLocksRepository>;
