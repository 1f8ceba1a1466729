import type { Ticket } from '../../domain/index.js';

export type QaScoreLookup = (ticketId: string) => number | null | Promise<number | null>;

export interface OutcomeMetrics {
  tickets: number;
  /** Median hours from creation to solved, over solved tickets. */
  resolutionHours: number | null;
  /** Share of tickets reopened at least once, over tickets whose reopen count is known. */
  reopenRate: number | null;
  /** good / (good + bad) over rated tickets. */
  csat: number | null;
  /** Mean QA score, when a lookup is given and has scores. */
  qaScore: number | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const share = (hits: number, of: number) => (of === 0 ? null : hits / of);

export async function outcomes(tickets: readonly Ticket[], qaScore?: QaScoreLookup): Promise<OutcomeMetrics> {
  const hours = tickets
    .filter((t) => t.solvedAt !== null)
    .map((t) => (Date.parse(t.solvedAt ?? '') - Date.parse(t.createdAt)) / 3_600_000);
  const known = tickets.filter((t) => t.reopens !== null);
  const rated = tickets.filter((t) => t.satisfaction?.score === 'good' || t.satisfaction?.score === 'bad');
  let qa: number | null = null;
  if (qaScore !== undefined) {
    const scores = (await Promise.all(tickets.map((t) => qaScore(t.id)))).filter(
      (s): s is number => s !== null,
    );
    qa = scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
  }
  return {
    tickets: tickets.length,
    resolutionHours: median(hours),
    reopenRate: share(known.filter((t) => (t.reopens ?? 0) > 0).length, known.length),
    csat: share(rated.filter((t) => t.satisfaction?.score === 'good').length, rated.length),
    qaScore: qa,
  };
}

const key = (t: Ticket) => `${t.priority ?? '-'}|${t.channel}`;

/**
 * Similar tickets: same priority and channel, and sharing a tag (or both untagged), among
 * `pool` — which the caller limits to the same period and to tickets where the SOP was not used.
 */
export function comparableTickets(used: readonly Ticket[], pool: readonly Ticket[]): Ticket[] {
  const byKey = new Map<string, Ticket[]>();
  for (const t of pool) byKey.set(key(t), [...(byKey.get(key(t)) ?? []), t]);
  const found = new Map<string, Ticket>();
  for (const u of used) {
    const tags = new Set(u.tags);
    for (const t of byKey.get(key(u)) ?? []) {
      const similar = tags.size === 0 ? t.tags.length === 0 : t.tags.some((tag) => tags.has(tag));
      if (similar) found.set(t.id, t);
    }
  }
  return [...found.values()];
}

export interface Effect {
  resolutionHours: number | null;
  reopenRate: number | null;
  csat: number | null;
  qaScore: number | null;
  /**
   * One number to rank by, higher is better: relative resolution-time saving + reopen-rate drop
   * + CSAT gain + relative QA gain, each counted only when both sides have it.
   */
  score: number;
}

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function effectOf(used: OutcomeMetrics, others: OutcomeMetrics): Effect {
  const resolution = diff(used.resolutionHours, others.resolutionHours);
  const reopen = diff(used.reopenRate, others.reopenRate);
  const csat = diff(used.csat, others.csat);
  const qa = diff(used.qaScore, others.qaScore);
  let score = 0;
  if (resolution !== null && (others.resolutionHours ?? 0) > 0)
    score += -resolution / (others.resolutionHours ?? 1);
  if (reopen !== null) score += -reopen;
  if (csat !== null) score += csat;
  if (qa !== null && (others.qaScore ?? 0) > 0) score += qa / (others.qaScore ?? 1);
  return { resolutionHours: resolution, reopenRate: reopen, csat, qaScore: qa, score };
}
