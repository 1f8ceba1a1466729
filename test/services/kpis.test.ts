import { describe, expect, it } from 'vitest';
import type { SlaTarget, Ticket } from '../../shared/domain/index.js';
import { agentReplyCounts, computeKpis } from '../../shared/services/metrics/kpis.js';
import { quantile } from '../../shared/services/metrics/stats.js';
import { CalendarConfig } from '../../shared/services/sla/calendar.js';
import { aComment, anSlaTarget, aTicket } from '../helpers/records.js';

const period = { from: new Date('2026-03-02T00:00:00.000Z'), to: new Date('2026-03-09T00:00:00.000Z') };
const now = new Date('2026-03-09T12:00:00.000Z');
const d = (day: string, hhmm: string) => `2026-${day}T${hhmm}:00.000Z`;
const good = { score: 'good', comment: null } as const;
const bad = { score: 'bad', comment: null } as const;

const tickets: Ticket[] = [
  aTicket({
    externalId: 'K1',
    groupId: 'test-crm:G',
    createdAt: d('03-02', '09:00'),
    firstRespondedAt: d('03-02', '09:10'),
    status: 'solved',
    solvedAt: d('03-02', '11:00'),
    satisfaction: good,
    reopens: 0,
  }),
  aTicket({
    externalId: 'K2',
    groupId: 'test-crm:G',
    createdAt: d('03-03', '09:00'),
    firstRespondedAt: d('03-03', '09:30'),
    status: 'closed',
    solvedAt: d('03-04', '09:00'),
    satisfaction: bad,
    reopens: 1,
  }),
  aTicket({
    externalId: 'K3',
    createdAt: d('03-04', '10:00'),
    firstRespondedAt: d('03-04', '11:00'),
    status: 'solved',
    solvedAt: d('03-05', '10:00'),
    satisfaction: { score: 'offered', comment: null },
    reopens: 0,
  }),
  aTicket({
    externalId: 'K4',
    createdAt: d('03-05', '08:00'),
    firstRespondedAt: d('03-05', '08:20'),
    status: 'open',
    reopens: null,
  }),
  aTicket({
    externalId: 'K5',
    createdAt: d('02-20', '00:00'),
    status: 'solved',
    solvedAt: d('03-06', '00:00'),
    satisfaction: good,
    reopens: null,
  }),
  aTicket({ externalId: 'K6', createdAt: d('03-08', '12:00'), status: 'new' }),
  aTicket({ externalId: 'K7', createdAt: d('01-01', '12:00'), status: 'pending' }),
  aTicket({ externalId: 'K8', createdAt: d('03-03', '12:00'), deleted: true }),
  aTicket({ externalId: 'K9', createdAt: d('03-09', '06:00'), status: 'open' }),
];
let n = 0;
const target = (ticket: string, o: Partial<SlaTarget>) =>
  anSlaTarget({ externalId: `t${++n}`, ticketId: `test-crm:${ticket}`, ...o });
const targets: SlaTarget[] = [
  target('K1', { metric: 'first_reply', stage: 'achieved', achievedAt: d('03-02', '09:10') }),
  target('K2', {
    metric: 'first_reply',
    stage: 'breached',
    breachedAt: d('03-03', '09:20'),
    achievedAt: d('03-03', '09:30'),
  }),
  target('K2', { metric: 'resolution', stage: 'active', dueAt: d('03-04', '00:00') }),
  target('K3', { metric: 'first_reply', stage: 'achieved', achievedAt: d('03-04', '11:00') }),
  target('K3', {
    metric: 'first_reply',
    stage: 'breached',
    breachedAt: d('03-04', '10:30'),
    origin: 'policy',
  }),
  target('K4', { metric: 'first_reply', stage: 'achieved', achievedAt: d('02-28', '10:00') }),
  target('K8', { metric: 'first_reply', stage: 'breached', breachedAt: d('03-03', '13:00') }),
];
const replies = new Map([
  ['test-crm:K1', 1],
  ['test-crm:K2', 3],
  ['test-crm:K3', 1],
]);
const agentReplies = (id: string) => replies.get(id) ?? null;

