import type { QaFlag, Ticket } from '../../domain/index.js';
import type { QaReview } from '../../store/repositories/qa-reviews.js';
import {
  agentOf,
  isAgent,
  isUniqueViolation,
  type QaContext,
  refuseSelfReview,
  ticketOrThrow,
} from './context.js';
import { qaError, sameIdentity } from './errors.js';
import { type QaNotification, reviewNotification } from './notify.js';
import type { Scorecard, ScorecardDefinition } from './scorecard.js';
import { type Ratings, ratingProblems, scoreReview } from './scoring.js';

/** Flag → claim → review → notify. Disputes and calibration live in their own modules. */

export interface ReviewForm {
  flag: QaFlag;
  ticket: Ticket;
  /** Pass `scorecard.versionId` back with the ratings: a changed scorecard is then caught. */
  scorecard: Scorecard;
}

export interface SubmitReview {
  flagId: string;
  reviewer: string;
  scorecardVersionId: string;
  ratings: Ratings;
  comment: string;
  failedItems?: Record<string, string[]>;
}

async function flagOrThrow(ctx: QaContext, flagId: string): Promise<QaFlag> {
  const flag = await ctx.store.qaFlags.get(flagId);
  if (flag === null) throw qaError('flag.unknown', `there is no QA flag ${flagId}`, 'see the queue');
  return flag;
}

function scorecardFor(ctx: QaContext, ticket: Ticket): Scorecard {
  const scorecard = ctx.catalog.forTicket(ticket);
  if (scorecard === null)
    throw qaError(
      'scorecard.none',
      `no scorecard applies to ticket ${ticket.number} (channel ${ticket.channel})`,
      'add a scorecard whose appliesTo matches it, or one without appliesTo as the catch-all',
    );
  return scorecard;
}

/** open → claimed. Claiming your own claim again is a no-op; anything else is refused. */
export async function claim(ctx: QaContext, flagId: string, reviewer: string): Promise<QaFlag> {
  const flag = await flagOrThrow(ctx, flagId);
  if (flag.status === 'claimed' && sameIdentity(flag.claimedBy, reviewer)) return flag;
  if (flag.status !== 'open') throw notOpen(flag);
  await refuseSelfReview(ctx, await ticketOrThrow(ctx.store, flag.ticketId), reviewer);
  if (!(await ctx.store.qaReviews.claimFlag(flagId, reviewer, ctx.now().toISOString())))
    throw notOpen(await flagOrThrow(ctx, flagId));
  return flagOrThrow(ctx, flagId);
}

function notOpen(flag: QaFlag) {
  if (flag.status === 'claimed')
    return qaError('flag.claimed', `flag ${flag.id} is already claimed by ${flag.claimedBy ?? 'someone'}`);
  return qaError('flag.closed', `flag ${flag.id} is ${flag.status}; there is nothing left to review`);
}

/**
 * Round-robin: the oldest open flag goes to the configured reviewer with the fewest claimed
 * flags (ties in config order), never to the agent of the ticket. Null when nothing is open.
 */
export async function assignNext(ctx: QaContext): Promise<QaFlag | null> {
  const reviewers = ctx.config().reviewers;
  if (reviewers.length === 0)
    throw qaError('reviewers.none', 'no reviewers to assign to', 'list them under qa.reviewers');
  const load = await ctx.store.qaReviews.claimedCounts();
  for (const flag of await ctx.store.qaFlags.queue(200)) {
    if (flag.status !== 'open') continue;
    const agent = await agentOf(ctx.store, await ticketOrThrow(ctx.store, flag.ticketId));
    const eligible = reviewers.filter((r) => ctx.config().allowSelfReview || !isAgent(r, agent));
    eligible.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0));
    const reviewer = eligible[0];
    if (reviewer === undefined) continue;
    if (await ctx.store.qaReviews.claimFlag(flag.id, reviewer, ctx.now().toISOString()))
      return flagOrThrow(ctx, flag.id);
  }
  return null;
}

/** open|claimed → discarded: not worth a review (duplicate flag, spam ticket). */
export async function discard(ctx: QaContext, flagId: string, actor: string): Promise<QaFlag> {
  const flag = await flagOrThrow(ctx, flagId);
  if (flag.status === 'reviewed' || flag.status === 'discarded') throw notOpen(flag);
  await ctx.store.qaFlags.setStatus(flagId, 'discarded');
  await ctx.store.auditLog.record({
    actor,
    action: 'qa.discard',
    target: flag.ticketId,
    details: { flagId },
    at: ctx.now().toISOString(),
  });
  return flagOrThrow(ctx, flagId);
}

