import {
  type Channel,
  type Comment,
  type Organization,
  type Person,
  recordId,
  type SlaMetric,
  type SlaTarget,
  type Ticket,
  type TicketStatus,
  toUtcTimestamp,
} from '../../shared/domain/index.js';
import type { Logger } from '../../shared/log/logger.js';
import { DEFAULT_ORIGIN_MAP, type SalesforceConnection } from './config.js';
import type {
  RawAccount,
  RawCase,
  RawCaseComment,
  RawCaseMilestone,
  RawContact,
  RawEmailMessage,
  RawUser,
} from './raw.js';

type MapConfig = Pick<
  SalesforceConnection,
  'id' | 'instanceUrl' | 'statusMap' | 'priorityMap' | 'tagsField' | 'accountTierField'
>;

/** A datetime the raw schema already checked; the domain wants canonical UTC. */
function utc(value: string): string {
  return toUtcTimestamp(value) as string;
}
function utcOrNull(value: string | null): string | null {
  return value === null ? null : toUtcTimestamp(value);
}

/** Salesforce key prefixes: 005 = User, 00G = Group (a queue). */
const isUser = (id: string | null): id is string => id?.startsWith('005') === true;
const isQueue = (id: string | null): id is string => id?.startsWith('00G') === true;

/**
 * Raw Salesforce records → the shared domain model. One mapper per stream read, so a custom status
 * missing from `statusMap` is warned about once per value per run, not once per case.
 */
export class SalesforceMapper {
  private readonly warned = new Set<string>();
  private readonly instanceUrl: string;

  constructor(
    private readonly config: MapConfig,
    private readonly log: Logger,
  ) {
    this.instanceUrl = config.instanceUrl.replace(/\/+$/, '');
  }

  private ref(id: string | null): string | null {
    return id === null ? null : recordId(this.config.id, id);
  }

  // Records are built as one literal (no spread of an identity object): a spread followed by
  // ~30 more properties sends V8 into slow dictionary-mode objects, 50x slower at 100k cases.
  private id(id: string): string {
    return recordId(this.config.id, id);
  }

  status(raw: Pick<RawCase, 'Status' | 'IsClosed'>): TicketStatus {
    // IsClosed comes from CaseStatus.IsClosed: whatever the label, a closed case is closed.
    if (raw.IsClosed) return 'closed';
    const mapped = this.config.statusMap[raw.Status];
    if (mapped !== undefined) return mapped;
    if (!this.warned.has(raw.Status)) {
      this.warned.add(raw.Status);
      this.log.warn(
        { sourceStatus: raw.Status },
        `Salesforce case status "${raw.Status}" is not in statusMap; stored as open (add it to statusMap)`,
      );
    }
    return 'open';
  }

  channel(origin: string | null): Channel {
    if (origin === null) return 'other';
    return DEFAULT_ORIGIN_MAP[origin.trim().toLowerCase()] ?? 'other';
  }

  ticket(raw: RawCase, extra: Record<string, unknown>): Ticket {
    const status = this.status(raw);
    const closedAt = raw.IsClosed ? utcOrNull(raw.ClosedDate) : null;
    return {
      id: this.id(raw.Id),
      source: this.config.id,
      externalId: raw.Id,
      number: raw.CaseNumber,
      url: `${this.instanceUrl}/lightning/r/Case/${raw.Id}/view`,
      subject: raw.Subject,
      description: raw.Description,
      status,
      sourceStatus: raw.Status,
      priority: raw.Priority === null ? null : (this.config.priorityMap[raw.Priority] ?? null),
      sourcePriority: raw.Priority,
      type: raw.Type,
      channel: this.channel(raw.Origin),
      requesterId: this.ref(raw.ContactId),
      organizationId: this.ref(raw.AccountId),
      assigneeId: isUser(raw.OwnerId) ? this.ref(raw.OwnerId) : null,
      groupId: isQueue(raw.OwnerId) ? this.ref(raw.OwnerId) : null,
      tags: this.tags(extra),
      customFields: raw.Reason === null ? {} : { Reason: raw.Reason },
      isEscalated: raw.IsEscalated,
      satisfaction: null,
      createdAt: utc(raw.CreatedDate),
      updatedAt: utc(raw.LastModifiedDate),
      firstRespondedAt: null,
      solvedAt: status === 'solved' || status === 'closed' ? utcOrNull(raw.ClosedDate) : null,
      closedAt,
      reopens: null,
      deleted: raw.IsDeleted,
    };
  }