describe('computeKpis on a small data set', () => {
  const report = computeKpis({ tickets, targets, period, now, agentReplies });

  it('volume and backlog', () => {
    expect(report.volume).toEqual({ created: 5, solved: 4 });
    expect(report.backlog).toEqual({
      total: 4,
      buckets: [
        { label: '<1d', count: 1 },
        { label: '1-3d', count: 1 },
        { label: '3-7d', count: 1 },
        { label: '7-30d', count: 0 },
        { label: '>30d', count: 1 },
      ],
    });
  });

  it('first reply and resolution time: median and p90', () => {
    // First reply 10, 20, 30, 60 min; resolution 120, 1440, 1440, 20160 min.
    expect(report.firstReply).toEqual({
      median: 25,
      p90: expect.closeTo(51, 9),
      n: 4,
      unit: 'calendar_minutes',
    });
    expect(report.resolution.median).toBe(1440);
    expect(report.resolution.p90).toBeCloseTo(14544, 9);
  });

  it('SLA attainment, native over policy, stale active counted as breached', () => {
    expect(report.slaAttainment).toEqual({
      pct: 50,
      count: 2,
      of: 4,
      byMetric: [
        { metric: 'first_reply', pct: (2 / 3) * 100, count: 2, of: 3 },
        { metric: 'resolution', pct: 0, count: 0, of: 1 },
      ],
    });
  });

  it('CSAT, reopen rate and one-touch rate', () => {
    expect(report.csat).toEqual({ pct: (2 / 3) * 100, count: 2, of: 3 });
    expect(report.reopenRate).toEqual({ pct: (1 / 3) * 100, count: 1, of: 3 });
    expect(report.oneTouchRate).toEqual({ pct: (2 / 3) * 100, count: 2, of: 3 });
    expect(report.unavailable).toEqual([]);
  });

  it('counts business minutes with a calendar', () => {
    const calendar = CalendarConfig.parse({
      id: 'office',
      timeZone: 'UTC',
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((x) => [x, [{ from: '09:00', to: '17:00' }]]),
      ),
    });
    // 10, 30, 60 and 0 (K4 was answered before opening) business minutes.
    expect(computeKpis({ tickets, targets, period, now, calendar }).firstReply).toEqual({
      median: 20,
      p90: expect.closeTo(51, 9),
      n: 4,
      unit: 'business_minutes',
    });
  });

  it('filters by group', () => {
    const g = computeKpis({ tickets, targets, period, now, agentReplies, group: 'test-crm:G' });
    expect(g.volume).toEqual({ created: 2, solved: 2 });
    expect(g.slaAttainment.pct).toBeCloseTo(100 / 3, 9);
  });

  it('labels missing data instead of reporting zero', () => {
    const empty = computeKpis({ tickets: [tickets[3] as Ticket], targets: [], period, now });
    expect(empty.csat.pct).toBeNull();
    expect(empty.unavailable.map((u) => u.kpi)).toEqual([
      'resolution',
      'slaAttainment',
      'csat',
      'reopenRate',
      'oneTouchRate',
    ]);
  });
});

describe('agentReplyCounts', () => {
  it('counts public agent and admin replies; unknown without comments', () => {
    const roles: Record<string, 'agent' | 'admin' | 'end_user'> = {
      'test-crm:a': 'agent',
      'test-crm:b': 'admin',
      'test-crm:c': 'end_user',
    };
    const c = (id: string, ticketId: string, authorId: string, pub = true) =>
      aComment({ externalId: id, ticketId, authorId, public: pub });
    const count = agentReplyCounts(
      [
        c('1', 'x:1', 'test-crm:a'),
        c('2', 'x:1', 'test-crm:b'),
        c('3', 'x:1', 'test-crm:a', false),
        c('4', 'x:2', 'test-crm:c'),
      ],
      (id) => roles[id] ?? null,
    );
    expect([count('x:1'), count('x:2'), count('x:3')]).toEqual([2, 0, null]);
  });
});

describe('quantile', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[7], 0.9, 7],
    [[], 0.5, null],
  ])('%j q=%f → %s', (values, q, expected) => {
    expect(quantile(values, q)).toBe(expected);
  });
});
