import type { QaDispute } from '../../store/repositories/qa-disputes.js';
import type { QaReview } from '../../store/repositories/qa-reviews.js';
import { agentOf, isAgent, type QaContext, ticketOrThrow } from './context.js';
import { qaError, sameIdentity } from './errors.js';
import { disputeUntil, refuseBadRatings } from './flow.js';
import { disputeNotification, type QaNotification, reviewNotification } from './notify.js';
import { type Ratings, scoreReview } from './scoring.js';

/** review → disputed (by its agent, within the window) → accepted (rescored) | rejected. */

export interface OpenDispute {
  reviewId: string;
  agent: string;
  comment: string;
  proposed?: Ratings;
}

export interface ResolveDispute {
  disputeId: string;
  by: string;
  decision: 'accept' | 'reject';
  /** The scores to keep when accepting; defaults to what the agent proposed. */
  ratings?: Ratings;
  note?: string;
}

async function reviewOrThrow(ctx: QaContext, reviewId: string): Promise<QaReview> {
  const review = await ctx.store.qaReviews.get(reviewId);
  if (review === null || review.kind !== 'review')
    throw qaError('review.unknown', `there is no review ${reviewId}`);
  return review;
}

export async function dispute(
  ctx: QaContext,
  input: OpenDispute,
): Promise<{ dispute: QaDispute; notification: QaNotification }> {
  const review = await reviewOrThrow(ctx, input.reviewId);
  const ticket = await ticketOrThrow(ctx.store, review.ticketId);
  if (!isAgent(input.agent, { id: review.agentId, email: review.agentEmail }))
    throw qaError('dispute.not-agent', `only the reviewed agent may dispute review ${review.id}`);
  if (review.status === 'disputed')
    throw qaError('dispute.open', `review ${review.id} already has an open dispute`);
  if (review.status === 'resolved')
    throw qaError('dispute.resolved', `review ${review.id} was already disputed and the dispute resolved`);
  const now = ctx.now().toISOString();
  const until = disputeUntil(ctx, review.createdAt);
  if (now > until)
    throw qaError(
      'dispute.window',
      `the dispute window for review ${review.id} closed on ${until.slice(0, 10)}`,
    );
  if (input.comment.trim() === '')
    throw qaError('dispute.comment', 'a dispute needs a comment saying what is wrong');
  const definition = await ctx.catalog.definition(review.scorecardVersionId);
  if (input.proposed !== undefined) refuseBadRatings(definition, input.proposed, {});

  const opened: QaDispute = {
    id: ctx.newId('dsp'),
    reviewId: review.id,
    agent: input.agent,
    comment: input.comment.trim(),
    proposed: input.proposed ?? null,
    status: 'open',
    openedAt: now,
    resolvedBy: null,
    resolvedAt: null,
    resolutionNote: null,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.qaDisputes.add(opened);
    await tx.qaReviews.update(review.id, { status: 'disputed' }, now);
    await tx.qaReviews.addEvent({
      reviewId: review.id,
      type: 'disputed',
      actor: input.agent,
      at: now,
      details: { disputeId: opened.id, comment: opened.comment, proposed: opened.proposed },
    });
  });
  return { dispute: opened, notification: disputeNotification(review, opened, ticket, definition) };
}

export async function resolveDispute(
  ctx: QaContext,
  input: ResolveDispute,
): Promise<{ review: QaReview; dispute: QaDispute; notification: QaNotification }> {
  const found = await ctx.store.qaDisputes.get(input.disputeId);
  if (found === null) throw qaError('dispute.unknown', `there is no dispute ${input.disputeId}`);
  if (found.status !== 'open')
    throw qaError('dispute.closed', `dispute ${found.id} was already ${found.status}`);
  const review = await reviewOrThrow(ctx, found.reviewId);
  const isLead = ctx.config().leads.some((lead) => sameIdentity(lead, input.by));
  if (!isLead && !sameIdentity(review.reviewer, input.by))
    throw qaError(
      'dispute.not-allowed',
      `only the reviewer (${review.reviewer}) or a QA lead may resolve dispute ${found.id}`,
    );
  const definition = await ctx.catalog.definition(review.scorecardVersionId);
  const now = ctx.now().toISOString();
  const rescore = input.decision === 'accept' ? acceptedRatings(definition, input, found) : null;
  const scored = rescore === null ? null : scoreReview(definition, rescore);

  await ctx.store.transaction(async (tx) => {
    const status = input.decision === 'accept' ? 'accepted' : 'rejected';
    if (!(await tx.qaDisputes.resolve(found.id, status, input.by, now, input.note ?? null)))
      throw qaError('dispute.closed', `dispute ${found.id} was resolved by someone else meanwhile`);
    await tx.qaReviews.update(
      review.id,
      scored === null || rescore === null
        ? { status: 'resolved' }
        : {
            status: 'resolved',
            ratings: rescore,
            categoryScores: scored.categories,
            score: scored.score ?? 0,
          },
      now,
    );
    await tx.qaReviews.addEvent({
      reviewId: review.id,
      type: status,
      actor: input.by,
      at: now,
      details: {
        disputeId: found.id,
        from: review.score,
        to: scored?.score ?? review.score,
        note: input.note ?? null,
      },
    });
  });
  const updated = await reviewOrThrow(ctx, review.id);
  const resolved = (await ctx.store.qaDisputes.get(found.id)) ?? found;
  const ticket = await ticketOrThrow(ctx.store, review.ticketId);
  const kind = input.decision === 'accept' ? 'dispute.accepted' : 'dispute.rejected';
  const agent =
    review.agentId === null
      ? await agentOf(ctx.store, ticket)
      : { id: review.agentId, email: review.agentEmail };
  return {
    review: updated,
    dispute: resolved,
    notification: reviewNotification(kind, updated, ticket, definition, agent, null),
  };
}

function acceptedRatings(
  definition: Parameters<typeof refuseBadRatings>[0],
  input: ResolveDispute,
  found: QaDispute,
): Ratings {
  const ratings = input.ratings ?? found.proposed;
  if (ratings === null)
    throw qaError(
      'dispute.no-scores',
      'accepting needs the corrected scores: the agent proposed none',
      'pass ratings',
    );
  refuseBadRatings(definition, ratings, {});
  return ratings;
}
