import type { Escalation, EscalationEvent } from '../../domain/escalation.js';
import type { Ticket } from '../../domain/ticket.js';
import type { EscalationConfig, EscalationVerdict } from './rules.js';

export type EscalationAction =
  | { kind: 'none' }
  | { kind: 'open'; level: number; reasons: string[]; ownerId: string | null }
  | {
      kind: 'raise';
      escalationId: string;
      from: number;
      level: number;
      reasons: string[];
      ownerId: string | null;
    }
  | { kind: 'resolve'; escalationId: string; note: string };

export interface DecisionInput {
  config: EscalationConfig;
  ticket: Pick<Ticket, 'status' | 'deleted'>;
  /** `evaluateEscalation`'s verdict for the ticket now. */
  verdict: EscalationVerdict | null;
  /** The ticket's most recent escalation, open or resolved; null when it never had one. */
  latest: Escalation | null;
  /** The latest escalation's event log, so a manual de-escalation is not undone by the rules. */
  events?: readonly EscalationEvent[];
}

const NONE = { kind: 'none' } as const;

function ownerOf(config: EscalationConfig, level: number): string | null {
  return config.levels[level - 1]?.owner ?? null;
}

function isDone(ticket: DecisionInput['ticket']): boolean {
  return ticket.deleted || ticket.status === 'solved' || ticket.status === 'closed';
}

/** The highest level the escalation ever had: the rules never re-raise past a manual lowering. */
function peakLevel(latest: Escalation, events: readonly EscalationEvent[]): number {
  return Math.max(latest.level, ...events.map((e) => e.level ?? 0));
}

/**
 * What the rules should do now, given the ticket's latest escalation. Idempotent by construction:
 * once the action is applied, the same input yields `none` — an escalation is opened once, raised
 * only to a level above any it has had, and a resolved one is not reopened for the same reasons.
 */
export function decideEscalation(input: DecisionInput): EscalationAction {
  const { config, ticket, verdict, latest } = input;
  if (latest !== null && latest.resolvedAt === null) {
    if (isDone(ticket)) {
      if (!config.autoResolveWhenSolved) return NONE;
      return {
        kind: 'resolve',
        escalationId: latest.id,
        note: `ticket ${ticket.deleted ? 'deleted' : ticket.status}`,
      };
    }
    if (verdict === null || verdict.level <= peakLevel(latest, input.events ?? [])) return NONE;
    const reasons = [...latest.reasons, ...verdict.reasons.filter((r) => !latest.reasons.includes(r))];
    return {
      kind: 'raise',
      escalationId: latest.id,
      from: latest.level,
      level: verdict.level,
      reasons,
      ownerId: ownerOf(config, verdict.level),
    };
  }
  if (verdict === null || isDone(ticket)) return NONE;
  // A resolved escalation already covered these reasons at this level: respect whoever resolved it.
  const covered =
    latest !== null &&
    verdict.level <= latest.level &&
    verdict.reasons.every((r) => latest.reasons.includes(r));
  if (covered) return NONE;
  return {
    kind: 'open',
    level: verdict.level,
    reasons: verdict.reasons,
    ownerId: ownerOf(config, verdict.level),
  };
}

export interface Applied {
  escalation: Escalation;
  event: EscalationEvent;
}

/** Deterministic ids: replaying the same action at the same instant produces the same records. */
export function escalationId(ticketId: string, openedAt: string): string {
  return `${ticketId}:escalation:${openedAt}`;
}

/** The event recording a change; its id is deterministic for the same escalation, type and instant. */
export function escalationEvent(
  escalation: Escalation,
  type: EscalationEvent['type'],
  at: string,
  actor: string,
  note: string | null,
): EscalationEvent {
  return {
    id: `${escalation.id}:${type}:${at}`,
    escalationId: escalation.id,
    type,
    at,
    actor,
    level: escalation.level,
    note,
  };
}

/**
 * The records to write for an action (`actor` is e.g. `rules`). `latest` must be the escalation
 * the action was decided on; null for `none`.
 */
export function applyEscalationAction(
  action: EscalationAction,
  context: { ticketId: string; latest: Escalation | null; now: Date; actor: string },
): Applied | null {
  const at = context.now.toISOString();
  const { latest, actor } = context;
  switch (action.kind) {
    case 'none':
      return null;
    case 'open': {
      const escalation: Escalation = {
        id: escalationId(context.ticketId, at),
        ticketId: context.ticketId,
        level: action.level,
        reasons: action.reasons,
        ownerId: action.ownerId,
        openedAt: at,
        openedBy: actor,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
      };
      return {
        escalation,
        event: escalationEvent(escalation, 'opened', at, actor, action.reasons.join('; ')),
      };
    }
    case 'raise': {
      if (latest === null) throw new Error('a raise needs the escalation it was decided on');
      // A new level means a new owner who has not acknowledged anything yet.
      const escalation = {
        ...latest,
        level: action.level,
        reasons: action.reasons,
        ownerId: action.ownerId,
        acknowledgedAt: null,
        acknowledgedBy: null,
      };
      return {
        escalation,
        event: escalationEvent(escalation, 'raised', at, actor, `from level ${action.from}`),
      };
    }
    case 'resolve': {
      if (latest === null) throw new Error('a resolve needs the escalation it was decided on');
      const escalation = { ...latest, resolvedAt: at, resolvedBy: actor };
      return { escalation, event: escalationEvent(escalation, 'resolved', at, actor, action.note) };
    }
  }
}
