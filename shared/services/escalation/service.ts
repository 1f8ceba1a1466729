import type { Escalation, EscalationEvent, Ticket } from '../../domain/index.js';
import { CasebridgeError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Repositories, Store } from '../../store/index.js';
import type { Applied } from './decide.js';
import { acknowledgeEscalation, deEscalate, escalateManually, resolveEscalation } from './manual.js';
import type { EscalationConfig } from './rules.js';

/** An escalation with its ticket, for lists and cards. */
export interface EscalationView {
  escalation: Escalation;
  ticket: Ticket | null;
  levelName: string;
  ageMinutes: number;
}

/** Write-back to the ticket's CRM, when configured: the composition root resolves the connector. */
export type EscalationWriteBack = (
  ticket: Ticket,
  escalation: Escalation,
  event: EscalationEvent,
) => Promise<void>;

export interface EscalationServiceDeps {
  store: Store;
  config: () => EscalationConfig;
  log: Logger;
  writeBack?: EscalationWriteBack | undefined;
  now?: () => Date;
}

/**
 * Escalations as people see and change them (CLI, Slack, sidebar). Every change is one
 * transaction: the escalation, its event, and an audit entry; then, if configured, the CRM.
 */
export function createEscalationService(deps: EscalationServiceDeps) {
  const now = () => deps.now?.() ?? new Date();
  const levelName = (level: number) => deps.config().levels[level - 1]?.name ?? `level ${level}`;

  const ticketOf = async (reference: string): Promise<Ticket> => {
    const [ticket] = await deps.store.tickets.findByReference(reference);
    if (ticket === undefined) {
      throw new CasebridgeError('tickets.unknown', `no ticket ${reference} in casebridge`, {
        hint: 'use the ticket number or id as the CRM shows it, after a sync',
      });
    }
    return ticket;
  };

  const change = async (
    reference: string,
    actor: string,
    action: string,
    decide: (latest: Escalation | null, ticket: Ticket) => Applied,
  ) => {
    const ticket = await ticketOf(reference);
    const applied = await deps.store.transaction(async (tx: Repositories) => {
      const latest = await tx.escalations.latestForTicket(ticket.id);
      const result = decide(latest, ticket);
      if (latest === null || latest.id !== result.escalation.id)
        await tx.escalations.insert(result.escalation);
      else await tx.escalations.update(result.escalation);
      await tx.escalations.appendEvent(result.event);
      await tx.auditLog.record({
        actor,
        action: `escalation.${action}`,
        target: ticket.id,
        details: { level: result.escalation.level, note: result.event.note },
      });
      return result;
    });
    if (deps.writeBack !== undefined) {
      await deps.writeBack(ticket, applied.escalation, applied.event).catch((error: unknown) => {
        deps.log.error(
          { err: error, ticket: ticket.id },
          `escalation saved, but writing it back to the CRM failed: ${(error as Error).message}`,
        );
      });
    }
    return { ...applied, ticket };
  };

  return {
    levelName,

    async listOpen(minLevel = 1): Promise<EscalationView[]> {
      const open = await deps.store.escalations.listOpen(minLevel);
      const tickets = new Map(
        (await deps.store.tickets.getMany(open.map((e) => e.ticketId))).map((t) => [t.id, t]),
      );
      const at = now().getTime();
      return open.map((escalation) => ({
        escalation,
        ticket: tickets.get(escalation.ticketId) ?? null,
        levelName: levelName(escalation.level),
        ageMinutes: Math.max(0, Math.round((at - Date.parse(escalation.openedAt)) / 60_000)),
      }));
    },

    async forTicket(
      ticketId: string,
    ): Promise<{ escalation: Escalation | null; events: EscalationEvent[]; history: Escalation[] }> {
      const history = await deps.store.escalations.listForTicket(ticketId);
      const latest = history[0] ?? null;
      return {
        escalation: latest,
        events: latest === null ? [] : await deps.store.escalations.events(latest.id),
        history,
      };
    },

    escalate: (reference: string, input: { level: number | string; reason: string; actor: string }) =>
      change(reference, input.actor, 'escalate', (latest, ticket) =>
        escalateManually({
          config: deps.config(),
          ticketId: ticket.id,
          latest,
          level: input.level,
          reason: input.reason,
          actor: input.actor,
          now: now(),
        }),
      ),
    acknowledge: (reference: string, actor: string) =>
      change(reference, actor, 'acknowledge', (latest, ticket) =>
        acknowledgeEscalation({ ticketId: ticket.id, latest, actor, now: now() }),
      ),
    deEscalate: (reference: string, input: { level: number | string; actor: string; reason?: string }) =>
      change(reference, input.actor, 'de-escalate', (latest, ticket) =>
        deEscalate({
          config: deps.config(),
          ticketId: ticket.id,
          latest,
          level: input.level,
          actor: input.actor,
          now: now(),
          ...(input.reason !== undefined && { reason: input.reason }),
        }),
      ),
    resolve: (reference: string, input: { actor: string; note?: string }) =>
      change(reference, input.actor, 'resolve', (latest, ticket) =>
        resolveEscalation({
          ticketId: ticket.id,
          latest,
          actor: input.actor,
          now: now(),
          ...(input.note !== undefined && { note: input.note }),
        }),
      ),
  };
}
export type EscalationService = ReturnType<typeof createEscalationService>;
