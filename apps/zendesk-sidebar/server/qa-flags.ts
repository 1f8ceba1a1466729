import { createHash } from 'node:crypto';
import type { QaFlag, QaFlagCategory, QaFlagSeverity, Ticket } from '../../../shared/domain/index.js';
import { isUniqueViolation } from '../../../shared/services/qa/context.js';
import { sameIdentity } from '../../../shared/services/qa/errors.js';
import type { SidebarQaFlagged } from '../src/api-types.js';
import type { SidebarContext } from './context.js';
import type { Agent } from './permissions.js';
import { flagView } from './qa.js';

export interface QaFlagRequest {
  /** Already trimmed and within the length limit (the route's schema checks both). */
  reason: string;
  category: QaFlagCategory | null;
  severity: QaFlagSeverity | null;
}

/** Queued, or refused because this agent's earlier flag on the ticket is still waiting. */
export type QaFlagOutcome = { flagged: SidebarQaFlagged } | { alreadyOpen: string };

/** Still in the QA queue: not yet reviewed or discarded. */
const WAITING: ReadonlySet<QaFlag['status']> = new Set(['open', 'claimed']);

/** Who the flag names: the agent's email when the JWT carries one, else the audit actor. */
export function flaggerOf(agent: Agent): string {
  return agent.email ?? agent.actor;
}

/**
 * The id of the agent's next flag on the ticket, derived from how many they raised before: two
 * submissions racing (a double click, two tabs, two servers) compute the same id, so the store's
 * primary key lets exactly one in, on both databases, without a lock.
 */
function nextFlagId(ticketId: string, flaggedBy: string, earlier: number): string {
  const key = `${ticketId}\n${flaggedBy.trim().toLowerCase()}\n${earlier}`;
  return `qaf_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

function alreadyOpen(flag: QaFlag, ticket: Ticket): string {
  const at = `${flag.createdAt.slice(0, 16).replace('T', ' ')} UTC`;
  const claimed = flag.status === 'claimed' ? `, claimed by ${flag.claimedBy ?? 'a reviewer'}` : '';
  return (
    `you already flagged ticket ${ticket.number} for QA review on ${at} and that flag is still ` +
    `${flag.status}${claimed}: it is in the QA queue, so a second flag would add nothing until it is reviewed or discarded`
  );
}

/**
 * "Flag for QA review" from the sidebar: queued as the agent the JWT names (never anyone the body
 * names), audited as `qa.flag` like a flag raised in Slack. An agent whose earlier flag on the
 * ticket is still in the queue is told so instead of queueing a duplicate.
 */
export async function flagForQa(
  ctx: SidebarContext,
  ticket: Ticket,
  agent: Agent,
  request: QaFlagRequest,
): Promise<QaFlagOutcome> {
  const flaggedBy = flaggerOf(agent);
  const mine = (await ctx.store.qaFlags.listForTicket(ticket.id)).filter((f) =>
    sameIdentity(f.flaggedBy, flaggedBy),
  );
  const waiting = mine.find((f) => WAITING.has(f.status));
  if (waiting !== undefined) return { alreadyOpen: alreadyOpen(waiting, ticket) };

  const at = ctx.now().toISOString();
  const flag: QaFlag = {
    id: nextFlagId(ticket.id, flaggedBy, mine.length),
    ticketId: ticket.id,
    flaggedBy,
    reason: request.reason,
    category: request.category,
    severity: request.severity,
    permalink: null,
    source: 'sidebar',
    status: 'open',
    createdAt: at,
    claimedBy: null,
    claimedAt: null,
  };
  try {
    await ctx.store.qaFlags.add(flag);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent submission by the same agent got there first: answer as if it had been seen.
    const winner = await ctx.store.qaFlags.get(flag.id);
    if (winner === null) throw error;
    return { alreadyOpen: alreadyOpen(winner, ticket) };
  }
  await ctx.store.auditLog.record({
    actor: agent.actor,
    action: 'qa.flag',
    target: ticket.id,
    details: { flag: flag.id, category: flag.category, severity: flag.severity, source: flag.source },
    at,
  });
  const flags = await ctx.store.qaFlags.listForTicket(ticket.id);
  return {
    flagged: {
      flag: flagView(flag),
      flags: flags.map(flagView),
      message: `flagged ticket ${ticket.number} for QA review: it is in the QA queue`,
    },
  };
}
