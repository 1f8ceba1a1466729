import type { Config } from '../../../shared/config/index.js';
import { normaliseEmail, type Person, type Ticket } from '../../../shared/domain/index.js';
import { effectiveStage, preferNativeTargets } from '../../../shared/services/sla/today.js';
import type {
  SidebarCustomer,
  SidebarHistoryTicket,
  SidebarPayload,
  SidebarSla,
  SidebarTicket,
} from '../src/api-types.js';
import { recordUrl, type SidebarContext } from './context.js';
import { countTickets, historyPage, openTickets, ratedScores } from './history.js';
import { type Agent, allowedActions } from './permissions.js';
import { qaOf } from './qa.js';
import { sopsOf } from './sops.js';

const RECENT = 10;

export function ticketView(t: Ticket): SidebarTicket {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    url: t.url,
  };
}

export function historyView(t: Ticket): SidebarHistoryTicket {
  return { ...ticketView(t), source: t.source, csat: t.satisfaction?.score ?? null, updatedAt: t.updatedAt };
}

async function slaOf(ctx: SidebarContext, ticket: Ticket, nowMs: number): Promise<SidebarSla[]> {
  const targets = preferNativeTargets(await ctx.store.slaTargets.listForTicket(ticket.id));
  return targets
    .map((t) => {
      const { stage, breachedAt } = effectiveStage(t, nowMs);
      return {
        metric: t.metric,
        policy: t.policy,
        stage,
        dueAt: t.dueAt,
        achievedAt: t.achievedAt,
        breachedAt: breachedAt === null ? null : new Date(breachedAt).toISOString(),
      };
    })
    .sort((a, b) => (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'));
}

/** Everyone with the requester's email, in every CRM: one customer. */
export async function customerPeople(ctx: SidebarContext, ticket: Ticket): Promise<Person[]> {
  if (ticket.requesterId === null) return [];
  const requester = await ctx.store.people.get(ticket.requesterId);
  const email = normaliseEmail(requester?.email ?? null);
  if (email === null) return requester === null ? [] : [requester];
  return ctx.store.people.findByEmail(email);
}

async function organizationsOf(ctx: SidebarContext, people: readonly Person[], email: string | null) {
  const ids = [...new Set(people.map((p) => p.organizationId).filter((id): id is string => id !== null))];
  const direct = await ctx.store.organizations.getMany(ids);
  const domain = email?.split('@')[1];
  const byDomain = domain === undefined ? [] : await ctx.store.organizations.findByDomain(domain);
  return [...new Map([...direct, ...byDomain].map((o) => [o.id, o])).values()];
}

function csatPct(scores: readonly string[]): number | null {
  const scored = scores.filter((s) => s === 'good' || s === 'bad');
  if (scored.length === 0) return null;
  const good = scored.filter((s) => s === 'good').length;
  return Math.round((good / scored.length) * 1000) / 10;
}

async function customerOf(
  ctx: SidebarContext,
  config: Config,
  ticket: Ticket,
): Promise<SidebarCustomer | null> {
  const people = await customerPeople(ctx, ticket);
  if (people.length === 0) return null;
  const email = normaliseEmail(people[0]?.email ?? null);
  const ids = people.map((p) => p.id);
  const [organizations, open, page, total, rated] = await Promise.all([
    organizationsOf(ctx, people, email),
    openTickets(ctx.store, ids, 20),
    historyPage(ctx.store, ids, RECENT, null),
    countTickets(ctx.store, ids),
    ratedScores(ctx.store, ids, 200),
  ]);
  const escalations = await ctx.store.escalations.listForTicketsAll(
    [...new Set([...open, ...page.tickets].map((t) => t.id))].filter((id) => id !== ticket.id),
  );
  return {
    email,
    people: people.map((p) => ({
      label: p.name ?? p.email ?? p.externalId,
      name: p.name,
      source: p.source,
      url: recordUrl(config, p, 'person'),
    })),
    organizations: organizations.map((o) => ({
      label: o.name ?? o.externalId,
      tier: o.tier,
      source: o.source,
      url: recordUrl(config, o, 'organization'),
    })),
    openTickets: open.map(historyView),
    recentTickets: page.tickets.map(historyView),
    totalTickets: total,
    nextCursor: page.nextCursor,
    csatPct: csatPct(rated),
    pastEscalations: escalations.map((e) => ({
      ticketId: e.ticketId,
      level: e.level,
      openedAt: e.openedAt,
      resolvedAt: e.resolvedAt,
    })),
  };
}

/** Everything the first paint needs, in one response. */
export async function sidebarPayload(
  ctx: SidebarContext,
  ticket: Ticket,
  agent: Agent,
  fetchedOnDemand: boolean,
): Promise<SidebarPayload> {
  const config = ctx.config();
  const now = ctx.now();
  const [sla, escalated, customer, qa, sops] = await Promise.all([
    slaOf(ctx, ticket, now.getTime()),
    ctx.services.escalations.forTicket(ticket.id),
    customerOf(ctx, config, ticket),
    qaOf(ctx, ticket),
    sopsOf(ctx, ticket),
  ]);
  const e = escalated.escalation;
  const permissions = config.zendeskApp?.permissions ?? { escalate: [], acknowledge: [], resolve: [] };
  return {
    now: now.toISOString(),
    ticket: ticketView(ticket),
    sla,
    escalation:
      e === null
        ? null
        : {
            level: e.level,
            levelName: ctx.services.escalations.levelName(e.level),
            reasons: e.reasons,
            owner: e.ownerId,
            openedAt: e.openedAt,
            openedBy: e.openedBy,
            acknowledgedBy: e.acknowledgedBy,
            resolvedAt: e.resolvedAt,
            events: escalated.events.map(({ type, at, actor, level, note }) => ({
              type,
              at,
              actor,
              level,
              note,
            })),
          },
    actions: allowedActions(permissions, agent, e),
    levels: config.escalation.levels.map((l, i) => ({ level: i + 1, name: l.name })),
    customer,
    qaFlags: qa.flags,
    qa,
    sops,
    fetchedOnDemand,
  };
}
