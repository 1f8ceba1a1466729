import type { Escalation } from '../../domain/escalation.js';
import { CasebridgeError } from '../../errors.js';
import { type Applied, escalationEvent, escalationId } from './decide.js';
import { type EscalationConfig, levelNumber } from './rules.js';

/**
 * What people do by hand (CLI, Slack, sidebar): escalate, acknowledge, de-escalate, resolve.
 * Each returns the updated escalation and the event to append, or throws a CasebridgeError that
 * says what is wrong. Pure: the caller reads `latest` and writes the result in one transaction.
 */

interface Who {
  actor: string;
  now: Date;
}

function requireOpen(latest: Escalation | null, ticketId: string): Escalation {
  if (latest === null || latest.resolvedAt !== null)
    throw new CasebridgeError('escalation.not_open', `ticket ${ticketId} has no open escalation`, {
      hint: 'list them with `casebridge escalations`',
    });
  return latest;
}

function requireLevel(config: EscalationConfig, ref: number | string): number {
  const level = levelNumber(config, ref);
  if (level !== null) return level;
  const known = config.levels.map((l, i) => `${i + 1} (${l.name})`).join(', ');
  throw new CasebridgeError(
    'escalation.unknown_level',
    `there is no escalation level ${JSON.stringify(ref)}`,
    {
      hint: `use one of ${known}`,
    },
  );
}

/** Opens an escalation at `level`, or moves the open one there (adding the reason). */
export function escalateManually(
  input: Who & {
    config: EscalationConfig;
    ticketId: string;
    latest: Escalation | null;
    level: number | string;
    reason: string;
  },
): Applied {
  const level = requireLevel(input.config, input.level);
  const at = input.now.toISOString();
  const ownerId = input.config.levels[level - 1]?.owner ?? null;
  const open = input.latest?.resolvedAt === null ? input.latest : null;
  if (open === null) {
    const escalation: Escalation = {
      id: escalationId(input.ticketId, at),
      ticketId: input.ticketId,
      level,
      reasons: [input.reason],
      ownerId,
      openedAt: at,
      openedBy: input.actor,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
    };
    return { escalation, event: escalationEvent(escalation, 'opened', at, input.actor, input.reason) };
  }
  const reasons = open.reasons.includes(input.reason) ? open.reasons : [...open.reasons, input.reason];
  const type = level > open.level ? 'raised' : level < open.level ? 'lowered' : 'noted';
  const escalation =
    type === 'noted'
      ? { ...open, reasons }
      : { ...open, level, reasons, ownerId, acknowledgedAt: null, acknowledgedBy: null };
  return { escalation, event: escalationEvent(escalation, type, at, input.actor, input.reason) };
}

export function acknowledgeEscalation(input: Who & { ticketId: string; latest: Escalation | null }): Applied {
  const open = requireOpen(input.latest, input.ticketId);
  if (open.acknowledgedAt !== null)
    throw new CasebridgeError(
      'escalation.already_acknowledged',
      `already acknowledged by ${open.acknowledgedBy ?? 'someone'} at ${open.acknowledgedAt}`,
    );
  const at = input.now.toISOString();
  const escalation = { ...open, acknowledgedAt: at, acknowledgedBy: input.actor };
  return { escalation, event: escalationEvent(escalation, 'acknowledged', at, input.actor, null) };
}

/** Lowers the open escalation one level (or to `level`); the rules will not raise it back to where it was. */
export function deEscalate(
  input: Who & {
    config: EscalationConfig;
    ticketId: string;
    latest: Escalation | null;
    level?: number | string;
    note?: string;
  },
): Applied {
  const open = requireOpen(input.latest, input.ticketId);
  const level = input.level === undefined ? open.level - 1 : requireLevel(input.config, input.level);
  if (level < 1)
    throw new CasebridgeError(
      'escalation.lowest_level',
      `ticket ${input.ticketId} is already at the lowest level`,
      {
        hint: 'resolve the escalation instead',
      },
    );
  if (level >= open.level)
    throw new CasebridgeError(
      'escalation.not_lower',
      `level ${level} is not below the current level ${open.level}`,
    );
  const at = input.now.toISOString();
  const escalation = {
    ...open,
    level,
    ownerId: input.config.levels[level - 1]?.owner ?? null,
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
  return { escalation, event: escalationEvent(escalation, 'lowered', at, input.actor, input.note ?? null) };
}

export function resolveEscalation(
  input: Who & { ticketId: string; latest: Escalation | null; note?: string },
): Applied {
  const open = requireOpen(input.latest, input.ticketId);
  const at = input.now.toISOString();
  const escalation = { ...open, resolvedAt: at, resolvedBy: input.actor };
  return { escalation, event: escalationEvent(escalation, 'resolved', at, input.actor, input.note ?? null) };
}
