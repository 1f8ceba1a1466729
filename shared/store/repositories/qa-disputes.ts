import type { Kysely, Selectable } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Database, QaDisputesTable } from '../schema.js';

export type QaDisputeStatus = 'open' | 'accepted' | 'rejected';

/** An agent's objection to a review: a comment, optionally the scores they think are right. */
export interface QaDispute {
  id: string;
  reviewId: string;
  agent: string;
  comment: string;
  proposed: Record<string, number | 'na'> | null;
  status: QaDisputeStatus;
  openedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

function fromRow(r: Selectable<QaDisputesTable>): QaDispute {
  return {
    id: r.id,
    reviewId: r.review_id,
    agent: r.agent,
    comment: r.comment,
    proposed: r.proposed === null ? null : readJson(r.proposed),
    status: r.status as QaDisputeStatus,
    openedAt: r.opened_at,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    resolutionNote: r.resolution_note,
  };
}

export function createQaDisputesRepository(db: Kysely<Database>, codec: Codec) {
  const select = () => db.selectFrom('qa_disputes').selectAll();
  return {
    async add(d: QaDispute): Promise<void> {
      await db
        .insertInto('qa_disputes')
        .values({
          id: d.id,
          review_id: d.reviewId,
          agent: d.agent,
          comment: d.comment,
          proposed: d.proposed === null ? null : codec.json(d.proposed),
          status: d.status,
          opened_at: d.openedAt,
          resolved_by: d.resolvedBy,
          resolved_at: d.resolvedAt,
          resolution_note: d.resolutionNote,
        })
        .execute();
    },

    async get(id: string): Promise<QaDispute | null> {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },

    async listForReview(reviewId: string): Promise<QaDispute[]> {
      const rows = await select().where('review_id', '=', reviewId).orderBy('opened_at').execute();
      return rows.map(fromRow);
    },

    /** open → accepted|rejected, only if still open: two leads resolving at once get one winner. */
    async resolve(
      id: string,
      status: 'accepted' | 'rejected',
      by: string,
      at: string,
      note: string | null,
    ): Promise<boolean> {
      const result = await db
        .updateTable('qa_disputes')
        .set({ status, resolved_by: by, resolved_at: at, resolution_note: note })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async listOpen(): Promise<QaDispute[]> {
      const rows = await select().where('status', '=', 'open').orderBy('opened_at').execute();
      return rows.map(fromRow);
    },
  };
}
export type QaDisputesRepository = ReturnType<typeof createQaDisputesRepository>;
