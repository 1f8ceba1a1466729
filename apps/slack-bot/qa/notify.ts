import type {
  QaDispute,
  QaNotification,
  QaReview,
  Rating,
  ScorecardDefinition,
} from '../../../shared/services/qa/index.js';
import {
  disputeOutcomeMessage,
  reviewDisputedMessage,
  reviewScoredMessage,
  unreachableReviewer,
} from '../blocks/qa-notify.js';
import type { MessageBody } from '../blocks/types.js';
import type { SlackBotDeps } from '../deps.js';
import { postSafely } from '../slack-api.js';
import { directoryOf } from './directory.js';

/**
 * Turns the QA service's notifications into Slack DMs. The review or dispute is already stored
 * when this runs: a recipient casebridge cannot find in Slack, or a failed call, is logged and
 * the DM skipped — never an error for the person who acted.
 */

const ratingText = (rating: Rating | undefined) =>
  rating === undefined ? '—' : rating === 'na' ? 'N/A' : String(rating);

/** `Tone and empathy: 3 → 4` for each category the dispute proposes to change. */
export function proposalLines(
  definition: ScorecardDefinition,
  review: QaReview,
  dispute: QaDispute,
): string[] {
  const proposed = dispute.proposed;
  if (proposed === null) return [];
  return definition.categories
    .filter((c) => proposed[c.id] !== review.ratings[c.id])
    .map((c) => `${c.name}: ${ratingText(review.ratings[c.id])} → ${ratingText(proposed[c.id])}`);
}

async function dm(deps: SlackBotDeps, identity: string | null, body: MessageBody): Promise<boolean> {
  const userId = await directoryOf(deps).userIdOf(identity);
  if (userId === null) {
    deps.log.info({ to: identity }, 'QA notification not sent: no Slack user found for the recipient');
    return false;
  }
  return (await postSafely(deps, userId, body)) !== null;
}

/** review.scored → the agent, by email; marked notified once Slack took the DM. */
export async function notifyReviewed(deps: SlackBotDeps, notification: QaNotification | null): Promise<void> {
  if (notification === null) {
    deps.log.info('QA review stored; the ticket has no assignee, so nobody is told');
    return;
  }
  await guarded(deps, notification, async () => {
    const body = reviewScoredMessage(notification, deps.now());
    if (await dm(deps, notification.to.email ?? notification.to.identity, body))
      await deps.services.qa.markNotified(notification.reviewId, 'slack');
  });
}

/** review.disputed → the reviewer (`slack:U…` or an email); the QA channel when not in Slack. */
export async function notifyDisputed(
  deps: SlackBotDeps,
  input: { notification: QaNotification; dispute: QaDispute; proposal: string[] },
): Promise<void> {
  const { notification, dispute, proposal } = input;
  await guarded(deps, notification, async () => {
    const body = reviewDisputedMessage(notification, dispute.id, proposal);
    if (await dm(deps, notification.to.identity, body)) return;
    const channel = deps.slack().qaChannel;
    if (channel !== undefined)
      await postSafely(deps, channel, unreachableReviewer(body, notification.to.identity ?? 'unknown'));
  });
}

/** dispute.accepted / dispute.rejected → the agent. */
export async function notifyOutcome(deps: SlackBotDeps, notification: QaNotification): Promise<void> {
  await guarded(deps, notification, async () => {
    await dm(deps, notification.to.email ?? notification.to.identity, disputeOutcomeMessage(notification));
  });
}

/** A failure here must not look like a failed review: logged with what was not delivered. */
async function guarded(deps: SlackBotDeps, notification: QaNotification, send: () => Promise<void>) {
  try {
    await send();
  } catch (error) {
    deps.log.error(
      { err: error, kind: notification.kind, reviewId: notification.reviewId },
      'QA notification not delivered',
    );
  }
}