  private tags(extra: Record<string, unknown>): string[] {
    const field = this.config.tagsField;
    const value = field === undefined ? null : extra[field];
    if (typeof value !== 'string') return [];
    return value
      .split(';')
      .map((t) => t.trim())
      .filter((t) => t !== '');
  }

  contact(raw: RawContact): Person {
    return {
      id: this.id(raw.Id),
      source: this.config.id,
      externalId: raw.Id,
      name: raw.Name,
      email: raw.Email,
      phone: raw.Phone,
      organizationId: this.ref(raw.AccountId),
      role: 'end_user',
      timeZone: null,
    };
  }

  user(raw: RawUser): Person {
    return {
      id: this.id(raw.Id),
      source: this.config.id,
      externalId: raw.Id,
      name: raw.Name,
      email: raw.Email,
      phone: raw.Phone,
      organizationId: null,
      role: 'agent',
      timeZone: raw.TimeZoneSidKey,
    };
  }

  account(raw: RawAccount, extra: Record<string, unknown>): Organization {
    const field = this.config.accountTierField;
    const tier = field === undefined ? null : extra[field];
    return {
      id: this.id(raw.Id),
      source: this.config.id,
      externalId: raw.Id,
      name: raw.Name,
      domains: websiteDomain(raw.Website),
      tier: typeof tier === 'string' && tier !== '' ? tier : null,
    };
  }

  caseComment(raw: RawCaseComment): Comment {
    return {
      id: this.id(raw.Id),
      source: this.config.id,
      externalId: raw.Id,
      ticketId: recordId(this.config.id, raw.ParentId),
      authorId: this.ref(raw.CreatedById),
      public: raw.IsPublished,
      body: raw.CommentBody,
      createdAt: utc(raw.CreatedDate),
    };
  }

  /** Null when the email is not on a case or has no text at all (the caller quarantines it). */
  emailMessage(raw: RawEmailMessage): Comment | null {
    const body = raw.TextBody ?? raw.Subject;
    if (raw.ParentId === null || body === null) return null;
    return {
      id: this.id(raw.Id),
      source: this.config.id,
      externalId: raw.Id,
      ticketId: recordId(this.config.id, raw.ParentId),
      // Incoming mail is from the customer, whose Contact the message does not name.
      authorId: raw.Incoming ? null : this.ref(raw.CreatedById),
      public: true,
      body,
      createdAt: utc(raw.MessageDate ?? raw.CreatedDate),
    };
  }

  milestone(raw: RawCaseMilestone): SlaTarget {
    const name = raw.MilestoneType?.Name ?? null;
    const completed = raw.IsCompleted && raw.CompletionDate !== null;
    // IsViolated = (no CompletionDate AND now > TargetDate) OR CompletionDate > TargetDate.
    const stage = raw.IsViolated ? 'breached' : completed ? 'achieved' : 'active';
    return {
      id: this.id(raw.Id),
      source: this.config.id,
      externalId: raw.Id,
      ticketId: recordId(this.config.id, raw.CaseId),
      metric: milestoneMetric(name),
      policy: name,
      startedAt: utcOrNull(raw.StartDate),
      dueAt: utcOrNull(raw.TargetDate),
      stage,
      achievedAt: stage === 'achieved' ? utcOrNull(raw.CompletionDate) : null,
      breachedAt: raw.IsViolated ? utcOrNull(raw.TargetDate) : null,
      origin: 'native',
    };
  }
}

/** Milestone names are the org's own; the common ones map to shared metrics, the rest stay `milestone`. */
export function milestoneMetric(name: string | null): SlaMetric {
  const n = (name ?? '').toLowerCase();
  if (/first (response|reply)/.test(n)) return 'first_reply';
  if (/resolution|resolve/.test(n)) return 'resolution';
  if (/next (response|reply)/.test(n)) return 'next_reply';
  return 'milestone';
}

/** `https://www.acme.com/about` → `acme.com`; unparseable websites give no domain. */
export function websiteDomain(website: string | null): string[] {
  if (website === null || website.trim() === '') return [];
  const withScheme = /^[a-z]+:\/\//i.test(website) ? website : `https://${website.trim()}`;
  try {
    return [new URL(withScheme).hostname.replace(/^www\./, '').toLowerCase()];
  } catch {
    return [];
  }
}
