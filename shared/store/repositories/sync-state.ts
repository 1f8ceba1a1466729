import type { Kysely } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Database } from '../schema.js';

/** One checkpoint per (job, stream); the stream owns its shape, the store only keeps it. */
export function createSyncStateRepository(db: Kysely<Database>, codec: Codec) {
  return {
    async get(jobId: string, stream: string): Promise<unknown | null> {
      const row = await db
        .selectFrom('sync_state')
        .select('checkpoint')
        .where('job_id', '=', jobId)
        .where('stream', '=', stream)
        .executeTakeFirst();
      return row === undefined ? null : readJson<unknown>(row.checkpoint);
    },

    async set(
      jobId: string,
      stream: string,
      checkpoint: unknown,
      at = new Date().toISOString(),
    ): Promise<void> {
      await db
        .insertInto('sync_state')
        .values({ job_id: jobId, stream, checkpoint: codec.json(checkpoint), updated_at: at })
        .onConflict((oc) =>
          oc
            .columns(['job_id', 'stream'])
            .doUpdateSet({ checkpoint: codec.json(checkpoint), updated_at: at }),
        )
        .execute();
    },

    async list(jobId: string): Promise<{ stream: string; checkpoint: unknown; updatedAt: string }[]> {
      const rows = await db
        .selectFrom('sync_state')
        .selectAll()
        .where('job_id', '=', jobId)
        .orderBy('stream')
        .execute();
      return rows.map((r) => ({
        stream: r.stream,
        checkpoint: readJson<unknown>(r.checkpoint),
        updatedAt: r.updated_at,
      }));
    },

    /** Forgets checkpoints so the next run starts from the job's `startFrom`. */
    async clear(jobId: string, stream?: string): Promise<void> {
      let query = db.deleteFrom('sync_state').where('job_id', '=', jobId);
      if (stream !== undefined) query = query.where('stream', '=', stream);
      await query.execute();
    },
  };
}
export type SyncStateRepository = ReturnType<typeof createSyncStateRepository>;

/** Connector-owned state that is not a checkpoint, e.g. a refreshed OAuth token, per connection. */
export function createConnectorStateRepository(db: Kysely<Database>, codec: Codec) {
  return {
    async get(connectionId: string, key: string): Promise<unknown | null> {
      const row = await db
        .selectFrom('connector_state')
        .select('value')
        .where('connection_id', '=', connectionId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? null : readJson<unknown>(row.value);
    },

    async set(connectionId: string, key: string, value: unknown): Promise<void> {
      const row = { value: codec.json(value), updated_at: new Date().toISOString() };
      await db
        .insertInto('connector_state')
        .values({ connection_id: connectionId, key, ...row })
        .onConflict((oc) => oc.columns(['connection_id', 'key']).doUpdateSet(row))
        .execute();
    },
  };
}
export type ConnectorStateRepository = ReturnType<typeof createConnectorStateRepository>;
