import type { SlaMetric, SlaStage, SlaTarget } from '../../domain/sla-target.js';
import type { Ticket, TicketPriority } from '../../domain/ticket.js';
import { instantOf } from './clock.js';
import { localDateOf, localDayBounds } from './zone.js';

const MINUTE_MS = 60_000;

/** The ticket fields today's status shows; a full `Ticket` fits. */
export type TodayTicket = Pick<
  Ticket,
  'id' | 'number' | 'subject' | 'url' | 'status' | 'priority' | 'groupId' | 'assigneeId' | 'deleted'
>;

export interface SlaTodayInput {
  targets: readonly SlaTarget[];
  tickets: ReadonlyMap<string, TodayTicket>;
  /** The team's zone: "today" is its local date at `now`. */
  timeZone: string;
  now: Date;
  /** Active and due within this many minutes = at risk (default 60). */
  atRiskMinutes?: number;
  /** Only tickets of this group (a group record id). */
  group?: string | undefined;
  /** Length of the most-urgent lists (default 10). */
  listLimit?: number;
  /** Keep policy targets of tickets that also have native ones (default false: native wins). */
  keepPolicyWhereNative?: boolean;
  /**
   * Open breaches from before today, counted by the store (there can be many more than today's
   * targets). When given, these are the `openBreachesEarlier` counts, and `targets` need only hold
   * the longest-overdue of them, for the breached list.
   */
  earlierOpenBreaches?: readonly { groupId: string | null; priority: TicketPriority | null; count: number }[];
}

export interface SlaTodayCounts {
  /** `dueAt` within today, whatever the stage. */
  dueToday: number;
  /** Breached today (`breachedAt` within today). */
  breachedToday: number;
  /** Active and due within the at-risk window from now. */
  atRisk: number;
  /** Achieved today (`achievedAt` within today, on time). */
  achievedToday: number;
  /** achievedToday ÷ (achievedToday + breachedToday) × 100; null when nothing settled today. */
  attainmentPct: number | null;
  /** Breached before today and still unanswered on a ticket that is still open. */
  openBreachesEarlier: number;
}

export interface SlaTodayItem {
  targetId: string;
  ticketId: string;
  number: string | null;
  subject: string | null;
  url: string | null;
  metric: SlaMetric;
  origin: SlaTarget['origin'];
  priority: TicketPriority | null;
  groupId: string | null;
  assigneeId: string | null;
  dueAt: string;
  /** Whole minutes until due; negative when overdue. */
  minutesLeft: number;
}

export interface SlaToday {
  date: string;
  timeZone: string;
  now: string;
  /** The local day as UTC instants `[start, end)`: what a store query should select on. */
  window: { start: string; end: string };
  totals: SlaTodayCounts;
  byGroup: { groupId: string | null; counts: SlaTodayCounts }[];
  byPriority: { priority: TicketPriority | null; counts: SlaTodayCounts }[];
  /** Soonest due first. */
  atRisk: SlaTodayItem[];
  /** Open breaches (today's and earlier), longest overdue first. */
  breached: SlaTodayItem[];
}

/**
 * The stage at `now`. A stored `active` target whose due time has passed is a breach at its due
 * time: stages are stored when a page is synced, and time moves on (Salesforce does not even touch
 * a milestone when it is violated). A `paused` one is not: its clock is stopped, and a CRM that saw
 * it breach before the pause reports `breached` itself.
 */
export function effectiveStage(
  target: SlaTarget,
  nowMs: number,
): { stage: SlaStage; breachedAt: number | null } {
  const due = instantOf(target.dueAt);
  if (target.stage === 'active' && due !== null && due <= nowMs)
    return { stage: 'breached', breachedAt: due };
  const breachedAt = target.stage === 'breached' ? (instantOf(target.breachedAt) ?? due) : null;
  return { stage: target.stage, breachedAt };
}

/** One SLA view: where a ticket has native targets (the CRM's own), its policy targets are dropped. */
export function preferNativeTargets(targets: readonly SlaTarget[]): SlaTarget[] {
  const native = new Set(targets.filter((t) => t.origin === 'native').map((t) => t.ticketId));
  return targets.filter((t) => t.origin === 'native' || !native.has(t.ticketId));
}

/** The team's local day containing `now`, as `YYYY-MM-DD` and UTC bounds. */
export function todayWindow(timeZone: string, now: Date): { date: string; start: number; end: number } {
  const date = localDateOf(timeZone, now.getTime());
  const { start, end } = localDayBounds(timeZone, date);
  return {
    date: new Date(Date.UTC(date.year, date.month - 1, date.day)).toISOString().slice(0, 10),
    start,
    end,
  };
}

interface Classified {
  target: SlaTarget;
  ticket: TodayTicket | undefined;
  due: number | null;
  dueToday: boolean;
  breachedToday: boolean;
  atRisk: boolean;
  achievedToday: boolean;
  openBreach: boolean;
  openBreachEarlier: boolean;
}

function classify(
  target: SlaTarget,
  ticket: TodayTicket | undefined,
  day: { start: number; end: number },
  nowMs: number,
  riskMs: number,
): Classified {
  const within = (ms: number | null) => ms !== null && ms >= day.start && ms < day.end;
  const due = instantOf(target.dueAt);
  const { stage, breachedAt } = effectiveStage(target, nowMs);
  const ticketOpen = ticket === undefined || (ticket.status !== 'solved' && ticket.status !== 'closed');
  const openBreach = stage === 'breached' && target.achievedAt === null && ticketOpen;
  return {
    target,
    ticket,
    due,
    dueToday: within(due),
    breachedToday: stage === 'breached' && within(breachedAt),
    atRisk: stage === 'active' && due !== null && due > nowMs && due <= nowMs + riskMs,
    achievedToday: stage === 'achieved' && within(instantOf(target.achievedAt)),
    openBreach,
    openBreachEarlier: openBreach && breachedAt !== null && breachedAt < day.start,
  };
}

