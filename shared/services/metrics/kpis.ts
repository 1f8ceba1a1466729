import type { SlaMetric, SlaTarget } from '../../domain/sla-target.js';
import type { Ticket } from '../../domain/ticket.js';
import { businessMinutesBetween, type CalendarConfig } from '../sla/calendar.js';
import { instantOf } from '../sla/clock.js';
import { effectiveStage, preferNativeTargets } from '../sla/today.js';
import { percent, quantile } from './stats.js';

/**
 * The KPIs managers run the team by, over a period `[from, to)`, the same way for every CRM.
 * A KPI whose data the CRM does not provide is null and named in `unavailable` — never 0.
 *
 * - volume.created   = tickets with createdAt in the period; volume.solved = tickets with solvedAt in it.
 * - backlog          = unsolved tickets (new, open, pending, on hold) at `now`, bucketed by age (calendar time).
 * - firstReply       = createdAt → firstRespondedAt for tickets created in the period; median and p90.
 * - resolution       = createdAt → solvedAt for tickets solved in the period; median and p90.
 *                      Both in business minutes of `calendar` when given, else calendar minutes;
 *                      quantiles interpolate linearly (see stats.ts).
 * - slaAttainment    = achieved ÷ (achieved + breached) × 100, over targets achieved or breached in the
 *                      period (native targets win over policy ones on the same ticket); also per metric.
 * - csat             = good ÷ (good + bad) × 100 over tickets solved in the period; offered-but-unrated excluded.
 * - reopenRate       = solved-in-period tickets reopened at least once ÷ solved-in-period tickets whose
 *                      CRM reports reopens × 100.
 * - oneTouchRate     = solved-in-period tickets with exactly one public agent reply ÷ solved-in-period
 *                      tickets whose reply count is known × 100.
 */
export interface KpiInput {
  tickets: readonly Ticket[];
  targets: readonly SlaTarget[];
  period: { from: Date; to: Date };
  now: Date;
  /** Business calendar for reply and resolution times; null or absent = calendar time. */
  calendar?: CalendarConfig | null;
  /** Public agent replies on a ticket, or null when unknown (no comments synced). */
  agentReplies?: (ticketId: string) => number | null;
  /** Only tickets of this group (a group record id). */
  group?: string | undefined;
}

export interface Distribution {
  median: number | null;
  p90: number | null;
  n: number;
  unit: 'business_minutes' | 'calendar_minutes';
}

export interface Rate {
  pct: number | null;
  /** What the numerator counts. */
  count: number;
  of: number;
}

export interface KpiReport {
  period: { from: string; to: string };
  volume: { created: number; solved: number };
  backlog: { total: number; buckets: { label: string; count: number }[] };
  firstReply: Distribution;
  resolution: Distribution;
  slaAttainment: Rate & { byMetric: ({ metric: SlaMetric } & Rate)[] };
  csat: Rate;
  reopenRate: Rate;
  oneTouchRate: Rate;
  /** Names of KPIs left null because the data is missing, with why. */
  unavailable: { kpi: string; reason: string }[];
}

const HOUR_MS = 3_600_000;
export const BACKLOG_BUCKETS = [
  { label: '<1d', maxHours: 24 },
  { label: '1-3d', maxHours: 72 },
  { label: '3-7d', maxHours: 168 },
  { label: '7-30d', maxHours: 720 },
  { label: '>30d', maxHours: Number.POSITIVE_INFINITY },
] as const;
const UNSOLVED = new Set(['new', 'open', 'pending', 'on_hold']);

