import type { SidebarPayload } from '../../apps/zendesk-sidebar/src/api-types.js';
import { EVIL_SUBJECT } from './seed.js';

export const FIXTURE_NOW = '2026-03-10T12:00:00.000Z';

/** A first-paint payload as the API returns it, for the panel tests. */
export function aPayload(overrides: Partial<SidebarPayload> = {}): SidebarPayload {
  const ticket = {
    id: 'zendesk-main:101',
    number: '101',
    subject: EVIL_SUBJECT,
    status: 'open',
    priority: 'urgent',
    url: 'https://acme.zendesk.com/agent/tickets/101',
  } as const;
  return {
    now: FIXTURE_NOW,
    ticket,
    sla: [
      {
        metric: 'resolution',
        policy: 'Urgent',
        stage: 'breached',
        dueAt: '2026-03-10T11:00:00.000Z',
        achievedAt: null,
        breachedAt: '2026-03-10T11:00:00.000Z',
      },
      {
        metric: 'first_reply',
        policy: 'Urgent',
        stage: 'active',
        dueAt: '2026-03-10T14:30:00.000Z',
        achievedAt: null,
        breachedAt: null,
      },
    ],
    escalation: {
      level: 1,
      levelName: 'Team lead',
      reasons: ['SLA first_reply breached'],
      owner: 'lead@acme.test',
      openedAt: '2026-03-10T10:00:00.000Z',
      openedBy: 'rule:sla',
      acknowledgedBy: null,
      resolvedAt: null,
      events: [{ type: 'opened', at: '2026-03-10T10:00:00.000Z', actor: 'rule:sla', level: 1, note: null }],
    },
    actions: ['escalate', 'acknowledge'],
    levels: [
      { level: 1, name: 'Team lead' },
      { level: 2, name: 'Manager' },
    ],
    customer: {
      email: 'jo@globex.test',
      people: [
        {
          label: 'Jo Doe',
          name: 'Jo Doe',
          source: 'zendesk-main',
          url: 'https://acme.zendesk.com/agent/users/u1',
        },
        {
          label: 'Jo Doe',
          name: 'Jo Doe',
          source: 'salesforce-main',
          url: 'https://acme.my.salesforce.com/lightning/r/Contact/C1/view',
        },
      ],
      organizations: [
        {
          label: 'Globex',
          tier: 'enterprise',
          source: 'zendesk-main',
          url: 'https://acme.zendesk.com/agent/organizations/o1',
        },
      ],
      openTickets: [{ ...ticket, source: 'zendesk-main', csat: null, updatedAt: '2026-03-10T09:00:00.000Z' }],
      recentTickets: [
        {
          id: 'salesforce-main:5003',
          number: '00001234',
          subject: 'Invoice copy',
          status: 'solved',
          priority: 'normal',
          url: 'https://acme.my.salesforce.com/lightning/r/Case/5003/view',
          source: 'salesforce-main',
          csat: 'good',
          updatedAt: '2026-02-01T10:00:00.000Z',
        },
      ],
      totalTickets: 2,
      nextCursor: null,
      csatPct: 100,
      pastEscalations: [],
    },
    qaFlags: [
      {
        flaggedBy: 'slack:U123',
        reason: 'Tone was curt in the second reply',
        category: 'tone',
        severity: 'medium',
        status: 'open',
        createdAt: '2026-03-09T09:00:00.000Z',
        permalink: null,
      },
    ],
    fetchedOnDemand: false,
    ...overrides,
  };
}
