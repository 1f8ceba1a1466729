import type { Store } from '../../store/index.js';
import type { SlaConfig } from '../sla/policy.js';
import { agentReplyCounts, computeKpis, type KpiReport } from './kpis.js';

export interface KpiReportOptions {
  days: number;
  group?: string | undefined;
  now?: Date;
  /** A calendar id from `sla.calendars` for business-time reply/resolution; default: the first one. */
  calendar?: string | undefined;
}

/**
 * The KPI report over the last `days` days from the store: the tickets the period needs, the SLA
 * targets settled in it, and agent reply counts from synced comments (for one-touch resolution).
 */
export async function kpiReport(store: Store, sla: SlaConfig, options: KpiReportOptions): Promise<KpiReport> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - options.days * 86_400_000);
  const tickets = await store.tickets.listForPeriod(from.toISOString());
  const targets = await store.slaTargets.listSettledBetween(from.toISOString(), now.toISOString());
  const solvedIds = tickets
    .filter((t) => t.solvedAt !== null && t.solvedAt >= from.toISOString())
    .map((t) => t.id);
  const comments = [];
  for (let i = 0; i < solvedIds.length; i += 1000)
    comments.push(...(await store.comments.listForTickets(solvedIds.slice(i, i + 1000))));
  const authorIds = [...new Set(comments.map((c) => c.authorId).filter((id): id is string => id !== null))];
  const roles = new Map<string, string>();
  for (let i = 0; i < authorIds.length; i += 1000) {
    for (const person of await store.people.getMany(authorIds.slice(i, i + 1000)))
      roles.set(person.id, person.role);
  }
  const calendar =
    options.calendar === undefined
      ? (sla.calendars[0] ?? null)
      : (sla.calendars.find((c) => c.id === options.calendar) ?? null);
  const counts = agentReplyCounts(
    comments,
    (id) => (roles.get(id) as 'end_user' | 'agent' | 'admin' | undefined) ?? null,
  );
  return computeKpis({
    tickets,
    targets,
    period: { from, to: now },
    now,
    calendar,
    agentReplies: counts,
    group: options.group,
  });
}
