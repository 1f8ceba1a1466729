import type { ViewOutput } from '@slack/bolt';
import { z } from 'zod';
import type { QaFlag } from '../../../shared/domain/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { sameIdentity } from '../../../shared/services/qa/errors.js';
import type { ReviewForm } from '../../../shared/services/qa/index.js';
import { COMMENT_MAX, type ReviewMeta, reviewModal, reviewSavedModal } from '../blocks/qa-review.js';
import type { SlackBotDeps } from '../deps.js';
import { findTicket } from '../qa.js';
import { refusal } from '../roles.js';
import { refuseOwnTicket, reviewerIdentity, type SlackActor, slackActor } from './identity.js';
import { QA_BLOCK, QA_VIEW } from './ids.js';
import { notifyReviewed } from './notify.js';
import { readFailedItems, readRatings, textOf, type ViewValues } from './ratings.js';
import { errorsAt, metadataOf, OUT_OF_DATE, refusalAt, type Submission, updateTo } from './submission.js';

export const REVIEWERS = ['qa', 'manager'] as const;

/**
 * Claim a flag for a Slack user and open the review form. The form is built first: a scorecard
 * too large for a modal opens a modal saying so, and nothing is claimed. Refusals (claimed by
 * someone else, the reviewer's own ticket, no scorecard) throw a CasebridgeError for the caller
 * to answer with.
 */
export async function openReview(
  deps: SlackBotDeps,
  input: { userId: string; flagId: string; triggerId: string },
): Promise<{ claimed: boolean }> {
  const form = await deps.services.qa.reviewForm(input.flagId);
  const actor = await slackActor(deps, input.userId);
  const reviewer = reviewerIdentity(
    actor,
    form.flag.status === 'claimed' ? form.flag.claimedBy : null,
    deps.qaConfig().allowSelfReview,
  );
  const view = reviewModal(form, {
    flagId: form.flag.id,
    versionId: form.scorecard.versionId,
    reviewer,
    userId: input.userId,
  });
  const claimed = view.callback_id === QA_VIEW.review;
  if (claimed) {
    if (reviewer !== actor.email) await refuseOwnTicket(deps, actor, form.ticket);
    await deps.services.qa.claim(form.flag.id, reviewer);
  }
  await deps.client.views.open({ trigger_id: input.triggerId, view });
  return { claimed };
}

const isOpen = (flag: QaFlag) => flag.status === 'open' || flag.status === 'claimed';

/**
 * `/casebridge qa review <flag id | ticket>`: a flag id, or the ticket's flag still to review —
 * the one this user claimed, else the oldest open one, else one claimed by someone else (the
 * claim then says by whom).
 */
export async function flagFromReference(
  deps: SlackBotDeps,
  reference: string,
  actor: SlackActor,
): Promise<QaFlag> {
  const byId = await deps.store.qaFlags.get(reference);
  if (byId !== null) return byId;
  const ticket = await findTicket(deps, reference);
  const flags = (await deps.store.qaFlags.listForTicket(ticket.id)).filter(isOpen);
  const mine = flags.find((f) => [actor.slackId, actor.email].some((id) => sameIdentity(id, f.claimedBy)));
  const found = mine ?? flags.find((f) => f.status === 'open') ?? flags[0];
  if (found === undefined)
    throw new CasebridgeError('qa.flag.none', `ticket ${ticket.number} has no QA flag waiting for a review`, {
      hint: `flag it first: /casebridge qa flag ${ticket.number} <reason>`,
    });
  return found;
}

const Meta: z.ZodType<ReviewMeta> = z.object({
  flagId: z.string().min(1),
  versionId: z.string().min(1),
  reviewer: z.string().min(1),
  userId: z.string().min(1),
});

/**
 * The review modal's submission: refused for non-reviewers, out-of-date forms and a scorecard
 * changed since the form opened; each rating checked against its category; then the service
 * stores it (refusing double submissions and self-review), the modal shows the score, and the
 * agent gets a DM.
 */
export async function submitReviewView(
  deps: SlackBotDeps,
  userId: string,
  view: ViewOutput,
): Promise<Submission> {
  const first = QA_BLOCK.rating(0);
  if (!(await deps.roles.may(userId, REVIEWERS)))
    return errorsAt({ [first]: refusal('review tickets', REVIEWERS) });
  const meta = metadataOf(Meta, view.private_metadata, userId);
  if (meta === null) return errorsAt({ [first]: OUT_OF_DATE });
  let form: ReviewForm;
  try {
    form = await deps.services.qa.reviewForm(meta.flagId);
  } catch (error) {
    return refusalAt(error, first);
  }
  const { definition } = form.scorecard;
  if (form.scorecard.versionId !== meta.versionId)
    return errorsAt({
      [first]: `Scorecard “${definition.name}” changed since this form was opened (now version ${form.scorecard.version}): close it and open the review again, so the ratings mean what you saw.`,
    });

  const values = view.state.values as ViewValues;
  const { ratings, errors } = readRatings(definition, values, { required: true });
  const { failed, error: failedError } = readFailedItems(definition, values);
  if (failedError !== null) errors[QA_BLOCK.failed] = failedError;
  const comment = textOf(values, QA_BLOCK.comment);
  if (comment.length > COMMENT_MAX)
    errors[QA_BLOCK.comment] = `Keep the comment under ${COMMENT_MAX} characters.`;
  if (Object.keys(errors).length > 0) return errorsAt(errors);

  try {
    const actor = await slackActor(deps, userId);
    if (meta.reviewer !== actor.email) await refuseOwnTicket(deps, actor, form.ticket);
    const { review, notification } = await deps.services.qa.submitReview({
      flagId: meta.flagId,
      reviewer: meta.reviewer,
      scorecardVersionId: meta.versionId,
      ratings,
      failedItems: failed,
      comment,
    });
    return updateTo(reviewSavedModal(review, definition, form.ticket.number), () =>
      notifyReviewed(deps, notification),
    );
  } catch (error) {
    return refusalAt(error, first);
  }
}
