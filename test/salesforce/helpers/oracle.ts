import type { SalesforceSandbox, SfRecord } from '../../../connectors/salesforce/sandbox/index.js';
import type { Comment, Organization, Person, SlaTarget, Ticket } from '../../../shared/domain/index.js';

/**
 * What a correct sync of the sandbox must store, computed from the sandbox's own records by rules
 * written out here independently of the connector's mapper (field by field, as the issue states them).
 */
const iso = (v: unknown) => (typeof v === 'string' ? new Date(v).toISOString() : null);
const STATUS: Record<string, Ticket['status']> = {
  New: 'new',
  Working: 'open',
  Escalated: 'open',
  'On Hold': 'on_hold',
  'Waiting on Customer': 'pending',
};
const PRIORITY: Record<string, Ticket['priority']> = {
  Low: 'low',
  Medium: 'normal',
  High: 'high',
  Critical: 'urgent',
};
const CHANNEL: Record<string, Ticket['channel']> = {
  Email: 'email',
  Web: 'web',
  Phone: 'phone',
  Chat: 'chat',
};
const mask = (s: string) =>
  s
    .replace('4111 1111 1111 1111', '**** **** **** 1111')
    .replace('5555-5555-5555-4444', '****-****-****-4444');

function rows(sandbox: SalesforceSandbox, object: string, excluded: ReadonlySet<string>): SfRecord[] {
  return [...sandbox.dataset.scan(object)].filter((r) => r.IsDeleted !== true && !excluded.has(r.Id));
}

export function expectedTickets(
  sandbox: SalesforceSandbox,
  source: string,
  excluded: ReadonlySet<string>,
): Ticket[] {
  return rows(sandbox, 'Case', excluded)
    .map((r): Ticket => {
      const owner = r.OwnerId as string | null;
      const closed = r.IsClosed === true;
      return {
        id: `${source}:${r.Id}`,
        source,
        externalId: r.Id,
        number: r.CaseNumber as string,
        url: `${sandbox.url}/lightning/r/Case/${r.Id}/view`,
        subject: r.Subject === null ? null : mask(r.Subject as string),
        description: r.Description as string | null,
        status: closed ? 'closed' : (STATUS[r.Status as string] ?? 'open'),
        sourceStatus: r.Status as string,
        priority: r.Priority === null ? null : (PRIORITY[r.Priority as string] ?? null),
        sourcePriority: r.Priority as string | null,
        type: r.Type as string | null,
        channel: r.Origin === null ? 'other' : (CHANNEL[r.Origin as string] ?? 'other'),
        requesterId: r.ContactId === null ? null : `${source}:${r.ContactId}`,
        organizationId: r.AccountId === null ? null : `${source}:${r.AccountId}`,
        assigneeId: owner?.startsWith('005') ? `${source}:${owner}` : null,
        groupId: owner?.startsWith('00G') ? `${source}:${owner}` : null,
        tags: typeof r.Tags__c === 'string' ? r.Tags__c.split(';') : [],
        customFields: r.Reason === null ? {} : { Reason: r.Reason as string },
        isEscalated: r.IsEscalated as boolean,
        satisfaction: null,
        createdAt: iso(r.CreatedDate) as string,
        updatedAt: iso(r.LastModifiedDate) as string,
        firstRespondedAt: null,
        solvedAt: closed ? iso(r.ClosedDate) : null,
        closedAt: closed ? iso(r.ClosedDate) : null,
        reopens: null,
        deleted: false,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function expectedPeople(sandbox: SalesforceSandbox, source: string): Person[] {
  const owners = new Set(rows(sandbox, 'Case', new Set()).map((r) => r.OwnerId));
  const contacts = rows(sandbox, 'Contact', new Set()).map(
    (r): Person => ({
      id: `${source}:${r.Id}`,
      source,
      externalId: r.Id,
      name: r.Name as string,
      email: r.Email as string,
      phone: r.Phone as string | null,
      organizationId: r.AccountId === null ? null : `${source}:${r.AccountId}`,
      role: 'end_user',
      timeZone: null,
    }),
  );
  const users = rows(sandbox, 'User', new Set())
    .filter((r) => owners.has(r.Id))
    .map(
      (r): Person => ({
        id: `${source}:${r.Id}`,
        source,
        externalId: r.Id,
        name: r.Name as string,
        email: r.Email as string,
        phone: r.Phone as string | null,
        organizationId: null,
        role: 'agent',
        timeZone: r.TimeZoneSidKey as string,
      }),
    );
  return [...contacts, ...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function expectedOrganizations(sandbox: SalesforceSandbox, source: string): Organization[] {
  return rows(sandbox, 'Account', new Set()).map((r) => ({
    id: `${source}:${r.Id}`,
    source,
    externalId: r.Id,
    name: r.Name as string,
    domains: [new URL(r.Website as string).hostname.replace(/^www\./, '')],
    tier: r.Tier__c as string,
  }));
}

export function expectedComments(
  sandbox: SalesforceSandbox,
  source: string,
  excluded: ReadonlySet<string>,
): Comment[] {
  const comments = rows(sandbox, 'CaseComment', excluded).map(
    (r): Comment => ({
      id: `${source}:${r.Id}`,
      source,
      externalId: r.Id,
      ticketId: `${source}:${r.ParentId}`,
      authorId: r.CreatedById === null ? null : `${source}:${r.CreatedById}`,
      public: r.IsPublished as boolean,
      body: mask(r.CommentBody as string),
      createdAt: iso(r.CreatedDate) as string,
    }),
  );
  const emails = rows(sandbox, 'EmailMessage', excluded).map(
    (r): Comment => ({
      id: `${source}:${r.Id}`,
      source,
      externalId: r.Id,
      ticketId: `${source}:${r.ParentId}`,
      authorId: null,
      public: true,
      body: (r.TextBody ?? r.Subject) as string,
      createdAt: iso(r.MessageDate) as string,
    }),
  );
  return [...comments, ...emails].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function expectedSla(sandbox: SalesforceSandbox, source: string): SlaTarget[] {
  return rows(sandbox, 'CaseMilestone', new Set())
    .map((r): SlaTarget => {
      const name = (r.MilestoneType as { Name: string }).Name;
      const stage = r.IsViolated ? 'breached' : r.IsCompleted ? 'achieved' : 'active';
      return {
        id: `${source}:${r.Id}`,
        source,
        externalId: r.Id,
        ticketId: `${source}:${r.CaseId}`,
        metric: name === 'First Response' ? 'first_reply' : 'resolution',
        policy: name,
        startedAt: iso(r.StartDate),
        dueAt: iso(r.TargetDate),
        stage,
        achievedAt: stage === 'achieved' ? iso(r.CompletionDate) : null,
        breachedAt: r.IsViolated ? iso(r.TargetDate) : null,
        origin: 'native',
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