function count(items: readonly Classified[]): SlaTodayCounts {
  const n = (key: keyof Classified) => items.filter((i) => i[key] === true).length;
  const achievedToday = n('achievedToday');
  const breachedToday = n('breachedToday');
  const settled = achievedToday + breachedToday;
  return {
    dueToday: n('dueToday'),
    breachedToday,
    atRisk: n('atRisk'),
    achievedToday,
    attainmentPct: settled === 0 ? null : (achievedToday / settled) * 100,
    openBreachesEarlier: n('openBreachEarlier'),
  };
}

function splitBy<K>(items: readonly Classified[], key: (i: Classified) => K, order: (a: K, b: K) => number) {
  const groups = new Map<K, Classified[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list === undefined) groups.set(key(item), [item]);
    else list.push(item);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => order(a, b))
    .map(([k, list]) => ({ key: k, counts: count(list) }));
}

const PRIORITY_ORDER: (TicketPriority | null)[] = ['urgent', 'high', 'normal', 'low', null];
const byName = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff');

function toItem(c: Classified, nowMs: number): SlaTodayItem {
  const due = c.due ?? nowMs;
  return {
    targetId: c.target.id,
    ticketId: c.target.ticketId,
    number: c.ticket?.number ?? null,
    subject: c.ticket?.subject ?? null,
    url: c.ticket?.url ?? null,
    metric: c.target.metric,
    origin: c.target.origin,
    priority: c.ticket?.priority ?? null,
    groupId: c.ticket?.groupId ?? null,
    assigneeId: c.ticket?.assigneeId ?? null,
    dueAt: new Date(due).toISOString(),
    minutesLeft: Math.round((due - nowMs) / MINUTE_MS),
  };
}

/**
 * Today's SLA status, pure. Give it at least every target that is due, breached or achieved today,
 * active within the at-risk window, or breached earlier and still open (see `window`); extra
 * targets are harmless. Targets of deleted tickets are left out.
 */
export function slaToday(input: SlaTodayInput): SlaToday {
  const nowMs = input.now.getTime();
  const day = todayWindow(input.timeZone, input.now);
  const riskMs = (input.atRiskMinutes ?? 60) * MINUTE_MS;
  const targets = input.keepPolicyWhereNative === true ? input.targets : preferNativeTargets(input.targets);
  const items = targets
    .map((t) => classify(t, input.tickets.get(t.ticketId), day, nowMs, riskMs))
    .filter((c) => c.ticket?.deleted !== true)
    .filter((c) => input.group === undefined || c.ticket?.groupId === input.group);
  const limit = input.listLimit ?? 10;
  const byDue = (a: Classified, b: Classified) => (a.due ?? 0) - (b.due ?? 0);
  const status = {
    date: day.date,
    timeZone: input.timeZone,
    now: input.now.toISOString(),
    window: { start: new Date(day.start).toISOString(), end: new Date(day.end).toISOString() },
    totals: count(items),
    byGroup: splitBy(items, (i) => i.ticket?.groupId ?? null, byName).map(({ key, counts }) => ({
      groupId: key,
      counts,
    })),
    byPriority: splitBy(
      items,
      (i) => i.ticket?.priority ?? null,
      (a, b) => PRIORITY_ORDER.indexOf(a) - PRIORITY_ORDER.indexOf(b),
    ).map(({ key, counts }) => ({ priority: key, counts })),
    atRisk: items
      .filter((i) => i.atRisk)
      .sort(byDue)
      .slice(0, limit)
      .map((i) => toItem(i, nowMs)),
    breached: items
      .filter((i) => i.openBreach)
      .sort(byDue)
      .slice(0, limit)
      .map((i) => toItem(i, nowMs)),
  };
  return input.earlierOpenBreaches === undefined
    ? status
    : withEarlierCounts(status, input.earlierOpenBreaches);
}

const EMPTY: SlaTodayCounts = {
  dueToday: 0,
  breachedToday: 0,
  atRisk: 0,
  achievedToday: 0,
  attainmentPct: null,
  openBreachesEarlier: 0,
};

/** Replaces the earlier-breach counts with the store's, adding groups/priorities only they have. */
function withEarlierCounts(
  status: SlaToday,
  earlier: NonNullable<SlaTodayInput['earlierOpenBreaches']>,
): SlaToday {
  const sum = (keep: (e: (typeof earlier)[number]) => boolean) =>
    earlier.filter(keep).reduce((n, e) => n + e.count, 0);
  const groups = new Map(status.byGroup.map((g) => [g.groupId, g.counts]));
  for (const e of earlier) if (!groups.has(e.groupId)) groups.set(e.groupId, EMPTY);
  const priorities = new Map(status.byPriority.map((p) => [p.priority, p.counts]));
  for (const e of earlier) if (!priorities.has(e.priority)) priorities.set(e.priority, EMPTY);
  return {
    ...status,
    totals: { ...status.totals, openBreachesEarlier: sum(() => true) },
    byGroup: [...groups]
      .sort(([a], [b]) => byName(a, b))
      .map(([groupId, counts]) => ({
        groupId,
        counts: { ...counts, openBreachesEarlier: sum((e) => e.groupId === groupId) },
      })),
    byPriority: [...priorities]
      .sort(([a], [b]) => PRIORITY_ORDER.indexOf(a) - PRIORITY_ORDER.indexOf(b))
      .map(([priority, counts]) => ({
        priority,
        counts: { ...counts, openBreachesEarlier: sum((e) => e.priority === priority) },
      })),
  };
}
