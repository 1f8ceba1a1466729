import { describe, expect, it } from 'vitest';
import type { SlaTarget, Ticket } from '../../shared/domain/index.js';
import {
  effectiveStage,
  preferNativeTargets,
  slaToday,
  todayWindow,
} from '../../shared/services/sla/today.js';
import { anSlaTarget, aTicket } from '../helpers/records.js';

// Frozen clock: 2026-03-10 11:00 EDT. The team's "today" is [2026-03-10T04:00Z, 2026-03-11T04:00Z).
const now = new Date('2026-03-10T15:00:00.000Z');
const timeZone = 'America/New_York';

const tickets: Ticket[] = [
  aTicket({ externalId: 'T1', groupId: 'test-crm:A', priority: 'urgent', assigneeId: 'test-crm:a1' }),
  aTicket({ externalId: 'T2', groupId: 'test-crm:A', priority: 'normal' }),
  aTicket({ externalId: 'T3', groupId: 'test-crm:B', priority: 'high', status: 'solved' }),
  aTicket({ externalId: 'T4', groupId: 'test-crm:B', priority: 'urgent' }),
  aTicket({ externalId: 'T5', groupId: 'test-crm:B', priority: 'low', deleted: true }),
];
const ticketMap = new Map(tickets.map((t) => [t.id, t]));

let n = 0;
const target = (ticket: string, overrides: Partial<SlaTarget>): SlaTarget =>
  anSlaTarget({ externalId: `s${++n}`, ticketId: `test-crm:${ticket}`, ...overrides });
const targets: SlaTarget[] = [
  /* 1 */ target('T1', { metric: 'first_reply', stage: 'active', dueAt: '2026-03-10T15:30:00.000Z' }),
  /* 2 */ target('T1', { metric: 'resolution', stage: 'active', dueAt: '2026-03-11T02:00:00.000Z' }),
  /* 3 */ target('T2', { metric: 'first_reply', stage: 'active', dueAt: '2026-03-10T14:30:00.000Z' }),
  /* 4 */ target('T2', {
    metric: 'next_reply',
    stage: 'achieved',
    dueAt: '2026-03-10T14:00:00.000Z',
    achievedAt: '2026-03-10T13:00:00.000Z',
  }),
  /* 5 */ target('T3', {
    metric: 'resolution',
    stage: 'breached',
    dueAt: '2026-03-10T05:00:00.000Z',
    breachedAt: '2026-03-10T05:00:00.000Z',
    achievedAt: '2026-03-10T12:00:00.000Z',
  }),
  /* 6 */ target('T3', {
    metric: 'first_reply',
    stage: 'achieved',
    dueAt: '2026-03-10T03:30:00.000Z',
    achievedAt: '2026-03-10T03:00:00.000Z',
  }),
  /* 7 */ target('T4', {
    metric: 'first_reply',
    stage: 'breached',
    dueAt: '2026-03-09T20:00:00.000Z',
    breachedAt: '2026-03-09T20:00:00.000Z',
  }),
  /* 8 */ target('T4', { metric: 'resolution', stage: 'active', dueAt: '2026-03-10T15:50:00.000Z' }),
  /* 9 */ target('T4', { metric: 'next_reply', stage: 'active', dueAt: '2026-03-10T16:30:00.000Z' }),
  /* 10 */ target('T5', {
    metric: 'first_reply',
    stage: 'breached',
    dueAt: '2026-03-10T10:00:00.000Z',
    breachedAt: '2026-03-10T10:00:00.000Z',
  }),
  /* 11 */ target('T1', { metric: 'periodic_update', stage: 'paused', dueAt: null }),
  /* 12 */ target('T2', {
    metric: 'resolution',
    stage: 'achieved',
    dueAt: '2026-03-12T15:00:00.000Z',
    achievedAt: '2026-03-10T14:00:00.000Z',
  }),
];
const counts = (
  dueToday: number,
  breachedToday: number,
  atRisk: number,
  achievedToday: number,
  attainmentPct: number | null,
  openBreachesEarlier: number,
) => ({
  dueToday,
  breachedToday,
  atRisk,
  achievedToday,
  attainmentPct,
  openBreachesEarlier,
});

