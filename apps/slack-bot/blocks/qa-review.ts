import type { QaReview, ReviewForm, ScorecardDefinition } from '../../../shared/services/qa/index.js';
import { round2 } from '../../../shared/services/qa/index.js';
import { QA_BLOCK, QA_VIEW } from '../qa/ids.js';
import { context, plain, section } from './common.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import { personText } from './qa-format.js';
import { failedItemsInput, ratingInput, textArea } from './qa-inputs.js';
import { ticketTitle } from './ticket.js';
import type { Block, ModalView } from './types.js';

export const COMMENT_MAX = 3000;
/** The review modal's blocks besides the ratings: two context lines, missed items, comment. */
const FIXED_BLOCKS = 4;
/** The most categories one Slack modal can rate (a modal holds 100 blocks). */
export const MAX_MODAL_CATEGORIES = LIMITS.viewBlocks - FIXED_BLOCKS;

/** What the review modal carries to its submission; the version is what the scores mean. */
export interface ReviewMeta {
  flagId: string;
  versionId: string;
  /** The identity the flag was claimed under (see qa/identity.ts). */
  reviewer: string;
  /** The Slack user the form was opened for. */
  userId: string;
}

/** A modal that only says something (no submit button). */
export function infoModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    callback_id: QA_VIEW.info,
    title: plain(title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalButton),
    blocks: [section(text)],
  };
}

function tooLarge(form: ReviewForm, why: string): ModalView {
  return infoModal(
    'Review in the terminal',
    `${why}\nReview ticket ${ticketTitle(form.ticket)} from a terminal instead: ` +
      `\`casebridge qa review ${safeText(form.flag.id, 100)} --as <your email> --ratings <category>=<rating>,…\``,
  );
}

/**
 * The review form: one rating per category (N/A only where the category allows it, its checklist
 * as the hint), the checklist items missed, a comment. A scorecard too large for a modal gets a
 * modal saying so and how to review it instead, never an invalid view.
 */
export function reviewModal(form: ReviewForm, meta: ReviewMeta): ModalView {
  const { definition } = form.scorecard;
  const count = definition.categories.length;
  if (count > MAX_MODAL_CATEGORIES)
    return tooLarge(
      form,
      `Scorecard *${safeText(definition.name, 200)}* has ${count} categories; a Slack form fits ${MAX_MODAL_CATEGORIES}.`,
    );
  const metadata = JSON.stringify(meta);
  if (metadata.length > LIMITS.privateMetadata)
    return tooLarge(
      form,
      `Scorecard *${safeText(definition.name, 200)}* has an id too long for a Slack form.`,
    );
  const blocks: Block[] = [
    context(
      `${ticketTitle(form.ticket)}\nScorecard *${safeText(definition.name, 200)}* · version ${safeText(form.scorecard.version, 20)}`,
    ),
    context(`Flagged by ${personText(form.flag.flaggedBy)}: ${safeText(form.flag.reason, 1500)}`),
    ...definition.categories.map((category, index) => ratingInput(category, index, { optional: false })),
    failedItemsInput(definition),
    textArea(QA_BLOCK.comment, 'Comment for the agent', {
      optional: true,
      max: COMMENT_MAX,
      placeholder: 'What went well, what to do differently',
    }),
  ];
  return {
    type: 'modal',
    callback_id: QA_VIEW.review,
    title: plain(`Review #${form.ticket.number}`, LIMITS.modalTitle),
    submit: plain('Submit review', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: metadata,
    blocks,
  };
}

/** `Name: 75%` per category (N/A for unrated), cut to one section. */
export function scoreLines(rows: readonly { name: string; score: number | null }[]): string {
  const lines = rows.map(
    (r) => `• ${safeText(r.name, 100)}: ${r.score === null ? 'N/A' : `${round2(r.score)}%`}`,
  );
  let text = '';
  for (const [i, line] of lines.entries()) {
    const more = `\n…and ${lines.length - i} more`;
    if (text.length + line.length + 1 + more.length > LIMITS.sectionText) return text + more;
    text += `${text === '' ? '' : '\n'}${line}`;
  }
  return text;
}

/** What the reviewer sees once the review is stored (the modal turns into it). */
export function reviewSavedModal(
  review: QaReview,
  definition: ScorecardDefinition,
  ticketNumber: string,
): ModalView {
  const rows = definition.categories.map((c) => ({
    name: c.name,
    score: review.categoryScores[c.id] ?? null,
  }));
  const agent =
    review.agentEmail === null && review.agentId === null
      ? 'The ticket has no assignee, so no agent is told.'
      : `${personText(review.agentEmail ?? review.agentId)} is told by DM when casebridge finds them in Slack.`;
  return {
    type: 'modal',
    callback_id: QA_VIEW.info,
    title: plain('Review saved', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalButton),
    blocks: [
      section(`:white_check_mark: Ticket #${safeText(ticketNumber, 60)} scored *${round2(review.score)}%*.`),
      section(scoreLines(rows)),
      context(agent),
    ],
  };
}
