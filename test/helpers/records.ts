import type { Comment, Organization, Person, SlaTarget, Ticket } from '../../shared/domain/index.js';

/** Builders of valid domain records; override what a test is about. */
export function aTicket(overrides: Partial<Ticket> & { externalId: string }): Ticket {
  const source = overrides.source ?? 'test-crm';
  return {
    id: `${source}:${overrides.externalId}`,
    source,
    number: overrides.externalId,
    url: `https://crm.example/tickets/${overrides.externalId}`,
    subject: `Ticket ${overrides.externalId}`,
    description: null,
    status: 'open',
    sourceStatus: 'open',
    priority: 'normal',
    sourcePriority: 'normal',
    type: null,
    channel: 'email',
    requesterId: null,
    organizationId: null,
    assigneeId: null,
    groupId: null,
    tags: [],
    customFields: {},
    isEscalated: false,
    satisfaction: null,
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    firstRespondedAt: null,
    solvedAt: null,
    closedAt: null,
    reopens: 0,
    deleted: false,
    ...overrides,
  };
}

export function aPerson(overrides: Partial<Person> & { externalId: string }): Person {
  const source = overrides.source ?? 'test-crm';
  return {
    id: `${source}:${overrides.externalId}`,
    source,
    name: `Person ${overrides.externalId}`,
    email: null,
    phone: null,
    organizationId: null,
    role: 'end_user',
    timeZone: null,
    ...overrides,
  };
}

export function anOrganization(overrides: Partial<Organization> & { externalId: string }): Organization {
  const source = overrides.source ?? 'test-crm';
  return {
    id: `${source}:${overrides.externalId}`,
    source,
    name: `Org ${overrides.externalId}`,
    domains: [],
    tier: null,
    ...overrides,
  };
}

export function aComment(overrides: Partial<Comment> & { externalId: string; ticketId: string }): Comment {
  const source = overrides.source ?? 'test-crm';
  return {
    id: `${source}:${overrides.externalId}`,
    source,
    authorId: null,
    public: true,
    body: 'Hello',
    createdAt: '2026-01-05T09:30:00.000Z',
    ...overrides,
  };
}

export function anSlaTarget(
  overrides: Partial<SlaTarget> & { externalId: string; ticketId: string },
): SlaTarget {
  const source = overrides.source ?? 'test-crm';
  return {
    id: `${source}:${overrides.externalId}`,
    source,
    metric: 'first_reply',
    policy: 'Standard',
    startedAt: '2026-01-05T09:00:00.000Z',
    dueAt: '2026-01-05T13:00:00.000Z',
    stage: 'active',
    achievedAt: null,
    breachedAt: null,
    origin: 'native',
    ...overrides,
  };
}
