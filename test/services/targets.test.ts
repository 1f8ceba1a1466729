import { describe, expect, it } from 'vitest';
import { type Comment, SlaTarget, type Ticket } from '../../shared/domain/index.js';
import type { StatusChange } from '../../shared/services/sla/clock.js';
import { SlaConfig } from '../../shared/services/sla/policy.js';
import { computePolicyTargets } from '../../shared/services/sla/targets.js';
import { aComment, aTicket } from '../helpers/records.js';

// 2026-01-05 is a Monday; the office is open 09:00–17:00 UTC on weekdays.
const config = SlaConfig.parse({
  calendars: [
    {
      id: 'office',
      timeZone: 'UTC',
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]]),
      ),
    },
  ],
  policies: [
    {
      id: 'none-for-low',
      match: { priority: ['low'] },
      targets: { first_reply: { minutes: 5, business: false } },
    },
    {
      id: 'std',
      calendar: 'office',
      targets: {
        first_reply: { minutes: 60 },
        next_reply: { minutes: 120 },
        periodic_update: { minutes: 240, business: false },
        resolution: { minutes: 960, pauseWhile: ['pending', 'on_hold'] },
      },
    },
  ],
});
const roles: Record<string, 'agent' | 'end_user' | 'admin'> = {
  'test-crm:agent': 'agent',
  'test-crm:admin': 'admin',
  'test-crm:cust': 'end_user',
};
let seq = 0;
const reply = (by: 'agent' | 'admin' | 'cust', at: string, pub = true): Comment =>
  aComment({
    externalId: `c${++seq}`,
    ticketId: 'test-crm:1',
    authorId: `test-crm:${by}`,
    public: pub,
    createdAt: at,
  });
const t = (hhmm: string, day = '05') => `2026-01-${day}T${hhmm}:00.000Z`;

function run(ticket: Partial<Ticket>, comments: Comment[], now: string, statusHistory?: StatusChange[]) {
  const result = computePolicyTargets({
    config,
    ticket: aTicket({ externalId: '1', createdAt: t('09:00'), updatedAt: t('09:00'), ...ticket }),
    comments,
    authorRole: (id) => roles[id] ?? null,
    organizationTier: null,
    statusHistory,
    now: new Date(now),
  });
  for (const target of result.targets) SlaTarget.parse(target);
  return result;
}
const pick = (result: ReturnType<typeof run>, metric: string, n = 1) => {
  const target = result.targets.find((x) => x.metric === metric && x.externalId.endsWith(`:${n}:policy`));
  return (
    target && {
      stage: target.stage,
      dueAt: target.dueAt,
      achievedAt: target.achievedAt,
      breachedAt: target.breachedAt,
    }
  );
};
const stage = (
  s: string,
  dueAt: string | null,
  achievedAt: string | null = null,
  breachedAt: string | null = null,
) => ({
  stage: s,
  dueAt,
  achievedAt,
  breachedAt,
});

describe('first reply stages', () => {
  const cases: [string, Partial<Ticket>, Comment[], string, ReturnType<typeof stage>][] = [
    ['active before due', {}, [], t('09:30'), stage('active', t('10:00'))],
    ['breached once due passes', {}, [], t('10:30'), stage('breached', t('10:00'), null, t('10:00'))],
    [
      'achieved by a public agent reply',
      {},
      [reply('agent', t('09:45'))],
      t('12:00'),
      stage('achieved', t('10:00'), t('09:45')),
    ],
    [
      'a late reply stays breached',
      {},
      [reply('agent', t('10:15'))],
      t('12:00'),
      stage('breached', t('10:00'), t('10:15'), t('10:00')),
    ],
    [
      'admins count as agents',
      {},
      [reply('admin', t('09:50'))],
      t('12:00'),
      stage('achieved', t('10:00'), t('09:50')),
    ],
    [
      'notes and customer comments do not count',
      {},
      [reply('agent', t('09:10'), false), reply('cust', t('09:20'))],
      t('09:30'),
      stage('active', t('10:00')),
    ],
    [
      'the CRM first-response time counts',
      { firstRespondedAt: t('09:40') },
      [],
      t('12:00'),
      stage('achieved', t('10:00'), t('09:40')),
    ],
    [
      'Friday evening runs into Monday',
      { createdAt: t('16:30', '09') },
      [],
      t('12:00', '10'),
      stage('active', t('09:30', '12')),
    ],
    [
      'a reply in the future of now is not yet a reply',
      {},
      [reply('agent', t('09:45'))],
      t('09:40'),
      stage('active', t('10:00')),
    ],
    [
      'solving without a reply stops the clock',
      { status: 'solved', solvedAt: t('09:20') },
      [],
      t('12:00'),
      stage('achieved', t('10:00'), t('09:20')),
    ],
  ];
  it.each(cases)('%s', (_name, ticket, comments, now, expected) => {
    expect(pick(run(ticket, comments, now), 'first_reply')).toEqual(expected);
  });
});

