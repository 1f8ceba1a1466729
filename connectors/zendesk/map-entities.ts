import { z } from 'zod';
import { type Comment, type Organization, type Person, recordId } from '../../shared/domain/index.js';
import { ZendeskId, ZendeskTime } from './map.js';

const ROLES = { 'end-user': 'end_user', agent: 'agent', admin: 'admin' } as const;

export const RawUser = z.looseObject({
  id: ZendeskId,
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  role: z.enum(['end-user', 'agent', 'admin'], {
    error: (i) => `unknown Zendesk role ${JSON.stringify(i.input)} (known: end-user, agent, admin)`,
  }),
  organization_id: ZendeskId.nullable().optional(),
  time_zone: z.string().nullable().optional(),
  iana_time_zone: z.string().nullable().optional(),
  /** Deleted users stay in the export with `active: false`. */
  active: z.boolean().optional(),
  updated_at: ZendeskTime,
});
export type RawUser = z.infer<typeof RawUser>;

export function mapUser(raw: RawUser, source: string): Person {
  return {
    id: recordId(source, raw.id),
    source,
    externalId: String(raw.id),
    name: raw.name ?? null,
    email: raw.email ?? null,
    phone: raw.phone ?? null,
    organizationId: raw.organization_id == null ? null : recordId(source, raw.organization_id),
    role: ROLES[raw.role],
    // The IANA name is what other systems understand; Zendesk's own names ("Eastern Time") are a fallback.
    timeZone: raw.iana_time_zone ?? raw.time_zone ?? null,
  };
}

export const RawOrganization = z.looseObject({
  id: ZendeskId,
  name: z.string().nullable().optional(),
  domain_names: z.array(z.string()).nullable().optional(),
  organization_fields: z.record(z.string(), z.json()).nullable().optional(),
  updated_at: ZendeskTime,
  deleted_at: ZendeskTime.nullable().optional(),
});
export type RawOrganization = z.infer<typeof RawOrganization>;

/** `tier` is not a Zendesk field: it is read from an organization field named `tier`, when there is one. */
export function mapOrganization(raw: RawOrganization, source: string): Organization {
  const tier = raw.organization_fields?.tier;
  return {
    id: recordId(source, raw.id),
    source,
    externalId: String(raw.id),
    name: raw.name ?? null,
    domains: raw.domain_names ?? [],
    tier: typeof tier === 'string' && tier !== '' ? tier : null,
  };
}

/** A comment as a child event of the ticket events export (`include=comment_events`). */
export const RawCommentEvent = z.looseObject({
  id: ZendeskId,
  type: z.literal('Comment'),
  author_id: ZendeskId.nullable().optional(),
  body: z.string(),
  public: z.boolean(),
  created_at: ZendeskTime.optional(),
});

export const RawTicketEvent = z.looseObject({
  id: ZendeskId,
  ticket_id: ZendeskId,
  created_at: ZendeskTime,
  child_events: z.array(z.looseObject({ type: z.string().optional() })).optional(),
});
export type RawTicketEvent = z.infer<typeof RawTicketEvent>;

export function mapComment(
  raw: z.infer<typeof RawCommentEvent>,
  event: RawTicketEvent,
  source: string,
): Comment {
  return {
    id: recordId(source, raw.id),
    source,
    externalId: String(raw.id),
    ticketId: recordId(source, event.ticket_id),
    authorId: raw.author_id == null ? null : recordId(source, raw.author_id),
    public: raw.public,
    body: raw.body,
    createdAt: raw.created_at ?? event.created_at,
  };
}
