import type { Ticket } from '../../domain/index.js';
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
  const targets = await store.slaTargets.todayCandidates(
    new Date(window.start).toISOString(),
    new Date(window.end).toISOString(),
  );
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
    group: resolveGroup(options.group, tickets),
    ...(options.listLimit !== undefined && { listLimit: options.listLimit }),
  });
}

/** People type `360001` or `zendesk-main:360001`; tickets carry record ids. */
function resolveGroup(group: string | undefined, tickets: ReadonlyMap<string, Ticket>): string | undefined {
  if (group === undefined || group.includes(':')) return group;
  for (const ticket of tickets.values()) {
    if (ticket.groupId?.endsWith(`:${group}`)) return ticket.groupId;
  }
  return group;
}
