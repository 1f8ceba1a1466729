import type { Ticket } from '../../domain/index.js';
import type { AppliesTo, Scorecard } from './scorecard.js';

type TicketFacts = Pick<Ticket, 'channel' | 'tags' | 'groupId' | 'priority' | 'source'>;

/** True when every rule the scorecard sets matches the ticket (no rules: applies to every ticket). */
export function applies(rules: AppliesTo, ticket: TicketFacts): boolean {
  const within = <T>(allowed: readonly T[] | undefined, value: T | null) =>
    allowed === undefined || (value !== null && allowed.includes(value));
  const tags = new Set(ticket.tags);
  return (
    within(rules.channel, ticket.channel) &&
    within(rules.group, ticket.groupId) &&
    within(rules.priority, ticket.priority) &&
    within(rules.connection, ticket.source) &&
    (rules.tags === undefined || rules.tags.some((t) => tags.has(t))) &&
    (rules.tagsNone === undefined || !rules.tagsNone.some((t) => tags.has(t)))
  );
}

function specificity(rules: AppliesTo): number {
  return Object.values(rules).filter((v) => v !== undefined).length;
}

/**
 * The one scorecard for a ticket: among those whose rules match, the highest `precedence`, then
 * the one with the most rules (a billing card beats the catch-all email card), then by id so
 * the answer never depends on file order.
 */
export function pickScorecard(scorecards: readonly Scorecard[], ticket: TicketFacts): Scorecard | null {
  const candidates = scorecards.filter((s) => applies(s.definition.appliesTo, ticket));
  candidates.sort(
    (a, b) =>
      b.definition.precedence - a.definition.precedence ||
      specificity(b.definition.appliesTo) - specificity(a.definition.appliesTo) ||
      a.id.localeCompare(b.id),
  );
  return candidates[0] ?? null;
}
