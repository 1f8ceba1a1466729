import type { Ticket } from '../../domain/index.js';
import type { QaDispute } from '../../store/repositories/qa-disputes.js';
import type { QaReview } from '../../store/repositories/qa-reviews.js';
import type { Agent } from './context.js';
import type { ScorecardDefinition } from './scorecard.js';
import { round2 } from './scoring.js';

/**
 * What to tell someone after a QA step — plain data, no Block Kit: the Slack bot turns it into a
 * DM (when `to` maps to a Slack user), other surfaces into whatever they show.
 */
export interface QaNotification {
  kind: 'review.scored' | 'review.disputed' | 'dispute.accepted' | 'dispute.rejected';
  /** An agent (id and email) or a reviewer identity (email or slack:U…). */
  to: { id: string | null; email: string | null; identity: string | null };
  reviewId: string;
  ticket: { id: string; number: string; subject: string | null; url: string | null };
  scorecard: string;
  score: number;
  categories: { id: string; name: string; score: number | null }[];
  criticalFailures: string[];
  comment: string;
  /** Until when the agent may dispute (review notifications only). */
  disputeUntil: string | null;
  text: string;
}

function ticketRef(ticket: Ticket): QaNotification['ticket'] {
  return { id: ticket.id, number: ticket.number, subject: ticket.subject, url: ticket.url };
}

function categoriesOf(definition: ScorecardDefinition, review: QaReview): QaNotification['categories'] {
  return definition.categories.map((c) => {
    const score = review.categoryScores[c.id];
    return { id: c.id, name: c.name, score: score === undefined ? null : round2(score) };
  });
}

export function reviewNotification(
  kind: 'review.scored' | 'dispute.accepted' | 'dispute.rejected',
  review: QaReview,
  ticket: Ticket,
  definition: ScorecardDefinition,
  agent: Agent,
  disputeUntil: string | null,
): QaNotification {
  const score = round2(review.score);
  const critical = definition.categories.filter(
    (c) => c.critical && (review.categoryScores[c.id] ?? 100) < 50,
  );
  const text = {
    'review.scored': `Ticket #${ticket.number} was reviewed against "${definition.name}": ${score}%.${
      critical.length > 0 ? ` Critical: ${critical.map((c) => c.name).join(', ')} failed.` : ''
    }${disputeUntil === null ? '' : ` You may dispute it until ${disputeUntil.slice(0, 10)}.`}`,
    'dispute.accepted': `Your dispute of the review of ticket #${ticket.number} was accepted: the score is now ${score}%.`,
    'dispute.rejected': `Your dispute of the review of ticket #${ticket.number} was rejected: the score stays ${score}%.`,
  }[kind];
  return {
    kind,
    to: { id: agent.id, email: agent.email, identity: agent.email ?? agent.id },
    reviewId: review.id,
    ticket: ticketRef(ticket),
    scorecard: definition.name,
    score,
    categories: categoriesOf(definition, review),
    criticalFailures: critical.map((c) => c.id),
    comment: review.comment,
    disputeUntil,
    text,
  };
}

export function disputeNotification(
  review: QaReview,
  dispute: QaDispute,
  ticket: Ticket,
  definition: ScorecardDefinition,
): QaNotification {
  return {
    kind: 'review.disputed',
    to: { id: null, email: null, identity: review.reviewer },
    reviewId: review.id,
    ticket: ticketRef(ticket),
    scorecard: definition.name,
    score: round2(review.score),
    categories: categoriesOf(definition, review),
    criticalFailures: [],
    comment: dispute.comment,
    disputeUntil: null,
    text: `${dispute.agent} disputes your review of ticket #${ticket.number} (${round2(review.score)}%): ${dispute.comment}`,
  };
}
