import type { Ticket } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import {
  comparableTickets,
  type Effect,
  effectOf,
  type OutcomeMetrics,
  outcomes,
  type QaScoreLookup,
} from './effect.js';
import { SopRule } from './front-matter.js';

export interface SopReportOptions {
  days?: number;
  now?: Date;
  /** The QA score of a ticket; by default the mean of its QA reviews (calibration excluded). */
  qaScore?: QaScoreLookup;
  /** A tag needs this many tickets in the period to count as a frequent topic. */
  minTopicTickets?: number;
  topicLimit?: number;
}

export interface SopReportEntry {
  id: string;
  title: string;
  owner: string;
  uses: number;
  used: OutcomeMetrics;
  similarWithout: OutcomeMetrics;
  /** Used minus not used; null where a side has no data. Negative resolution and reopen are better. */
  effect: Effect | null;
}

export interface SopReport {
  from: string;
  to: string;
  days: number;
  tickets: number;
  byUse: SopReportEntry[];
  /** SOPs with both used and similar tickets, best effect first. */
  byEffect: SopReportEntry[];
  topicsWithoutSop: { tag: string; tickets: number }[];
}

/**
 * Each ticket's QA score: the mean of the reviews written since the period began (a ticket created
 * in the period is reviewed after it; calibration reviews never count, as in IQS). One query.
 */
async function reviewScores(store: Store, from: string, to: string): Promise<QaScoreLookup> {
  const until = new Date(Date.parse(to) + 1).toISOString();
  const byTicket = new Map<string, number[]>();
  for (const review of await store.qaReviews.listCreated('review', from, until))
    byTicket.set(review.ticketId, [...(byTicket.get(review.ticketId) ?? []), review.score]);
  return (ticketId) => {
    const scores = byTicket.get(ticketId);
    return scores === undefined ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
  };
}

/**
 * Which SOPs are used and whether they help: tickets created in the last `days` where an SOP
 * was used, against similar tickets of the same period where it was not.
 */
export async function sopReport(store: Store, options: SopReportOptions = {}): Promise<SopReport> {
  const days = options.days ?? 30;
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  const to = now.toISOString();
  const tickets = (await store.tickets.listForPeriod(from)).filter(
    (t) => t.createdAt >= from && t.createdAt <= to,
  );
  const usedBySop = await usages(store, tickets);
  const qaScore = options.qaScore ?? (await reviewScores(store, from, to));
  const sops = await store.sops.list();
  const entries: SopReportEntry[] = [];
  for (const sop of sops) {
    const usedIds = usedBySop.get(sop.id) ?? new Set<string>();
    const used = tickets.filter((t) => usedIds.has(t.id));
    const similar = comparableTickets(
      used,
      tickets.filter((t) => !usedIds.has(t.id)),
    );
    const usedMetrics = await outcomes(used, qaScore);
    const similarMetrics = await outcomes(similar, qaScore);
    entries.push({
      id: sop.id,
      title: sop.title,
      owner: sop.owner,
      uses: used.length,
      used: usedMetrics,
      similarWithout: similarMetrics,
      effect: used.length > 0 && similar.length > 0 ? effectOf(usedMetrics, similarMetrics) : null,
    });
  }
  const covered = new Set(
    sops
      .flatMap((sop) => [
        ...sop.tags,
        ...SopRule.array()
          .catch([])
          .parse(sop.appliesTo)
          .flatMap((r) => r.tags ?? []),
      ])
      .map((t) => t.toLowerCase()),
  );
  return {
    from,
    to,
    days,
    tickets: tickets.length,
    byUse: entries.filter((e) => e.uses > 0).sort((a, b) => b.uses - a.uses || a.id.localeCompare(b.id)),
    byEffect: entries
      .filter((e) => e.effect !== null)
      .sort((a, b) => (b.effect?.score ?? 0) - (a.effect?.score ?? 0) || a.id.localeCompare(b.id)),
    topicsWithoutSop: uncoveredTopics(
      tickets,
      covered,
      options.minTopicTickets ?? 3,
      options.topicLimit ?? 10,
    ),
  };
}

async function usages(store: Store, tickets: readonly Ticket[]): Promise<Map<string, Set<string>>> {
  const bySop = new Map<string, Set<string>>();
  const ids = tickets.map((t) => t.id);
  // Bounded `in` lists: SQLite and PostgreSQL both cap the parameters of one statement.
  for (let i = 0; i < ids.length; i += 5000) {
    for (const use of await store.sops.usagesForTickets(ids.slice(i, i + 5000))) {
      const set = bySop.get(use.sopId) ?? new Set<string>();
      set.add(use.ticketId);
      bySop.set(use.sopId, set);
    }
  }
  return bySop;
}

function uncoveredTopics(tickets: readonly Ticket[], covered: Set<string>, min: number, limit: number) {
  const counts = new Map<string, number>();
  for (const t of tickets)
    for (const tag of new Set(t.tags.map((x) => x.toLowerCase())))
      if (!covered.has(tag)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, n]) => n >= min)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([tag, n]) => ({ tag, tickets: n }));
}
