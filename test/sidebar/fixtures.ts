import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  SidebarPayload,
  SidebarQaFlag,
  SidebarQaReview,
  SidebarScorecard,
  SidebarSopDetail,
} from '../../apps/zendesk-sidebar/src/api-types.js';
import { parseFrontMatter, renderSopHtml, sopSteps } from '../../shared/services/sop/index.js';
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
    qaFlags: [FLAG],
    qa: { scorecard: SCORECARD, reviews: [REVIEW], flags: [FLAG] },
    sops: [
      {
        id: 'refund-request',
        title: 'Refund request',
        owner: 'billing-lead@acme.example',
        version: '2.3',
        stale: false,
        reasons: ['tag refund', 'keyword "refund"', 'text'],
        snippet: [
          { text: 'Use this when a customer asks for their ', match: false },
          { text: 'refund', match: true },
          { text: ' <b>of an order</b>', match: false },
        ],
        usedAt: null,
      },
      {
        id: 'account-lockout',
        title: 'Account lockout',
        owner: 'identity-team@acme.example',
        version: '1.4',
        stale: true,
        reasons: ['text'],
        snippet: [],
        usedAt: '2026-03-10T11:00:00.000Z',
      },
    ],
    fetchedOnDemand: false,
    ...overrides,
  };
}

const FLAG: SidebarQaFlag = {
  id: 'qa-zendesk-main:101',
  flaggedBy: 'slack:U123',
  reason: 'Tone was curt in the second reply',
  category: 'tone',
  severity: 'medium',
  status: 'open',
  createdAt: '2026-03-09T09:00:00.000Z',
  permalink: null,
};

export const SCORECARD: SidebarScorecard = {
  id: 'billing-pci',
  name: 'Billing and payments (PCI)',
  version: '3f2a9c1b7d00',
  description: 'Invoices, refunds, failed payments and chargebacks.',
  categories: [
    {
      id: 'compliance',
      name: 'PCI and verification compliance',
      description: null,
      weight: 30,
      scale: 'binary',
      naAllowed: false,
      critical: true,
      checklist: [
        { id: 'no-full-pan', text: 'Never asks for, writes or repeats a full card number' },
        { id: 'no-cvv', text: 'Never asks for the CVV' },
      ],
    },
    {
      id: 'upsell',
      name: 'Retention offer',
      description: null,
      weight: 0,
      scale: 'binary',
      naAllowed: true,
      critical: false,
      checklist: [{ id: 'offers-retention', text: 'Offers the retention discount' }],
    },
  ],
};

export const REVIEW: SidebarQaReview = {
  id: 'rev_1',
  score: 0,
  reviewer: 'qa.lead@acme.test',
  createdAt: '2026-03-09T15:00:00.000Z',
  scorecard: { name: 'Billing and payments (PCI)', version: '3f2a9c1b7d00' },
  categories: [
    { id: 'compliance', name: 'PCI and verification compliance', critical: true, score: 0 },
    { id: 'accuracy', name: 'Billing accuracy', critical: false, score: 75 },
    { id: 'upsell', name: 'Retention offer', critical: false, score: null },
  ],
  criticalFailures: ['PCI and verification compliance'],
  comment: 'Repeated the full card number back to the customer.',
  status: 'submitted',
  disputeUntil: '2026-03-16T15:00:00.000Z',
  dispute: null,
};

/** `GET /api/sidebar/sops/:id` for an SOP file, rendered by the server's own renderer. */
export function sopDetailOf(markdown: string): SidebarSopDetail {
  const { meta, body } = parseFrontMatter(markdown);
  return {
    id: meta.id,
    title: meta.title,
    owner: meta.owner,
    version: meta.version,
    stale: false,
    lastVerified: meta.lastVerified,
    reviewDueAt: null,
    html: renderSopHtml(body),
    steps: sopSteps(body),
  };
}

/** The shipped refund SOP, as the API answers it. */
export const aSopDetail = (): SidebarSopDetail =>
  sopDetailOf(readFileSync(join(import.meta.dirname, '..', '..', 'sops', 'refund-request.md'), 'utf8'));
