import type { Comment } from '../../domain/comment.js';
import type { PersonRole } from '../../domain/person.js';
import { instantOf } from './clock.js';
import type { PolicyMetric } from './policy.js';

/** Looks up who wrote a comment; null when the author is unknown (system, deleted user). */
export type AuthorRole = (authorId: string) => PersonRole | null;

/** One run of one metric's clock: started at `startedAt`, stopped at `fulfilledAt` (null = still running). */
export interface ClockRun {
  metric: PolicyMetric;
  /** 1-based instance number, as Zendesk's `instance_id`: next reply 1, 2, 3… */
  n: number;
  startedAt: number;
  fulfilledAt: number | null;
}

export interface PublicReply {
  at: number;
  byAgent: boolean;
}

/**
 * The public comments whose author's role is known, oldest first. Admins count as agents. Comments
 * with an unparsable time are returned in `skipped` so the caller can report them.
 */
export function publicReplies(
  comments: readonly Comment[],
  roleOf: AuthorRole,
): { replies: PublicReply[]; skipped: Comment[] } {
  const replies: PublicReply[] = [];
  const skipped: Comment[] = [];
  for (const comment of comments) {
    if (!comment.public || comment.authorId === null) continue;
    const role = roleOf(comment.authorId);
    if (role === null) continue;
    const at = instantOf(comment.createdAt);
    if (at === null) skipped.push(comment);
    else replies.push({ at, byAgent: role !== 'end_user' });
  }
  replies.sort((a, b) => a.at - b.at);
  return { replies, skipped };
}

/** Time of the first public agent reply, or the CRM's own first-response time when that is earlier. */
export function firstReplyAt(
  replies: readonly PublicReply[],
  firstRespondedAt: number | null,
): number | null {
  const fromComments = replies.find((r) => r.byAgent)?.at ?? null;
  if (fromComments === null) return firstRespondedAt;
  return firstRespondedAt === null ? fromComments : Math.min(fromComments, firstRespondedAt);
}

/**
 * Next reply: after the first agent reply, the oldest unanswered end-user comment starts a clock
 * that the next public agent reply stops (later end-user comments join the same wait).
 * Solving the ticket stops a waiting clock: there is nothing left to reply to.
 */
export function nextReplyRuns(
  replies: readonly PublicReply[],
  firstReply: number | null,
  solvedAt: number | null,
): ClockRun[] {
  if (firstReply === null) return [];
  const runs: ClockRun[] = [];
  let open: ClockRun | null = null;
  for (const reply of replies) {
    if (reply.at <= firstReply || (solvedAt !== null && reply.at > solvedAt)) continue;
    if (reply.byAgent && open !== null) {
      open.fulfilledAt = reply.at;
      open = null;
    } else if (!reply.byAgent && open === null) {
      open = { metric: 'next_reply', n: runs.length + 1, startedAt: reply.at, fulfilledAt: null };
      runs.push(open);
    }
  }
  if (open !== null && solvedAt !== null) open.fulfilledAt = solvedAt;
  return runs;
}

/**
 * Periodic update: each public agent reply starts a clock that the next public agent reply (or
 * solving the ticket) stops — the customer hears from the team at least every N minutes.
 */
export function periodicUpdateRuns(replies: readonly PublicReply[], solvedAt: number | null): ClockRun[] {
  const agentReplies = replies.filter((r) => r.byAgent && (solvedAt === null || r.at < solvedAt));
  return agentReplies.map((reply, i) => ({
    metric: 'periodic_update',
    n: i + 1,
    startedAt: reply.at,
    fulfilledAt: agentReplies[i + 1]?.at ?? solvedAt,
  }));
}