/** What a review modal needs: the flag, its ticket and the scorecard (one input per category). */
export async function reviewForm(ctx: QaContext, flagId: string): Promise<ReviewForm> {
  const flag = await flagOrThrow(ctx, flagId);
  const ticket = await ticketOrThrow(ctx.store, flag.ticketId);
  return { flag, ticket, scorecard: scorecardFor(ctx, ticket) };
}

/** The version the form was opened with must still be current: scores mean what the reviewer saw. */
export function refuseSuperseded(current: Scorecard, versionId: string): void {
  if (current.versionId === versionId) return;
  throw qaError(
    'scorecard.superseded',
    `this review was opened with scorecard ${versionId}, but ${current.versionId} applies now`,
    'reopen the review form and score against the current version',
  );
}

export function refuseBadRatings(
  definition: ScorecardDefinition,
  ratings: Ratings,
  failed: Record<string, string[]>,
) {
  const problems = ratingProblems(definition, ratings);
  for (const [categoryId, items] of Object.entries(failed)) {
    const category = definition.categories.find((c) => c.id === categoryId);
    const known = new Set(category?.checklist.map((i) => i.id) ?? []);
    for (const item of items)
      if (!known.has(item))
        problems.push(`"${categoryId}/${item}" is not a checklist item of "${definition.id}"`);
  }
  if (problems.length > 0)
    throw qaError('ratings.invalid', `the review cannot be scored: ${problems.join('; ')}`);
}

/** claimed (or open) → reviewed: scores the ratings, stores the review, returns who to tell. */
export async function submitReview(
  ctx: QaContext,
  input: SubmitReview,
): Promise<{ review: QaReview; notification: QaNotification | null }> {
  const { flag, ticket, scorecard } = await reviewForm(ctx, input.flagId);
  if (flag.status === 'reviewed' || (await ctx.store.qaReviews.findByDedupeKey(`flag:${flag.id}`)) !== null)
    throw qaError(
      'review.duplicate',
      `flag ${flag.id} has already been reviewed`,
      'a dispute can change a score',
    );
  if (flag.status === 'discarded') throw notOpen(flag);
  if (flag.status === 'claimed' && !sameIdentity(flag.claimedBy, input.reviewer))
    throw qaError(
      'flag.claimed',
      `flag ${flag.id} is claimed by ${flag.claimedBy ?? 'someone'}, not ${input.reviewer}`,
    );
  await refuseSelfReview(ctx, ticket, input.reviewer);
  refuseSuperseded(scorecard, input.scorecardVersionId);
  const failedItems = input.failedItems ?? {};
  refuseBadRatings(scorecard.definition, input.ratings, failedItems);

  const at = ctx.now().toISOString();
  const agent = await agentOf(ctx.store, ticket);
  const scored = scoreReview(scorecard.definition, input.ratings);
  const review: QaReview = {
    id: ctx.newId('rev'),
    kind: 'review',
    flagId: flag.id,
    calibrationId: null,
    ticketId: ticket.id,
    scorecardVersionId: scorecard.versionId,
    reviewer: input.reviewer,
    agentId: agent.id,
    agentEmail: agent.email,
    groupId: ticket.groupId,
    ratings: input.ratings,
    failedItems,
    categoryScores: scored.categories,
    score: scored.score ?? 0,
    comment: input.comment,
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
    notifiedAt: null,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await ctx.catalog.pin(tx, scorecard, at);
      await tx.qaReviews.insert(review);
      await tx.qaReviews.addEvent({
        reviewId: review.id,
        type: 'submitted',
        actor: input.reviewer,
        at,
        details: { score: review.score },
      });
      if (flag.status === 'open') await tx.qaReviews.claimFlag(flag.id, input.reviewer, at);
      await tx.qaFlags.setStatus(flag.id, 'reviewed');
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw qaError('review.duplicate', `flag ${flag.id} has already been reviewed`);
    throw error;
  }
  const until = disputeUntil(ctx, at);
  const notification =
    agent.id === null
      ? null
      : reviewNotification('review.scored', review, ticket, scorecard.definition, agent, until);
  return { review, notification };
}

export function disputeUntil(ctx: QaContext, reviewedAt: string): string {
  return new Date(Date.parse(reviewedAt) + ctx.config().disputeWindowDays * 86_400_000).toISOString();
}

/** The surface delivered the notification: recorded in the review's history. */
export async function markNotified(ctx: QaContext, reviewId: string, channel: string): Promise<void> {
  const at = ctx.now().toISOString();
  await ctx.store.qaReviews.update(reviewId, { notifiedAt: at }, at);
  await ctx.store.qaReviews.addEvent({ reviewId, type: 'notified', actor: channel, at, details: {} });
}
