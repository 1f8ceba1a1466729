import type { Escalation, SlaTarget, Ticket } from '../../domain/index.js';
import type { Repositories } from '../../store/index.js';
import {
  applyEscalationAction,
  decideEscalation,
  type EscalationConfig,
  evaluateEscalation,
} from '../escalation/index.js';
import { computePolicyTargets, type SlaConfig, type SlaProblem } from '../sla/index.js';

export interface EngineConfig {
  sla: SlaConfig;
  escalation: EscalationConfig;
}

export interface RecomputeResult {
  policyTargets: number;
  /** Escalations the rules opened or raised (to announce), and resolved. */
  opened: Escalation[];
  raised: Escalation[];
  resolved: Escalation[];
  problems: SlaProblem[];
}

/**
 * After a page is written: recomputes the policy SLA targets of the tickets it touched and runs
 * the escalation rules on them — in the page's own transaction, so a crash cannot leave the
 * targets or escalations behind the tickets. Only the touched tickets are read: never a rescan.
 */
export async function recomputeTickets(
  tx: Repositories,
  ticketIds: readonly string[],
  config: EngineConfig,
  now: Date,
): Promise<RecomputeResult> {
  const result: RecomputeResult = { policyTargets: 0, opened: [], raised: [], resolved: [], problems: [] };
  if (ticketIds.length === 0) return result;
  const tickets = await tx.tickets.getMany(ticketIds);
  const tiers = await organizationTiers(tx, tickets);
  if (config.sla.policies.length > 0) {
    const computed = await policyTargets(tx, tickets, tiers, config.sla, now);
    await tx.slaTargets.replacePolicyTargets(ticketIds, computed.targets);
    result.policyTargets = computed.targets.length;
    result.problems = computed.problems;
  }
  if (config.escalation.rules.length === 0 && !config.escalation.autoResolveWhenSolved) return result;
  const targets = groupBy(await tx.slaTargets.listForTickets(ticketIds), (t) => t.ticketId);
  const latest = await tx.escalations.latestForTickets(ticketIds);
  for (const ticket of tickets) {
    const previous = latest.get(ticket.id) ?? null;
    const verdict = evaluateEscalation(config.escalation, ticket, {
      now,
      targets: targets.get(ticket.id) ?? [],
      organizationTier: ticket.organizationId === null ? null : (tiers.get(ticket.organizationId) ?? null),
      unassignedSince: ticket.assigneeId === null ? ticket.createdAt : null,
    });
    const events = previous?.resolvedAt === null ? await tx.escalations.events(previous.id) : [];
    const action = decideEscalation({ config: config.escalation, ticket, verdict, latest: previous, events });
    const applied = applyEscalationAction(action, {
      ticketId: ticket.id,
      latest: previous,
      now,
      actor: 'rules',
    });
    if (applied === null) continue;
    if (action.kind === 'open') await tx.escalations.insert(applied.escalation);
    else await tx.escalations.update(applied.escalation);
    await tx.escalations.appendEvent(applied.event);
    if (action.kind === 'open') result.opened.push(applied.escalation);
    if (action.kind === 'raise') result.raised.push(applied.escalation);
    if (action.kind === 'resolve') result.resolved.push(applied.escalation);
  }
  return result;
}

async function organizationTiers(
  tx: Repositories,
  tickets: readonly Ticket[],
): Promise<Map<string, string | null>> {
  const ids = unique(tickets.map((t) => t.organizationId));
  return new Map((await tx.organizations.getMany(ids)).map((o) => [o.id, o.tier]));
}

async function policyTargets(
  tx: Repositories,
  tickets: readonly Ticket[],
  tiers: Map<string, string | null>,
  sla: SlaConfig,
  now: Date,
) {
  const comments = groupBy(await tx.comments.listForTickets(tickets.map((t) => t.id)), (c) => c.ticketId);
  const authorIds = unique([...comments.values()].flat().map((c) => c.authorId));
  const roles = new Map((await tx.people.getMany(authorIds)).map((p) => [p.id, p.role]));
  const targets: SlaTarget[] = [];
  const problems: SlaProblem[] = [];
  for (const ticket of tickets) {
    const computed = computePolicyTargets({
      config: sla,
      ticket,
      comments: comments.get(ticket.id) ?? [],
      authorRole: (id) => roles.get(id) ?? null,
      organizationTier: ticket.organizationId === null ? null : (tiers.get(ticket.organizationId) ?? null),
      now,
    });
    targets.push(...computed.targets);
    problems.push(...computed.problems);
  }
  return { targets, problems };
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}
