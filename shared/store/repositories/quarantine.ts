import type { Kysely, Selectable } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Database, QuarantineTable } from '../schema.js';

/** A record a connector could not turn into the domain model, kept with its raw JSON and the reason. */
export interface QuarantinedRecord {
  id: number;
  jobId: string;
  stream: string;
  source: string;
  externalId: string | null;
  reason: string;
  raw: unknown;
  createdAt: string;
}

export type NewQuarantinedRecord = Omit<QuarantinedRecord, 'id' | 'createdAt'>;

function fromRow(r: Selectable<QuarantineTable>): QuarantinedRecord {
  return {
    id: Number(r.id),
    jobId: r.job_id,
    stream: r.stream,
    source: r.source,
    externalId: r.external_id,
    reason: r.reason,
    raw: readJson<unknown>(r.raw),
    createdAt: r.created_at,
  };
}

export function createQuarantineRepository(db: Kysely<Database>, codec: Codec) {
  return {
    /** A record quarantined again (same job, stream and id) replaces its earlier entry instead of piling up. */
    async add(records: readonly NewQuarantinedRecord[], at = new Date().toISOString()): Promise<void> {
      for (const record of records) {
        if (record.externalId !== null) {
          await db
            .deleteFrom('quarantine')
            .where('job_id', '=', record.jobId)
            .where('stream', '=', record.stream)
            .where('external_id', '=', record.externalId)
            .execute();
        }
        await db
          .insertInto('quarantine')
          .values({
            job_id: record.jobId,
            stream: record.stream,
            source: record.source,
            external_id: record.externalId,
            reason: record.reason,
            raw: codec.json(record.raw),
            created_at: at,
          })
          .execute();
      }
    },

    async list(jobId?: string, limit = 100): Promise<QuarantinedRecord[]> {
      let query = db.selectFrom('quarantine').selectAll().orderBy('id').limit(limit);
      if (jobId !== undefined) query = query.where('job_id', '=', jobId);
      return (await query.execute()).map(fromRow);
    },

    async get(id: number): Promise<QuarantinedRecord | null> {
      const row = await db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },

    async remove(id: number): Promise<boolean> {
      const result = await db.deleteFrom('quarantine').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async count(jobId?: string): Promise<number> {
      let query = db.selectFrom('quarantine').select((eb) => eb.fn.countAll().as('n'));
      if (jobId !== undefined) query = query.where('job_id', '=', jobId);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },
  };
}
export type QuarantineRepository = ReturnType<typeof createQuarantineRepository>;
