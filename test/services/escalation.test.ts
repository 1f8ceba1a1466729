import { describe, expect, it } from 'vitest';
import { Escalation, EscalationEvent, type SlaTarget, type Ticket } from '../../shared/domain/index.js';
import { applyEscalationAction, decideEscalation } from '../../shared/services/escalation/decide.js';
import {
  EscalationConfig,
  type EscalationContext,
  evaluateEscalation,
  validateEscalationConfig,
} from '../../shared/services/escalation/rules.js';
import { anSlaTarget, aTicket } from '../helpers/records.js';

const config = EscalationConfig.parse({
  levels: [
    { name: 'team-lead', owner: 'slack:U1', notify: ['C-support'] },
    { name: 'manager', owner: 'slack:U2' },
    { name: 'director', owner: 'slack:U3' },
  ],
  rules: [
    { id: 'breach', level: 'team-lead', when: { slaBreached: true } },
    { id: 'urgent-unassigned', level: 2, when: { priority: ['urgent'], unassignedForMinutes: 30 } },
    {
      id: 'vip-complaint',
      level: 'director',
      reason: 'VIP complaint',
      when: { organizationTier: ['vip'], tags: { all: ['complaint'] } },
    },
    { id: 'reopened', level: 1, when: { reopenedAtLeast: 2 } },
    { id: 'crm', level: 2, when: { crmEscalated: true } },
    { id: 'resolution-breach', level: 'manager', when: { slaBreached: { metrics: ['resolution'] } } },
  ],
});
const now = new Date('2026-01-05T12:00:00.000Z');
const breached = (metric: SlaTarget['metric'], o: Partial<SlaTarget> = {}) =>
  anSlaTarget({
    externalId: `s-${metric}`,
    ticketId: 'test-crm:E1',
    metric,
    stage: 'breached',
    breachedAt: '2026-01-05T10:00:00.000Z',
    ...o,
  });
const ctx = (o: Partial<EscalationContext> = {}): EscalationContext => ({
  now,
  targets: [],
  organizationTier: null,
  ...o,
});
const ticket = (o: Partial<Ticket> = {}) =>
  aTicket({ externalId: 'E1', createdAt: '2026-01-05T11:00:00.000Z', ...o });

describe('evaluateEscalation', () => {
  const cases: [
    string,
    Partial<Ticket>,
    Partial<EscalationContext>,
    { level: number; reasons: string[] } | null,
  ][] = [
    ['nothing matches', {}, {}, null],
    [
      'an unanswered breach',
      {},
      { targets: [breached('first_reply')] },
      { level: 1, reasons: ['SLA breached (first_reply)'] },
    ],
    [
      'a breach answered late does not escalate',
      {},
      { targets: [breached('first_reply', { achievedAt: '2026-01-05T10:30:00.000Z' })] },
      null,
    ],
    [
      'a stale active target past due is a breach',
      {},
      {
        targets: [
          breached('first_reply', { stage: 'active', breachedAt: null, dueAt: '2026-01-05T11:30:00.000Z' }),
        ],
      },
      { level: 1, reasons: ['SLA breached (first_reply)'] },
    ],
    [
      'metric-filtered breach rule',
      {},
      { targets: [breached('resolution')] },
      { level: 2, reasons: ['SLA breached (resolution)'] },
    ],
    [
      'urgent and unassigned for 60 min',
      { priority: 'urgent' },
      {},
      { level: 2, reasons: ['priority urgent and unassigned for 30 min or more'] },
    ],
    [
      'urgent but only 20 min unassigned',
      { priority: 'urgent' },
      { unassignedSince: '2026-01-05T11:40:00.000Z' },
      null,
    ],
    ['urgent but assigned', { priority: 'urgent', assigneeId: 'test-crm:a' }, {}, null],
    [
      'vip complaint uses its own reason',
      { tags: ['complaint'] },
      { organizationTier: 'vip' },
      { level: 3, reasons: ['VIP complaint'] },
    ],
    ['complaint without vip', { tags: ['complaint'] }, { organizationTier: 'gold' }, null],
    ['reopened twice', { reopens: 2 }, {}, { level: 1, reasons: ['reopened 2 times or more'] }],
    ['escalated in the CRM', { isEscalated: true }, {}, { level: 2, reasons: ['escalated in the CRM'] }],
    [
      'highest level wins, all reasons kept',
      { isEscalated: true, reopens: 3 },
      { targets: [breached('first_reply')] },
      {
        level: 2,
        reasons: ['SLA breached (first_reply)', 'reopened 2 times or more', 'escalated in the CRM'],
      },
    ],
    ['solved tickets are not escalated', { isEscalated: true, status: 'solved' }, {}, null],
  ];
  it.each(cases)('%s', (_name, t, c, expected) => {
    const verdict = evaluateEscalation(config, ticket(t), ctx(c));
    expect(verdict === null ? null : { level: verdict.level, reasons: verdict.reasons }).toEqual(expected);
  });
});

