import type { QaNotification } from '../../../shared/services/qa/index.js';
import { QA_ACTION } from '../qa/ids.js';
import { actions, button, context, section, urlButton } from './common.js';
import { LIMITS } from './limits.js';
import { safeText, truncate } from './mrkdwn.js';
import { dayOf } from './qa-format.js';
import { scoreLines } from './qa-review.js';
import { ACTION, ticketTitle } from './ticket.js';
import type { Block, MessageBody } from './types.js';

/** The QA DMs, built from the service's plain-data notifications. */

const openTicket = (n: QaNotification) => urlButton('Open ticket', ACTION.openTicket, n.ticket.url);

function quote(label: string, text: string): Block[] {
  return text.trim() === '' ? [] : [section(`*${label}*\n>${safeText(text, 2500)}`)];
}

const message = (text: string, blocks: Block[]): MessageBody => ({
  text: truncate(text, LIMITS.messageText),
  blocks,
});

/** To the agent: their score per category, the reviewer's comment, and Dispute while they may. */
export function reviewScoredMessage(n: QaNotification, now: Date): MessageBody {
  const critical = n.categories.filter((c) => n.criticalFailures.includes(c.id)).map((c) => c.name);
  const failed =
    critical.length === 0 ? '' : `\n:rotating_light: Critical: ${safeText(critical.join(', '), 500)} failed.`;
  const open = n.disputeUntil !== null && now.toISOString() <= n.disputeUntil;
  return message(n.text, [
    section(
      `:clipboard: *QA review of ${ticketTitle(n.ticket)}*\nScore *${n.score}%* against *${safeText(n.scorecard, 200)}*.${failed}`,
    ),
    section(scoreLines(n.categories)),
    ...quote('Reviewer’s comment', n.comment),
    ...(open && n.disputeUntil !== null
      ? [context(`Think a rating is wrong? You may dispute this review until ${dayOf(n.disputeUntil)}.`)]
      : []),
    ...actions('qa.review.actions', [
      open ? button('Dispute', QA_ACTION.dispute, n.reviewId) : null,
      openTicket(n),
    ]),
  ]);
}

/** To the reviewer: the agent's comment and proposed ratings, with Accept and Reject. */
export function reviewDisputedMessage(
  n: QaNotification,
  disputeId: string,
  proposal: readonly string[],
): MessageBody {
  const proposed =
    proposal.length === 0
      ? [context('The agent proposed no other ratings.')]
      : [section(`*Proposed ratings*\n${proposal.map((line) => `• ${safeText(line, 200)}`).join('\n')}`)];
  return message(n.text, [
    section(`:speech_balloon: *Your review of ${ticketTitle(n.ticket)} is disputed* (scored *${n.score}%*).`),
    ...quote('The agent says', n.comment),
    ...proposed,
    ...actions('qa.dispute.actions', [
      button('Accept', QA_ACTION.accept, disputeId, 'primary'),
      button('Reject', QA_ACTION.reject, disputeId, 'danger'),
      openTicket(n),
    ]),
  ]);
}

/** To the agent: what became of their dispute. */
export function disputeOutcomeMessage(n: QaNotification): MessageBody {
  const accepted = n.kind === 'dispute.accepted';
  return message(n.text, [
    section(`${accepted ? ':white_check_mark:' : ':x:'} ${safeText(n.text, 2000)}`),
    ...(accepted ? [section(scoreLines(n.categories))] : []),
    ...actions('qa.outcome.actions', [openTicket(n)]),
  ]);
}

/** Posted to the QA channel when the reviewer of a dispute has no Slack account casebridge can find. */
export function unreachableReviewer(body: MessageBody, reviewer: string): MessageBody {
  return {
    text: body.text,
    blocks: [
      context(`Could not DM the reviewer (${safeText(reviewer, 200)}): a QA lead may answer here.`),
      ...body.blocks,
    ].slice(0, LIMITS.messageBlocks),
  };
}
