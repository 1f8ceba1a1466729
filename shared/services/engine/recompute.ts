import { isDeepStrictEqual } from 'node:util';
import type { Escalation, EscalationEvent, SlaTarget, Ticket } from '../../domain/index.js';
import type { Repositories } from '../../store/index.js';
import {
  applyEscalationAction,
  decideEscalation,
  type EscalationConfig,
  evaluateEscalation,
} from '../escalation/index.js';
import { computePolicyTargets, type SlaConfig, type SlaProblem } from '../sla/index.js';
import { groupBy, unique } from './collections.js';

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
 * the escalation rules on them — in the page's own transaction, so a crash cannot leave targets
 * or escalations behind the tickets. Only the touched tickets are read (never a rescan), only
 * changed targets are written, and escalations are written in batches.
 * `known` are ticket versions the caller already holds (the page's), saving a read.
 */
export async function recomputeTickets(
  tx: Repositories,
  ticketIds: readonly string[],
  config: EngineConfig,
  now: Date,
  known: readonly Ticket[] = [],
): Promise<RecomputeResult> {
  const result: RecomputeResult = { policyTargets: 0, opened: [], raised: [], resolved: [], problems: [] };
  if (ticketIds.length === 0) return result;
  const tickets = await loadTickets(tx, ticketIds, known);
  const tiers = await organizationTiers(tx, tickets);
  const stored = groupBy(await tx.slaTargets.listForTickets(ticketIds), (t) => t.ticketId);
  const targets = new Map(stored);
  if (config.sla.policies.length > 0) {
    const computed = await policyTargets(tx, tickets, tiers, config.sla, now);
    await writePolicyTargets(tx, stored, computed.targets);
    for (const ticket of tickets) {
      const native = (stored.get(ticket.id) ?? []).filter((t) => t.origin === 'native');
      targets.set(ticket.id, [...native, ...(computed.byTicket.get(ticket.id) ?? [])]);
    }
    result.policyTargets = computed.targets.length;
    result.problems = computed.problems;
  }
  if (config.escalation.rules.length > 0 || config.escalation.autoResolveWhenSolved) {
    await runEscalationRules(tx, tickets, targets, tiers, config.escalation, now, result);
  }
  return result;
}

async function loadTickets(
  tx: Repositories,
  ids: readonly string[],
  known: readonly Ticket[],
): Promise<Ticket[]> {
  const have = new Map(known.map((t) => [t.id, t]));
  const missing = ids.filter((id) => !have.has(id));
  for (const t of await tx.tickets.getMany(missing)) have.set(t.id, t);
  return ids.map((id) => have.get(id)).filter((t): t is Ticket => t !== undefined);
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
  return { targets, problems, byTicket: groupBy(targets, (t) => t.ticketId) };
}

/** Replays and unchanged tickets write nothing; a policy that no longer applies loses its targets. */
async function writePolicyTargets(
  tx: Repositories,
  stored: Map<string, SlaTarget[]>,
  computed: readonly SlaTarget[],
): Promise<void> {
  const previous = new Map(
    [...stored.values()]
      .flat()
      .filter((t) => t.origin === 'policy')
      .map((t) => [t.id, t]),
  );
  const upserts = computed.filter((t) => !isDeepStrictEqual(previous.get(t.id), t));
  const keep = new Set(computed.map((t) => t.id));
  const deletes = [...previous.keys()].filter((id) => !keep.has(id));
  await tx.slaTargets.applyPolicyTargetChanges(upserts, deletes);
}

async function runEscalationRules(
  tx: Repositories,
  tickets: readonly Ticket[],
  targets: Map<string, SlaTarget[]>,
  tiers: Map<string, string | null>,
  config: EscalationConfig,
  now: Date,
  result: RecomputeResult,
): Promise<void> {
  const latest = await tx.escalations.latestForTickets(tickets.map((t) => t.id));
  const openIds = [...latest.values()].filter((e) => e.resolvedAt === null).map((e) => e.id);
  const logs = await tx.escalations.eventsFor(openIds);
  const inserts: Escalation[] = [];
  const events: (EscalationEvent & { seq: number })[] = [];
  for (const ticket of tickets) {
    const previous = latest.get(ticket.id) ?? null;
    const log = previous === null ? [] : (logs.get(previous.id) ?? []);
    const verdict = evaluateEscalation(config, ticket, {
      now,
      targets: targets.get(ticket.id) ?? [],
      organizationTier: ticket.organizationId === null ? null : (tiers.get(ticket.organizationId) ?? null),
      unassignedSince: ticket.assigneeId === null ? ticket.createdAt : null,
    });
    const action = decideEscalation({ config, ticket, verdict, latest: previous, events: log });
    const applied = applyEscalationAction(action, {
      ticketId: ticket.id,
      latest: previous,
      now,
      actor: 'rules',
    });
    if (applied === null) continue;
    if (action.kind === 'open') {
      inserts.push(applied.escalation);
      events.push({ ...applied.event, seq: 1 });
      result.opened.push(applied.escalation);
    } else {
      await tx.escalations.update(applied.escalation);
      events.push({ ...applied.event, seq: log.length + 1 });
      (action.kind === 'raise' ? result.raised : result.resolved).push(applied.escalation);
    }
  }
  await tx.escalations.insertMany(inserts);
  await tx.escalations.appendEventsInOrder(events);
}
