import type { Ticket, TicketPriority } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import type { SlaConfig } from './policy.js';
import { type SlaToday, slaToday, todayWindow } from './today.js';

export interface SlaStatusOptions {
  now?: Date;
  /** A group record id, or its CRM id / name as people type it (`zendesk-main:360001`, `360001`). */
  group?: string | undefined;
  listLimit?: number;
}

/**
 * Today's SLA status from the store, in the team's time zone: the CLI (`sla today`), the Slack bot
 * (`/casebridge sla`) and the sidebar all call this. Reads only the targets today can count.
 */
export async function slaStatusToday(
  store: Store,
  config: SlaConfig,
  options: SlaStatusOptions = {},
): Promise<SlaToday> {
  const now = options.now ?? new Date();
  const window = todayWindow(config.timeZone, now);
  const start = new Date(window.start).toISOString();
  const end = new Date(window.end).toISOString();
  const riskEnd = new Date(now.getTime() + config.atRiskMinutes * 60_000).toISOString();
  const limit = options.listLimit ?? 10;
  const group = options.group === undefined ? undefined : await resolveGroup(store, options.group);
  // Today's targets in full; the (possibly many) open breaches from earlier days are counted by
  // the store, and only the longest-overdue are read, for the list.
  const [today, earliest, earlierCounts] = await Promise.all([
    store.slaTargets.listForDay(start, end, now.toISOString(), riskEnd),
    store.slaTargets.openBreachesBefore(start, limit, group),
    store.slaTargets.countOpenBreachesBefore(start, group),
  ]);
  const targets = [...today, ...earliest];
  const tickets = new Map<string, Ticket>();
  const ids = [...new Set(targets.map((t) => t.ticketId))];
  for (let i = 0; i < ids.length; i += 1000) {
    for (const ticket of await store.tickets.getMany(ids.slice(i, i + 1000))) tickets.set(ticket.id, ticket);
  }
  return slaToday({
    targets,
    tickets,
    timeZone: config.timeZone,
    now,
    atRiskMinutes: config.atRiskMinutes,
    group,
    listLimit: limit,
    earlierOpenBreaches: earlierCounts.map((c) => ({ ...c, priority: c.priority as TicketPriority | null })),
  });
}

/** People type `360001` or `zendesk-main:360001`; tickets carry record ids. */
async function resolveGroup(store: Store, group: string): Promise<string> {
  if (group.includes(':')) return group;
  return (await store.tickets.groupIdEndingWith(group)) ?? group;
}
