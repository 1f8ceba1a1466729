import type { ViewOutput } from '@slack/bolt';
import { z } from 'zod';
import { CasebridgeError } from '../../../shared/errors.js';
import type { QaDispute, QaReview, Ratings } from '../../../shared/services/qa/index.js';
import { ScorecardDefinition } from '../../../shared/services/qa/scorecard.js';
import { type DisputeMeta, disputeModal, type ResolveMeta, resolveModal } from '../blocks/qa-dispute.js';
import { COMMENT_MAX, infoModal } from '../blocks/qa-review.js';
import type { SlackBotDeps } from '../deps.js';
import { refusal } from '../roles.js';
import { agentIdentity, mayResolve, resolverIdentity, slackActor } from './identity.js';
import { QA_BLOCK } from './ids.js';
import { notifyDisputed, notifyOutcome, proposalLines } from './notify.js';
import { readRatings, textOf, type ViewValues } from './ratings.js';
import { errorsAt, metadataOf, OUT_OF_DATE, refusalAt, type Submission, updateTo } from './submission.js';

/** Anyone with a role may press Dispute; the service then checks they are the reviewed agent. */
export const DISPUTERS = ['agent', 'qa', 'manager'] as const;
/** Accept / Reject: QA staff or managers, and of them only the reviewer or a QA lead. */
export const RESOLVERS = ['qa', 'manager'] as const;

/** The scorecard version a review was scored against (pinned in the store when it was submitted). */
async function definitionOf(deps: SlackBotDeps, review: QaReview): Promise<ScorecardDefinition> {
  const stored = await deps.store.qaScorecards.get(review.scorecardVersionId);
  if (stored === null)
    throw new CasebridgeError(
      'qa.scorecard.unknown',
      `scorecard version ${review.scorecardVersionId} is not known`,
    );
  return ScorecardDefinition.parse(stored.definition);
}

async function reviewOrThrow(deps: SlackBotDeps, reviewId: string): Promise<QaReview> {
  const review = await deps.store.qaReviews.get(reviewId);
  if (review === null || review.kind !== 'review')
    throw new CasebridgeError('qa.review.unknown', `there is no review ${reviewId}`);
  return review;
}

async function ticketNumber(deps: SlackBotDeps, ticketId: string): Promise<string> {
  return (await deps.store.tickets.get(ticketId))?.number ?? ticketId;
}

/**
 * Dispute (in the agent's DM): the modal for the reason. What the service would refuse anyway
 * (an open or settled dispute, a closed window) is said now rather than after typing a reason.
 */
export async function openDispute(
  deps: SlackBotDeps,
  input: { userId: string; reviewId: string; triggerId: string },
): Promise<void> {
  const review = await reviewOrThrow(deps, input.reviewId);
  if (review.status === 'disputed')
    throw new CasebridgeError('qa.dispute.open', 'this review is already disputed; the reviewer will answer');
  if (review.status === 'resolved')
    throw new CasebridgeError(
      'qa.dispute.resolved',
      'this review was already disputed and the dispute settled',
    );
  const until = new Date(Date.parse(review.createdAt) + deps.qaConfig().disputeWindowDays * 86_400_000);
  if (deps.now() > until)
    throw new CasebridgeError(
      'qa.dispute.window',
      `the dispute window for this review closed on ${until.toISOString().slice(0, 10)}`,
    );
  const view = disputeModal({
    review,
    definition: await definitionOf(deps, review),
    ticketNumber: await ticketNumber(deps, review.ticketId),
    meta: { reviewId: review.id, userId: input.userId },
  });
  await deps.client.views.open({ trigger_id: input.triggerId, view });
}

const DisputeMetaSchema: z.ZodType<DisputeMeta> = z.object({
  reviewId: z.string().min(1),
  userId: z.string().min(1),
});

/** The dispute modal's submission: the agent (by Slack email) disputes; the reviewer gets a DM. */
export async function submitDisputeView(
  deps: SlackBotDeps,
  userId: string,
  view: ViewOutput,
): Promise<Submission> {
  const at = QA_BLOCK.comment;
  if (!(await deps.roles.may(userId, DISPUTERS)))
    return errorsAt({ [at]: refusal('dispute reviews', DISPUTERS) });
  const meta = metadataOf(DisputeMetaSchema, view.private_metadata, userId);
  if (meta === null) return errorsAt({ [at]: OUT_OF_DATE });
  try {
    const review = await reviewOrThrow(deps, meta.reviewId);
    const definition = await definitionOf(deps, review);
    const values = view.state.values as ViewValues;
    const read = readRatings(definition, values, { required: false, initial: review.ratings });
    const comment = textOf(values, at);
    if (comment === '') read.errors[at] = 'Say what is wrong with the review.';
    if (comment.length > COMMENT_MAX) read.errors[at] = `Keep it under ${COMMENT_MAX} characters.`;
    if (Object.keys(read.errors).length > 0) return errorsAt(read.errors);
    const agent = agentIdentity(await slackActor(deps, userId));
    const proposed: Ratings | undefined = read.changed.length === 0 ? undefined : read.ratings;
    const opened = await deps.services.qa.dispute({
      reviewId: review.id,
      agent,
      comment,
      ...(proposed !== undefined && { proposed }),
    });
    return updateTo(
      infoModal(
        'Dispute sent',
        ':incoming_envelope: Your dispute went to the reviewer. You will get a DM with the outcome.',
      ),
      () =>
        notifyDisputed(deps, {
          notification: opened.notification,
          dispute: opened.dispute,
          proposal: proposalLines(definition, review, opened.dispute),
        }),
    );
  } catch (error) {
    return refusalAt(error, at);
  }
}