describe('decideEscalation: raised, never duplicated', () => {
  /** Runs the rules like a sync would, page after page, and applies what they decide. */
  function replay(steps: { ticket: Ticket; context: EscalationContext }[], autoResolveWhenSolved = true) {
    const cfg = { ...config, autoResolveWhenSolved };
    let latest: Escalation | null = null;
    const events: EscalationEvent[] = [];
    const kinds: string[] = [];
    for (const [i, step] of steps.entries()) {
      const verdict = evaluateEscalation(cfg, step.ticket, step.context);
      const action = decideEscalation({ config: cfg, ticket: step.ticket, verdict, latest, events });
      kinds.push(action.kind);
      const applied = applyEscalationAction(action, {
        ticketId: step.ticket.id,
        latest,
        now: new Date(now.getTime() + i * 60_000),
        actor: 'rules',
      });
      if (applied !== null) {
        latest = Escalation.parse(applied.escalation);
        events.push(EscalationEvent.parse(applied.event));
      }
    }
    return { latest, events, kinds };
  }
  const breachedStep = { ticket: ticket(), context: ctx({ targets: [breached('first_reply')] }) };
  const crmStep = {
    ticket: ticket({ isEscalated: true }),
    context: ctx({ targets: [breached('first_reply')] }),
  };
  const solvedStep = { ticket: ticket({ status: 'solved', isEscalated: true }), context: ctx() };

  it('opens once and stays quiet on replayed pages', () => {
    const { latest, kinds } = replay([breachedStep, breachedStep, breachedStep]);
    expect(kinds).toEqual(['open', 'none', 'none']);
    expect(latest).toMatchObject({
      level: 1,
      ownerId: 'slack:U1',
      reasons: ['SLA breached (first_reply)'],
      openedBy: 'rules',
    });
  });

  it('raises to a higher level once, keeping earlier reasons', () => {
    const { latest, kinds, events } = replay([breachedStep, crmStep, crmStep, breachedStep]);
    expect(kinds).toEqual(['open', 'raise', 'none', 'none']);
    expect(latest).toMatchObject({
      level: 2,
      ownerId: 'slack:U2',
      reasons: ['SLA breached (first_reply)', 'escalated in the CRM'],
    });
    expect(events.map((e) => [e.type, e.level])).toEqual([
      ['opened', 1],
      ['raised', 2],
    ]);
  });

  it('resolves itself when the ticket is solved, once', () => {
    const { latest, kinds } = replay([crmStep, solvedStep, solvedStep]);
    expect(kinds).toEqual(['open', 'resolve', 'none']);
    expect(latest?.resolvedAt).toBe('2026-01-05T12:01:00.000Z');
  });

  it('stays open on solve when auto-resolve is off', () => {
    expect(replay([crmStep, solvedStep], false).kinds).toEqual(['open', 'none']);
  });

  it('does not reopen a resolved escalation for the same reasons, but does for new ones', () => {
    const reopened = { ticket: ticket({ isEscalated: true, reopens: 2 }), context: ctx() };
    expect(replay([crmStep, solvedStep, crmStep, reopened]).kinds).toEqual([
      'open',
      'resolve',
      'none',
      'open',
    ]);
  });

  it('does not undo a manual de-escalation', () => {
    const verdict = evaluateEscalation(config, crmStep.ticket, crmStep.context);
    const latest = Escalation.parse({
      id: 'e',
      ticketId: 'test-crm:E1',
      level: 1,
      reasons: ['escalated in the CRM'],
      ownerId: null,
      openedAt: now.toISOString(),
      openedBy: 'rules',
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
    });
    const events = [
      {
        id: 'x',
        escalationId: 'e',
        type: 'raised',
        at: now.toISOString(),
        actor: 'rules',
        level: 2,
        note: null,
      },
    ] as const;
    expect(
      decideEscalation({ config, ticket: crmStep.ticket, verdict, latest, events: [...events] }).kind,
    ).toBe('none');
    expect(decideEscalation({ config, ticket: crmStep.ticket, verdict, latest }).kind).toBe('raise');
  });
});

describe('validateEscalationConfig', () => {
  const levels = [{ name: 'team-lead' }, { name: 'manager' }];
  const cases: [string, unknown, string, RegExp][] = [
    [
      'unknown level number',
      { levels, rules: [{ id: 'r', level: 3, when: { crmEscalated: true } }] },
      'escalation.rules[0].level',
      /no level 3 \(known: 1 \(team-lead\), 2 \(manager\)\)/,
    ],
    [
      'unknown level name',
      { levels, rules: [{ id: 'r', level: 'vp', when: { crmEscalated: true } }] },
      'escalation.rules[0].level',
      /no level "vp"/,
    ],
    [
      'unknown condition',
      { levels, rules: [{ id: 'r', level: 1, when: { customerMood: 'angry' } }] },
      'escalation.rules[0].when',
      /unknown condition "customerMood" \(known: slaBreached/,
    ],
    [
      'no condition',
      { levels, rules: [{ id: 'r', level: 1, when: {} }] },
      'escalation.rules[0].when',
      /at least one condition/,
    ],
    [
      'unknown priority',
      { levels, rules: [{ id: 'r', level: 1, when: { priority: ['critical'] } }] },
      'escalation.rules[0].when.priority[0]',
      /./,
    ],
    [
      'unknown SLA metric',
      { levels, rules: [{ id: 'r', level: 1, when: { slaBreached: { metrics: ['speed'] } } }] },
      'escalation.rules[0].when.slaBreached',
      /./,
    ],
    ['no levels', { levels: [] }, 'escalation.levels', /at least one level/],
    [
      'duplicate level',
      { levels: [{ name: 'a' }, { name: 'a' }] },
      'escalation.levels[1].name',
      /duplicate level name "a"/,
    ],
    [
      'unknown rule key',
      { levels, rules: [{ id: 'r', level: 1, when: { crmEscalated: true }, owner: 'x' }] },
      'escalation.rules[0]',
      /owner/,
    ],
  ];
  it.each(cases)('%s', (_name, input, path, message) => {
    const issues = validateEscalationConfig(input);
    expect(
      issues.some((i) => i.path.startsWith(path) && message.test(i.message)),
      JSON.stringify(issues),
    ).toBe(true);
  });
  it('accepts a valid matrix', () => {
    expect(validateEscalationConfig(config)).toEqual([]);
  });
});