describe('next reply and periodic update', () => {
  const comments = [
    reply('cust', t('08:59')),
    reply('agent', t('09:30')),
    reply('cust', t('11:00')),
    reply('agent', t('12:30')),
    reply('cust', t('14:00')),
    reply('cust', t('14:30')),
  ];
  it('opens one clock per unanswered customer wait', () => {
    const result = run({}, comments, t('16:30'));
    expect(pick(result, 'next_reply', 1)).toEqual(stage('achieved', t('13:00'), t('12:30')));
    expect(pick(result, 'next_reply', 2)).toEqual(stage('breached', t('16:00'), null, t('16:00')));
    expect(pick(result, 'next_reply', 3)).toBeUndefined();
  });
  it('counts calendar time between agent updates', () => {
    expect(pick(run({}, comments, t('16:00')), 'periodic_update', 1)).toEqual(
      stage('achieved', t('13:30'), t('12:30')),
    );
    expect(pick(run({}, comments, t('16:00')), 'periodic_update', 2)).toEqual(stage('active', t('16:30')));
    expect(pick(run({}, comments, t('17:00')), 'periodic_update', 2)).toEqual(
      stage('breached', t('16:30'), null, t('16:30')),
    );
  });
  it('solving the ticket stops a waiting reply clock and the update clock', () => {
    const solved = run(
      { status: 'solved', solvedAt: t('11:30') },
      [reply('agent', t('09:30')), reply('cust', t('11:00'))],
      t('16:00'),
    );
    expect(pick(solved, 'next_reply', 1)).toEqual(stage('achieved', t('13:00'), t('11:30')));
    expect(pick(solved, 'periodic_update', 1)).toEqual(stage('achieved', t('13:30'), t('11:30')));
  });
  it('has deterministic ids, so recomputing replaces rather than duplicates', () => {
    const ids = run({}, comments, t('16:30')).targets.map((x) => x.id);
    expect(ids).toEqual(run({}, comments, t('16:30')).targets.map((x) => x.id));
    expect(ids).toContain('test-crm:1:next_reply:2:policy');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('resolution with pausing', () => {
  const history = (...changes: [StatusChange['status'], string][]) =>
    changes.map(([status, at]) => ({ status, at }));
  const cases: [string, Partial<Ticket>, StatusChange[] | undefined, string, ReturnType<typeof stage>][] = [
    [
      'pending time does not count',
      { status: 'open' },
      history(['new', t('09:00')], ['pending', t('11:00')], ['open', t('09:00', '06')]),
      t('12:00', '06'),
      stage('active', t('15:00', '07')),
    ],
    [
      'paused while pending',
      { status: 'pending' },
      history(['new', t('09:00')], ['pending', t('11:00')]),
      t('12:00', '06'),
      stage('paused', null),
    ],
    [
      'on-hold after pending is one pause',
      { status: 'open' },
      history(
        ['open', t('09:00')],
        ['pending', t('11:00')],
        ['on_hold', t('13:00')],
        ['open', t('09:00', '06')],
      ),
      t('12:00', '06'),
      stage('active', t('15:00', '07')),
    ],
    [
      'no history: the clock never pauses',
      { status: 'pending' },
      undefined,
      t('12:00', '06'),
      stage('active', t('17:00', '06')),
    ],
    [
      'solved in time',
      { status: 'solved', solvedAt: t('10:00', '06') },
      history(
        ['new', t('09:00')],
        ['pending', t('11:00')],
        ['open', t('09:00', '06')],
        ['solved', t('10:00', '06')],
      ),
      t('12:00', '06'),
      stage('achieved', t('15:00', '07'), t('10:00', '06')),
    ],
    [
      'solved late',
      { status: 'solved', solvedAt: t('10:00', '07') },
      undefined,
      t('12:00', '07'),
      stage('breached', t('17:00', '06'), t('10:00', '07'), t('17:00', '06')),
    ],
    [
      'breached before the pause began',
      { status: 'pending' },
      history(['open', t('09:00')], ['pending', t('10:00', '07')]),
      t('12:00', '07'),
      stage('breached', t('17:00', '06'), null, t('17:00', '06')),
    ],
    [
      'closed counts from closedAt when solvedAt is missing',
      { status: 'closed', closedAt: t('10:00', '06') },
      undefined,
      t('12:00', '07'),
      stage('achieved', t('17:00', '06'), t('10:00', '06')),
    ],
    [
      'reopened: an old solve time does not count',
      { status: 'open', solvedAt: t('10:00', '06') },
      undefined,
      t('12:00', '06'),
      stage('active', t('17:00', '06')),
    ],
  ];
  it.each(cases)('%s', (_name, ticket, statusHistory, now, expected) => {
    expect(pick(run(ticket, [], now, statusHistory), 'resolution')).toEqual(expected);
  });
});

describe('bad and unmatched tickets', () => {
  it('reports a solved ticket without solve time instead of crashing', () => {
    const result = run({ status: 'solved', solvedAt: null, closedAt: null }, [], t('12:00'));
    expect(result.targets).toEqual([]);
    expect(result.problems).toEqual([
      { ticketId: 'test-crm:1', message: expect.stringMatching(/solvedAt and closedAt are missing/) },
    ]);
  });
  it('reports an unparsable createdAt', () => {
    const result = run({ createdAt: 'yesterday' }, [], t('12:00'));
    expect(result.targets).toEqual([]);
    expect(result.problems[0]?.message).toMatch(/createdAt "yesterday" is not a timestamp/);
  });
  it('skips and reports a comment without a valid time', () => {
    const result = run({}, [{ ...reply('agent', t('09:30')), createdAt: 'soon' }], t('09:40'));
    expect(pick(result, 'first_reply')).toEqual(stage('active', t('10:00')));
    expect(result.problems[0]?.message).toMatch(/has no valid createdAt/);
  });
  it('computes nothing for deleted tickets and for tickets no policy matches', () => {
    expect(run({ deleted: true }, [], t('12:00'))).toEqual({ policy: null, targets: [], problems: [] });
    const low = run({ priority: 'low' }, [], t('12:00'));
    expect(low.policy).toBe('none-for-low');
    expect(low.targets.map((x) => x.metric)).toEqual(['first_reply']);
    const none = computePolicyTargets({
      config: { ...config, policies: [] },
      ticket: aTicket({ externalId: '2' }),
      comments: [],
      authorRole: () => null,
      organizationTier: null,
      now: new Date(t('12:00')),
    });
    expect(none).toEqual({ policy: null, targets: [], problems: [] });
  });
});