async function openDisputeOrThrow(deps: SlackBotDeps, disputeId: string): Promise<QaDispute> {
  const dispute = await deps.store.qaDisputes.get(disputeId);
  if (dispute === null) throw new CasebridgeError('qa.dispute.unknown', `there is no dispute ${disputeId}`);
  if (dispute.status !== 'open')
    throw new CasebridgeError(
      'qa.dispute.closed',
      `this dispute was already ${dispute.status}${dispute.resolvedBy === null ? '' : ` by ${dispute.resolvedBy}`}`,
    );
  return dispute;
}

/** Accept / Reject (in the reviewer's DM): only the reviewer or a QA lead; then the modal. */
export async function openResolve(
  deps: SlackBotDeps,
  input: { userId: string; disputeId: string; decision: 'accept' | 'reject'; triggerId: string },
): Promise<void> {
  const dispute = await openDisputeOrThrow(deps, input.disputeId);
  const review = await reviewOrThrow(deps, dispute.reviewId);
  if (!mayResolve(await slackActor(deps, input.userId), review.reviewer, deps.qaConfig().leads))
    throw new CasebridgeError(
      'qa.dispute.not-allowed',
      `only the reviewer (${review.reviewer}) or a QA lead may answer this dispute`,
      { hint: 'QA leads are listed under qa.leads' },
    );
  const view = resolveModal({
    decision: input.decision,
    dispute,
    review,
    definition: await definitionOf(deps, review),
    meta: { disputeId: dispute.id, decision: input.decision, userId: input.userId },
  });
  await deps.client.views.open({ trigger_id: input.triggerId, view });
}

const ResolveMetaSchema: z.ZodType<ResolveMeta> = z.object({
  disputeId: z.string().min(1),
  decision: z.enum(['accept', 'reject']),
  userId: z.string().min(1),
});

/** The resolve modal's submission: rescored (accept) or kept (reject); the agent is told. */
export async function submitResolveView(
  deps: SlackBotDeps,
  userId: string,
  view: ViewOutput,
): Promise<Submission> {
  const at = QA_BLOCK.note;
  if (!(await deps.roles.may(userId, RESOLVERS)))
    return errorsAt({ [at]: refusal('answer QA disputes', RESOLVERS) });
  const meta = metadataOf(ResolveMetaSchema, view.private_metadata, userId);
  if (meta === null) return errorsAt({ [at]: OUT_OF_DATE });
  try {
    const dispute = await openDisputeOrThrow(deps, meta.disputeId);
    const review = await reviewOrThrow(deps, dispute.reviewId);
    const definition = await definitionOf(deps, review);
    const values = view.state.values as ViewValues;
    const note = textOf(values, at);
    if (note.length > COMMENT_MAX)
      return errorsAt({ [at]: `Keep the note under ${COMMENT_MAX} characters.` });
    // A scorecard too large for the modal has no rating inputs: accepting keeps the proposal.
    const rated = QA_BLOCK.rating(0) in values;
    let ratings: Ratings | undefined;
    if (meta.decision === 'accept' && rated) {
      const read = readRatings(definition, values, { required: true });
      if (Object.keys(read.errors).length > 0) return errorsAt(read.errors);
      ratings = read.ratings;
    }
    const actor = await slackActor(deps, userId);
    const resolved = await deps.services.qa.resolveDispute({
      disputeId: dispute.id,
      by: resolverIdentity(actor, review.reviewer, deps.qaConfig().leads),
      decision: meta.decision,
      ...(ratings !== undefined && { ratings }),
      ...(note !== '' && { note }),
    });
    const outcome =
      meta.decision === 'accept'
        ? `:white_check_mark: Accepted: the review now scores *${resolved.notification.score}%*.`
        : `:x: Rejected: the review keeps *${resolved.notification.score}%*.`;
    return updateTo(infoModal('Dispute answered', `${outcome} The agent is told by DM.`), () =>
      notifyOutcome(deps, resolved.notification),
    );
  } catch (error) {
    return refusalAt(error, at);
  }
}
