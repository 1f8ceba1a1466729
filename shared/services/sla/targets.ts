import type { Comment } from '../../domain/comment.js';
import type { SlaTarget } from '../../domain/sla-target.js';
import type { Ticket } from '../../domain/ticket.js';
import {
  dueInstant,
  type Interval,
  instantOf,
  isPaused,
  pausedIntervals,
  type StatusChange,
} from './clock.js';
import {
  type Clock,
  matchPolicy,
  type PolicyMetric,
  policyClock,
  type SlaConfig,
  type SlaPolicy,
} from './policy.js';
import {
  type AuthorRole,
  type ClockRun,
  firstReplyAt,
  nextReplyRuns,
  periodicUpdateRuns,
  publicReplies,
} from './replies.js';

export interface PolicyTargetInput {
  config: SlaConfig;
  ticket: Ticket;
  /** The ticket's comments (any order); public ones by known authors drive the reply clocks. */
  comments: readonly Comment[];
  authorRole: AuthorRole;
  organizationTier: string | null;
  /**
   * Status changes, when the CRM provides them. Without them no clock ever pauses: the elapsed
   * time then includes pending/on-hold time, which errs on the side of reporting a breach.
   */
  statusHistory?: readonly StatusChange[] | undefined;
  now: Date;
}

/** A ticket the engine could not (fully) compute, and why; never an exception. */
export interface SlaProblem {
  ticketId: string;
  message: string;
}

export interface PolicyTargetResult {
  /** The policy that applied, or null (then `targets` is empty). */
  policy: string | null;
  targets: SlaTarget[];
  problems: SlaProblem[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Deterministic: recomputing the same ticket yields the same ids, so upserts replace, never duplicate. */
export function policyTargetExternalId(
  ticket: Pick<Ticket, 'externalId'>,
  metric: PolicyMetric,
  n: number,
): string {
  return `${ticket.externalId}:${metric}:${n}:policy`;
}

/** When the ticket was solved, if it is solved now (a reopened ticket's old solve time does not count). */
function solvedInstant(ticket: Ticket, problems: SlaProblem[]): number | null | 'unknown' {
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return null;
  const at = instantOf(ticket.solvedAt) ?? instantOf(ticket.closedAt);
  if (at !== null) return at;
  problems.push({
    ticketId: ticket.id,
    message: `status is ${ticket.status} but solvedAt and closedAt are missing; no policy targets computed`,
  });
  return 'unknown';
}

/** The stage of one clock run at `now`; a fulfilment after its due time is a breach that ended. */
export function stageAt(run: ClockRun, clock: Clock, pauses: readonly Interval[], nowMs: number) {
  const fulfilled = run.fulfilledAt !== null && run.fulfilledAt <= nowMs ? run.fulfilledAt : null;
  // Pauses after the fulfilment do not move a due time that was already met.
  const relevant = fulfilled === null ? pauses : pauses.filter((p) => p.start < fulfilled);
  const clipped = relevant.map((p) =>
    fulfilled !== null && p.end > fulfilled ? { ...p, end: fulfilled } : p,
  );
  const due = dueInstant(clock, run.startedAt, clipped);
  if (fulfilled !== null) {
    const late = due !== null && due < fulfilled;
    return {
      stage: late ? 'breached' : 'achieved',
      dueAt: due,
      achievedAt: fulfilled,
      breachedAt: late ? due : null,
    } as const;
  }
  if (due !== null && due <= nowMs)
    return { stage: 'breached', dueAt: due, achievedAt: null, breachedAt: due } as const;
  if (isPaused(pauses) && run.startedAt <= nowMs)
    return { stage: 'paused', dueAt: null, achievedAt: null, breachedAt: null } as const;
  return { stage: 'active', dueAt: due, achievedAt: null, breachedAt: null } as const;
}

function clockRuns(
  input: PolicyTargetInput,
  solvedAt: number | null,
  createdAt: number,
  problems: SlaProblem[],
): ClockRun[] {
  const { replies, skipped } = publicReplies(input.comments, input.authorRole);
  for (const c of skipped)
    problems.push({ ticketId: input.ticket.id, message: `comment ${c.id} has no valid createdAt; ignored` });
  const first = firstReplyAt(replies, instantOf(input.ticket.firstRespondedAt));
  return [
    { metric: 'first_reply', n: 1, startedAt: createdAt, fulfilledAt: first ?? solvedAt },
    ...nextReplyRuns(replies, first, solvedAt),
    ...periodicUpdateRuns(replies, solvedAt),
    { metric: 'resolution', n: 1, startedAt: createdAt, fulfilledAt: solvedAt },
  ];
}

function historyWithCurrentStatus(input: PolicyTargetInput): StatusChange[] | null {
  if (input.statusHistory === undefined) return null;
  const history = [...input.statusHistory].sort((a, b) => (instantOf(a.at) ?? 0) - (instantOf(b.at) ?? 0));
  // The ticket row can be newer than the history (a page of tickets lands before its audits).
  if (history.at(-1)?.status !== input.ticket.status)
    history.push({ status: input.ticket.status, at: input.ticket.updatedAt });
  return history;
}

function toTarget(
  ticket: Ticket,
  policy: SlaPolicy,
  run: ClockRun,
  stage: ReturnType<typeof stageAt>,
): SlaTarget {
  const externalId = policyTargetExternalId(ticket, run.metric, run.n);
  return {
    id: `${ticket.source}:${externalId}`,
    source: ticket.source,
    externalId,
    ticketId: ticket.id,
    metric: run.metric,
    policy: policy.id,
    startedAt: iso(run.startedAt),
    dueAt: iso(stage.dueAt),
    stage: stage.stage,
    achievedAt: iso(stage.achievedAt),
    breachedAt: iso(stage.breachedAt),
    origin: 'policy',
  };
}

/**
 * The policy targets of one ticket at `now` (origin `policy`). Pure and per ticket, so the caller
 * can recompute exactly the tickets of each committed page and replace that ticket's policy targets.
 */
export function computePolicyTargets(input: PolicyTargetInput): PolicyTargetResult {
  const { ticket, config } = input;
  const problems: SlaProblem[] = [];
  if (ticket.deleted) return { policy: null, targets: [], problems };
  const policy = matchPolicy(config.policies, { ticket, organizationTier: input.organizationTier });
  if (policy === null) return { policy: null, targets: [], problems };
  const createdAt = instantOf(ticket.createdAt);
  if (createdAt === null) {
    problems.push({
      ticketId: ticket.id,
      message: `createdAt "${ticket.createdAt}" is not a timestamp; no targets`,
    });
    return { policy: policy.id, targets: [], problems };
  }
  const solvedAt = solvedInstant(ticket, problems);
  if (solvedAt === 'unknown') return { policy: policy.id, targets: [], problems };
  const nowMs = input.now.getTime();
  const history = historyWithCurrentStatus(input);
  const targets: SlaTarget[] = [];
  for (const run of clockRuns(input, solvedAt, createdAt, problems)) {
    const clock = policyClock(config, policy, run.metric);
    if (clock === null || run.startedAt > nowMs) continue;
    const pauses = history === null ? [] : pausedIntervals(history, clock.pauseWhile, nowMs);
    targets.push(toTarget(ticket, policy, run, stageAt(run, clock, pauses, nowMs)));
  }
  return { policy: policy.id, targets, problems };
}
