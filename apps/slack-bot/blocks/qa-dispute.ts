import type { QaDispute, QaReview, Ratings, ScorecardDefinition } from '../../../shared/services/qa/index.js';
import { round2 } from '../../../shared/services/qa/index.js';
import { QA_BLOCK, QA_VIEW } from '../qa/ids.js';
import { context, plain } from './common.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import { personText } from './qa-format.js';
import { ratingInput, textArea } from './qa-inputs.js';
import { COMMENT_MAX, infoModal } from './qa-review.js';
import type { Block, ModalView } from './types.js';

/** The dispute and resolve modals: two context lines and one text input besides the ratings. */
const FIXED_BLOCKS = 3;
const MAX_CATEGORIES = LIMITS.viewBlocks - FIXED_BLOCKS;

export interface DisputeMeta {
  reviewId: string;
  userId: string;
}

export interface ResolveMeta {
  disputeId: string;
  decision: 'accept' | 'reject';
  userId: string;
}

function ratingInputs(definition: ScorecardDefinition, initial: Ratings, optional: boolean): Block[] {
  return definition.categories.map((category, index) =>
    ratingInput(category, index, { optional, initial: initial[category.id] }),
  );
}

/**
 * The agent's dispute: what is wrong (required) and, optionally, the ratings they propose — the
 * selects start at the current ratings, and only the changed ones make a proposal.
 */
export function disputeModal(input: {
  review: QaReview;
  definition: ScorecardDefinition;
  ticketNumber: string;
  meta: DisputeMeta;
}): ModalView {
  const { review, definition } = input;
  const fits = definition.categories.length <= MAX_CATEGORIES;
  const comment = review.comment.trim() === '' ? '' : `\n>${safeText(review.comment, 1500)}`;
  return {
    type: 'modal',
    callback_id: QA_VIEW.dispute,
    title: plain('Dispute a review', LIMITS.modalTitle),
    submit: plain('Send dispute', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: JSON.stringify(input.meta),
    blocks: [
      context(
        `Ticket #${safeText(input.ticketNumber, 60)} scored *${round2(review.score)}%* by ${personText(review.reviewer)} against *${safeText(definition.name, 200)}*.${comment}`,
      ),
      textArea(QA_BLOCK.comment, 'What is wrong with this review?', {
        optional: false,
        max: COMMENT_MAX,
        placeholder: 'e.g. I did apologise, in the second paragraph',
      }),
      context(
        fits
          ? 'Optional: change the ratings you think are wrong. The changes go to the reviewer as your proposal.'
          : 'This scorecard has too many categories to propose ratings here: name the ones you disagree with above.',
      ),
      ...(fits ? ratingInputs(definition, review.ratings, true) : []),
    ],
  };
}

/**
 * The reviewer's (or a QA lead's) answer. Accepting rescores: the selects start at the agent's
 * proposal (or the current ratings) and are what the review keeps. Rejecting takes a note only.
 */
export function resolveModal(input: {
  decision: 'accept' | 'reject';
  dispute: QaDispute;
  review: QaReview;
  definition: ScorecardDefinition;
  meta: ResolveMeta;
}): ModalView {
  const { dispute, review, definition, decision } = input;
  const fits = definition.categories.length <= MAX_CATEGORIES;
  if (decision === 'accept' && !fits && dispute.proposed === null)
    return infoModal(
      'Cannot accept here',
      'Accepting needs corrected ratings: the agent proposed none, and this scorecard has too many categories for a Slack form. Reject it, or ask the agent to dispute again with proposed ratings.',
    );
  const asked = `${personText(dispute.agent)} disputes your review (*${round2(review.score)}%*):\n>${safeText(dispute.comment, 2000)}`;
  const blocks: Block[] = [context(asked)];
  if (decision === 'accept') {
    blocks.push(
      context(
        !fits
          ? 'Accepting keeps the ratings the agent proposed.'
          : dispute.proposed === null
            ? 'Set the ratings the review should keep (they start at the current ones).'
            : 'Set the ratings the review should keep (they start at the agent’s proposal).',
      ),
      ...(fits ? ratingInputs(definition, dispute.proposed ?? review.ratings, false) : []),
    );
  }
  blocks.push(
    textArea(QA_BLOCK.note, decision === 'accept' ? 'Note to the agent' : 'Why the score stays', {
      optional: true,
      max: COMMENT_MAX,
    }),
  );
  return {
    type: 'modal',
    callback_id: QA_VIEW.resolve,
    title: plain(decision === 'accept' ? 'Accept dispute' : 'Reject dispute', LIMITS.modalTitle),
    submit: plain(decision === 'accept' ? 'Accept and rescore' : 'Reject', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: JSON.stringify(input.meta),
    blocks,
  };
}
