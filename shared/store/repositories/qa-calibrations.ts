import type { Kysely, Selectable } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Database, QaCalibrationsTable } from '../schema.js';

/** Several reviewers scoring one ticket blind against one pinned scorecard version. */
export interface QaCalibration {
  id: string;
  ticketId: string;
  scorecardVersionId: string;
  reviewers: string[];
  startedBy: string;
  startedAt: string;
  closedAt: string | null;
}

function fromRow(r: Selectable<QaCalibrationsTable>): QaCalibration {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    scorecardVersionId: r.scorecard_version_id,
    reviewers: readJson(r.reviewers),
    startedBy: r.started_by,
    startedAt: r.started_at,
    closedAt: r.closed_at,
  };
}

export function createQaCalibrationsRepository(db: Kysely<Database>, codec: Codec) {
  return {
    async add(c: QaCalibration): Promise<void> {
      await db
        .insertInto('qa_calibrations')
        .values({
          id: c.id,
          ticket_id: c.ticketId,
          scorecard_version_id: c.scorecardVersionId,
          reviewers: codec.json(c.reviewers),
          started_by: c.startedBy,
          started_at: c.startedAt,
          closed_at: c.closedAt,
        })
        .execute();
    },

    async get(id: string): Promise<QaCalibration | null> {
      const row = await db.selectFrom('qa_calibrations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },

    async close(id: string, at: string): Promise<void> {
      await db
        .updateTable('qa_calibrations')
        .set({ closed_at: at })
        .where('id', '=', id)
        .where('closed_at', 'is', null)
        .execute();
    },
  };
}
export type QaCalibrationsRepository = ReturnType<typeof createQaCalibrationsRepository>;