function backlog(tickets: readonly Ticket[], nowMs: number): KpiReport['backlog'] {
  const counts = BACKLOG_BUCKETS.map(() => 0);
  for (const t of tickets) {
    const created = instantOf(t.createdAt);
    if (!UNSOLVED.has(t.status) || created === null || created > nowMs) continue;
    const hours = (nowMs - created) / HOUR_MS;
    const i = BACKLOG_BUCKETS.findIndex((b) => hours < b.maxHours);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return {
    total: counts.reduce((a, b) => a + b, 0),
    buckets: BACKLOG_BUCKETS.map((b, i) => ({ label: b.label, count: counts[i] ?? 0 })),
  };
}

function distribution(pairs: [number, number][], calendar: CalendarConfig | null): Distribution {
  const minutes = pairs
    .filter(([start, end]) => end >= start)
    .map(([start, end]) =>
      calendar === null
        ? (end - start) / 60_000
        : businessMinutesBetween(calendar, new Date(start), new Date(end)),
    );
  return {
    median: quantile(minutes, 0.5),
    p90: quantile(minutes, 0.9),
    n: minutes.length,
    unit: calendar === null ? 'calendar_minutes' : 'business_minutes',
  };
}

const rate = (count: number, of: number): Rate => ({ pct: percent(count, of), count, of });

function attainment(targets: readonly SlaTarget[], inPeriod: (ms: number | null) => boolean, nowMs: number) {
  const settled = preferNativeTargets(targets).flatMap((t) => {
    const { stage, breachedAt } = effectiveStage(t, nowMs);
    if (stage === 'achieved' && inPeriod(instantOf(t.achievedAt)))
      return [{ metric: t.metric, achieved: true }];
    if (stage === 'breached' && inPeriod(breachedAt)) return [{ metric: t.metric, achieved: false }];
    return [];
  });
  const of = (list: typeof settled) => rate(list.filter((s) => s.achieved).length, list.length);
  const metrics = [...new Set(settled.map((s) => s.metric))].sort();
  return {
    ...of(settled),
    byMetric: metrics.map((metric) => ({ metric, ...of(settled.filter((s) => s.metric === metric)) })),
  };
}

function solvedRates(solved: readonly Ticket[], agentReplies: KpiInput['agentReplies']) {
  const rated = solved.filter((t) => t.satisfaction?.score === 'good' || t.satisfaction?.score === 'bad');
  const withReopens = solved.filter((t) => t.reopens !== null);
  const replyCounts =
    agentReplies === undefined ? [] : solved.map((t) => agentReplies(t.id)).filter((n) => n !== null);
  return {
    csat: rate(rated.filter((t) => t.satisfaction?.score === 'good').length, rated.length),
    reopenRate: rate(withReopens.filter((t) => (t.reopens ?? 0) > 0).length, withReopens.length),
    oneTouchRate: rate(replyCounts.filter((n) => n === 1).length, replyCounts.length),
  };
}

function unavailable(report: Omit<KpiReport, 'unavailable'>): KpiReport['unavailable'] {
  const missing: KpiReport['unavailable'] = [];
  const check = (kpi: string, empty: boolean, reason: string) => {
    if (empty) missing.push({ kpi, reason });
  };
  check('firstReply', report.firstReply.n === 0, 'no ticket created in the period has a first-reply time');
  check('resolution', report.resolution.n === 0, 'no ticket was solved in the period');
  check(
    'slaAttainment',
    report.slaAttainment.of === 0,
    'no SLA target was achieved or breached in the period',
  );
  check('csat', report.csat.of === 0, 'no solved ticket in the period has a good or bad rating');
  check('reopenRate', report.reopenRate.of === 0, 'the CRM does not report reopens for these tickets');
  check('oneTouchRate', report.oneTouchRate.of === 0, 'reply counts are unknown (comments not synced)');
  return missing;
}

export function computeKpis(input: KpiInput): KpiReport {
  const from = input.period.from.getTime();
  const to = input.period.to.getTime();
  const inPeriod = (ms: number | null): ms is number => ms !== null && ms >= from && ms < to;
  const tickets = input.tickets.filter(
    (t) => !t.deleted && (input.group === undefined || t.groupId === input.group),
  );
  const ids = new Set(tickets.map((t) => t.id));
  const created = tickets.filter((t) => inPeriod(instantOf(t.createdAt)));
  const solved = tickets.filter((t) => inPeriod(instantOf(t.solvedAt)));
  const pair = (start: string | null, end: string | null): [number, number][] => {
    const [s, e] = [instantOf(start), instantOf(end)];
    return s === null || e === null ? [] : [[s, e]];
  };
  const calendar = input.calendar ?? null;
  const report = {
    period: { from: input.period.from.toISOString(), to: input.period.to.toISOString() },
    volume: { created: created.length, solved: solved.length },
    backlog: backlog(tickets, input.now.getTime()),
    firstReply: distribution(
      created.flatMap((t) => pair(t.createdAt, t.firstRespondedAt)),
      calendar,
    ),
    resolution: distribution(
      solved.flatMap((t) => pair(t.createdAt, t.solvedAt)),
      calendar,
    ),
    slaAttainment: attainment(
      input.targets.filter((t) => ids.has(t.ticketId)),
      inPeriod,
      input.now.getTime(),
    ),
    ...solvedRates(solved, input.agentReplies),
  };
  return { ...report, unavailable: unavailable(report) };
}

/**
 * Public agent (or admin) replies per ticket, from its comments — an `agentReplies` lookup for
 * `computeKpis`. A ticket with comments but no agent reply counts 0; one without comments is unknown.
 */
export function agentReplyCounts(
  comments: readonly { ticketId: string; authorId: string | null; public: boolean }[],
  roleOf: (authorId: string) => 'end_user' | 'agent' | 'admin' | null,
): (ticketId: string) => number | null {
  const counts = new Map<string, number>();
  for (const c of comments) {
    const role = c.authorId === null ? null : roleOf(c.authorId);
    const agent = c.public && (role === 'agent' || role === 'admin');
    counts.set(c.ticketId, (counts.get(c.ticketId) ?? 0) + (agent ? 1 : 0));
  }
  return (ticketId) => counts.get(ticketId) ?? null;
}
