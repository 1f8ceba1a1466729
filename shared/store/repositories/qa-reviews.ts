import type { Kysely, Selectable } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Database, QaReviewsTable } from '../schema.js';

export type QaReviewKind = 'review' | 'calibration';
/** `submitted` → `disputed` (an open dispute) → `resolved` (accepted or rejected). */
export type QaReviewStatus = 'submitted' | 'disputed' | 'resolved';

export interface QaReview {
  id: string;
  kind: QaReviewKind;
  flagId: string | null;
  calibrationId: string | null;
  ticketId: string;
  scorecardVersionId: string;
  reviewer: string;
  agentId: string | null;
  agentEmail: string | null;
  groupId: string | null;
  ratings: Record<string, number | 'na'>;
  /** Checklist item ids the reviewer ticked as missed, per category. */
  failedItems: Record<string, string[]>;
  categoryScores: Record<string, number>;
  score: number;
  comment: string;
  status: QaReviewStatus;
  createdAt: string;
  updatedAt: string;
  notifiedAt: string | null;
}

/** One line of a review's history: submitted, notified, disputed, accepted, rejected. */
export interface QaReviewEvent {
  reviewId: string;
  type: string;
  actor: string;
  at: string;
  details: Record<string, unknown>;
}

function fromRow(r: Selectable<QaReviewsTable>): QaReview {
  return {
    id: r.id,
    kind: r.kind as QaReviewKind,
    flagId: r.flag_id,
    calibrationId: r.calibration_id,
    ticketId: r.ticket_id,
    scorecardVersionId: r.scorecard_version_id,
    reviewer: r.reviewer,
    agentId: r.agent_id,
    agentEmail: r.agent_email,
    groupId: r.group_id,
    ratings: readJson(r.ratings),
    failedItems: readJson(r.failed_items),
    categoryScores: readJson(r.category_scores),
    score: Number(r.score),
    comment: r.comment,
    status: r.status as QaReviewStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    notifiedAt: r.notified_at,
  };
}

export function dedupeKey(review: Pick<QaReview, 'kind' | 'flagId' | 'calibrationId' | 'reviewer'>): string {
  return review.kind === 'calibration'
    ? `calibration:${review.calibrationId}:${review.reviewer}`
    : `flag:${review.flagId}`;
}

export function createQaReviewsRepository(db: Kysely<Database>, codec: Codec) {
  const select = () => db.selectFrom('qa_reviews').selectAll();
  return {
    /** open → claimed, only if still open: two reviewers claiming at once get one winner. */
    async claimFlag(flagId: string, reviewer: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('qa_flags')
        .set({ status: 'claimed', claimed_by: reviewer, claimed_at: at })
        .where('id', '=', flagId)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Flags claimed and not yet reviewed, per reviewer: the load round-robin balances. */
    async claimedCounts(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('qa_flags')
        .select(['claimed_by', (eb) => eb.fn.countAll().as('n')])
        .where('status', '=', 'claimed')
        .groupBy('claimed_by')
        .execute();
      return new Map(rows.map((r) => [r.claimed_by ?? '', Number(r.n)]));
    },

    async insert(review: QaReview): Promise<void> {
      await db
        .insertInto('qa_reviews')
        .values({
          id: review.id,
          dedupe_key: dedupeKey(review),
          kind: review.kind,
          flag_id: review.flagId,
          calibration_id: review.calibrationId,
          ticket_id: review.ticketId,
          scorecard_version_id: review.scorecardVersionId,
          reviewer: review.reviewer,
          agent_id: review.agentId,
          agent_email: review.agentEmail,
          group_id: review.groupId,
          ratings: codec.json(review.ratings),
          failed_items: codec.json(review.failedItems),
          category_scores: codec.json(review.categoryScores),
          score: review.score,
          comment: review.comment,
          status: review.status,
          created_at: review.createdAt,
          updated_at: review.updatedAt,
          notified_at: review.notifiedAt,
        })
        .execute();
    },

    async findByDedupeKey(key: string): Promise<QaReview | null> {
      const row = await select().where('dedupe_key', '=', key).executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },

    async get(id: string): Promise<QaReview | null> {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },

    /** A rescore (accepted dispute) or a status change; ratings and score move together. */
    async update(
      id: string,
      fields: Partial<Pick<QaReview, 'ratings' | 'categoryScores' | 'score' | 'status' | 'notifiedAt'>>,
      at: string,
    ): Promise<void> {
      await db
        .updateTable('qa_reviews')
        .set({
          updated_at: at,
          ...(fields.ratings !== undefined && { ratings: codec.json(fields.ratings) }),
          ...(fields.categoryScores !== undefined && { category_scores: codec.json(fields.categoryScores) }),
          ...(fields.score !== undefined && { score: fields.score }),
          ...(fields.status !== undefined && { status: fields.status }),
          ...(fields.notifiedAt !== undefined && { notified_at: fields.notifiedAt }),
        })
        .where('id', '=', id)
        .execute();
    },

    async listForTicket(ticketId: string): Promise<QaReview[]> {
      const rows = await select().where('ticket_id', '=', ticketId).orderBy('created_at', 'desc').execute();
      return rows.map(fromRow);
    },

    async listForCalibration(calibrationId: string): Promise<QaReview[]> {
      const rows = await select().where('calibration_id', '=', calibrationId).orderBy('created_at').execute();
      return rows.map(fromRow);
    },

    /** Reviews of one kind created in [from, to), oldest first. */
    async listCreated(kind: QaReviewKind, from: string, to: string): Promise<QaReview[]> {
      const rows = await select()
        .where('kind', '=', kind)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },

    async addEvent(event: QaReviewEvent): Promise<void> {
      await db
        .insertInto('qa_review_events')
        .values({
          review_id: event.reviewId,
          type: event.type,
          actor: event.actor,
          at: event.at,
          details: codec.json(event.details),
        })
        .execute();
    },

    async history(reviewId: string): Promise<QaReviewEvent[]> {
      const rows = await db
        .selectFrom('qa_review_events')
        .selectAll()
        .where('review_id', '=', reviewId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        reviewId: r.review_id,
        type: r.type,
        actor: r.actor,
        at: r.at,
        details: readJson(r.details),
      }));
    },
  };
}
export type QaReviewsRepository = ReturnType<typeof createQaReviewsRepository>;