describe('slaToday on a frozen clock', () => {
  const today = slaToday({ targets, tickets: ticketMap, timeZone, now });

  it('uses the team time zone for the day', () => {
    expect(today.date).toBe('2026-03-10');
    expect(today.window).toEqual({ start: '2026-03-10T04:00:00.000Z', end: '2026-03-11T04:00:00.000Z' });
  });

  it('totals: hand-computed', () => {
    // due: 1,2,3,4,5,8,9; breached today: 3 (stale active), 5; at risk: 1, 8; achieved: 4, 12; earlier open breach: 7.
    expect(today.totals).toEqual(counts(7, 2, 2, 2, 50, 1));
  });

  it('splits by group and by priority', () => {
    expect(today.byGroup).toEqual([
      { groupId: 'test-crm:A', counts: counts(4, 1, 1, 2, (2 / 3) * 100, 0) },
      { groupId: 'test-crm:B', counts: counts(3, 1, 1, 0, 0, 1) },
    ]);
    expect(today.byPriority).toEqual([
      { priority: 'urgent', counts: counts(4, 0, 2, 0, null, 1) },
      { priority: 'high', counts: counts(1, 1, 0, 0, 0, 0) },
      { priority: 'normal', counts: counts(2, 1, 0, 2, (2 / 3) * 100, 0) },
    ]);
  });

  it('lists the most urgent at-risk and open breaches', () => {
    expect(today.atRisk.map((i) => [i.ticketId, i.metric, i.minutesLeft, i.assigneeId])).toEqual([
      ['test-crm:T1', 'first_reply', 30, 'test-crm:a1'],
      ['test-crm:T4', 'resolution', 50, null],
    ]);
    expect(today.breached.map((i) => [i.ticketId, i.metric, i.minutesLeft, i.url])).toEqual([
      ['test-crm:T4', 'first_reply', -1140, 'https://crm.example/tickets/T4'],
      ['test-crm:T2', 'first_reply', -30, 'https://crm.example/tickets/T2'],
    ]);
  });

  it('filters by group, widens the risk window and limits lists', () => {
    const b = slaToday({
      targets,
      tickets: ticketMap,
      timeZone,
      now,
      group: 'test-crm:B',
      atRiskMinutes: 90,
      listLimit: 1,
    });
    expect(b.totals).toEqual(counts(3, 1, 2, 0, 0, 1));
    expect(b.atRisk.map((i) => i.minutesLeft)).toEqual([50]);
  });

  it('is null attainment when nothing settled today', () => {
    expect(slaToday({ targets: [], tickets: ticketMap, timeZone, now }).totals).toEqual(
      counts(0, 0, 0, 0, null, 0),
    );
  });

  it('shifts the day with the zone', () => {
    expect(todayWindow('Europe/Berlin', new Date('2026-03-28T23:30:00.000Z')).date).toBe('2026-03-29');
    const spring = todayWindow('Europe/Berlin', new Date('2026-03-29T12:00:00.000Z'));
    expect(spring.end - spring.start).toBe(23 * 3_600_000);
  });
});

describe('preferNativeTargets', () => {
  it('drops policy targets of tickets that have native ones', () => {
    const native = target('T1', { origin: 'native' });
    const policy1 = target('T1', { origin: 'policy' });
    const policy2 = target('T2', { origin: 'policy' });
    expect(preferNativeTargets([native, policy1, policy2])).toEqual([native, policy2]);
  });
});

describe('effectiveStage', () => {
  const at = Date.parse('2026-03-10T15:00:00.000Z');
  it.each([
    ['active, not yet due', { stage: 'active', dueAt: '2026-03-10T15:01:00.000Z' }, 'active', null],
    [
      'active past due',
      { stage: 'active', dueAt: '2026-03-10T14:00:00.000Z' },
      'breached',
      '2026-03-10T14:00:00.000Z',
    ],
    [
      'paused past a due time stays paused (its clock is stopped)',
      { stage: 'paused', dueAt: '2026-03-10T14:00:00.000Z' },
      'paused',
      null,
    ],
    ['paused without a due time', { stage: 'paused', dueAt: null }, 'paused', null],
    [
      'breached keeps its breach time',
      { stage: 'breached', dueAt: '2026-03-10T14:00:00.000Z', breachedAt: '2026-03-10T14:05:00.000Z' },
      'breached',
      '2026-03-10T14:05:00.000Z',
    ],
    [
      'achieved stays achieved',
      { stage: 'achieved', dueAt: '2026-03-10T14:00:00.000Z', achievedAt: '2026-03-10T13:00:00.000Z' },
      'achieved',
      null,
    ],
  ] as const)('%s', (_name, overrides, stage, breachedAt) => {
    const result = effectiveStage(target('T1', overrides), at);
    expect(result).toEqual({ stage, breachedAt: breachedAt === null ? null : Date.parse(breachedAt) });
  });
});
