import { z } from 'zod';
import {
  type Channel,
  recordId,
  type Satisfaction,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from '../../shared/domain/index.js';
import type { QuarantineEntry } from '../../shared/sync/index.js';
import { agentUrl } from './config.js';

/**
 * Raw Zendesk shapes, validated at the boundary. Plain (stripping) objects: fields we do not map may
 * come and go, and are not copied along (the raw JSON is kept separately when a record is quarantined).
 */
export const ZendeskId = z.number().int().nonnegative();
const OptionalId = ZendeskId.nullable().optional();
const CANONICAL_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * A Zendesk timestamp, validated and turned into the domain's canonical UTC form in one parse.
 * Zendesk's usual `2024-07-16T19:30:04Z` only needs its milliseconds added; offsets go through Date.
 */
export const ZendeskTime = z.string().transform((value, ctx) => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a timestamp: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return CANONICAL_SECONDS.test(value) ? `${value.slice(0, 19)}.000Z` : new Date(ms).toISOString();
});

const ZENDESK_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted'] as const;

export const RawTicket = z.object({
  id: ZendeskId,
  subject: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  status: z.enum(ZENDESK_STATUSES, {
    error: (i) => `unknown Zendesk status ${JSON.stringify(i.input)} (known: ${ZENDESK_STATUSES.join(', ')})`,
  }),
  priority: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  via: z
    .object({ channel: z.union([z.string(), z.number()]).nullable().optional() })
    .nullable()
    .optional(),
  requester_id: OptionalId,
  organization_id: OptionalId,
  assignee_id: OptionalId,
  group_id: OptionalId,
  tags: z.array(z.string()).nullable().optional(),
  custom_fields: z
    // The body came from JSON.parse, so every value already is JSON; checking it again costs a third of the parse.
    .array(z.object({ id: z.union([ZendeskId, z.string()]), value: z.unknown() }))
    .nullable()
    .optional(),
  satisfaction_rating: z
    .object({ score: z.string(), comment: z.string().nullable().optional() })
    .nullable()
    .optional(),
  created_at: ZendeskTime,
  updated_at: ZendeskTime,
});
export type RawTicket = z.infer<typeof RawTicket>;

/** The `metric_sets` sideload of the ticket export: the facts Zendesk measures per ticket. */
export const RawMetricSet = z.object({
  ticket_id: ZendeskId,
  reopens: z.number().int().min(0).nullable().optional(),
  solved_at: ZendeskTime.nullable().optional(),
  reply_time_in_minutes: z.object({ calendar: z.number().nullable().optional() }).nullable().optional(),
});
export type RawMetricSet = z.infer<typeof RawMetricSet>;

const STATUS: Record<Exclude<RawTicket['status'], 'deleted'>, TicketStatus> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'on_hold',
  solved: 'solved',
  closed: 'closed',
};

const PRIORITIES = new Set<string>(['low', 'normal', 'high', 'urgent']);

/** `via.channel` is an open set in Zendesk; everything unknown is `other`, the raw value is not lost (tags). */
const CHANNELS: Record<string, Channel> = {
  email: 'email',
  web: 'web',
  web_form: 'web',
  web_widget: 'web',
  help_center: 'web',
  voice: 'phone',
  phone: 'phone',
  sms: 'phone',
  chat: 'chat',
  native_messaging: 'chat',
  messaging: 'chat',
  mobile_sdk: 'chat',
  sunshine_conversations_api: 'chat',
  whatsapp: 'social',
  twitter: 'social',
  facebook: 'social',
  instagram_dm: 'social',
  line: 'social',
  wechat: 'social',
  api: 'api',
};

export const ESCALATION_TAG = /^casebridge_escalated_l(\d+)$/;

export interface TicketMapContext {
  source: string;
  subdomain: string;
}

export function mapChannel(channel: string | number | null | undefined): Channel {
  return (typeof channel === 'string' && CHANNELS[channel]) || 'other';
}

export function mapSatisfaction(rating: RawTicket['satisfaction_rating']): Satisfaction | null {
  if (rating === null || rating === undefined) return null;
  const comment = rating.comment ?? null;
  if (rating.score.startsWith('good')) return { score: 'good', comment };
  if (rating.score.startsWith('bad')) return { score: 'bad', comment };
  if (rating.score === 'offered') return { score: 'offered', comment: null };
  return null; // `unoffered`: no survey was sent
}

const ref = (source: string, id: number | null | undefined) => (id == null ? null : recordId(source, id));

/** A validated, non-deleted Zendesk ticket (plus its metric set, when sideloaded) as a domain Ticket. */
export function mapTicket(
  raw: RawTicket,
  metrics: RawMetricSet | undefined,
  context: TicketMapContext,
): Ticket {
  const { source } = context;
  const status = raw.status === 'deleted' ? 'closed' : STATUS[raw.status];
  const priority = raw.priority ?? null;
  const createdAt = raw.created_at;
  const updatedAt = raw.updated_at;
  const replyMinutes = metrics?.reply_time_in_minutes?.calendar ?? null;
  const tags = raw.tags ?? [];
  const customFields: Ticket['customFields'] = {};
  for (const field of raw.custom_fields ?? []) {
    customFields[String(field.id)] = (field.value ?? null) as Ticket['customFields'][string];
  }
  return {
    id: recordId(source, raw.id),
    source,
    externalId: String(raw.id),
    number: String(raw.id),
    url: agentUrl(context.subdomain, raw.id),
    subject: raw.subject ?? null,
    description: raw.description ?? null,
    status,
    sourceStatus: raw.status,
    priority: priority !== null && PRIORITIES.has(priority) ? (priority as TicketPriority) : null,
    sourcePriority: priority,
    type: raw.type ?? null,
    channel: mapChannel(raw.via?.channel),
    requesterId: ref(source, raw.requester_id),
    organizationId: ref(source, raw.organization_id),
    assigneeId: ref(source, raw.assignee_id),
    groupId: ref(source, raw.group_id),
    tags,
    customFields,
    isEscalated: tags.some((t) => ESCALATION_TAG.test(t)),
    satisfaction: mapSatisfaction(raw.satisfaction_rating),
    createdAt,
    updatedAt,
    // Zendesk reports the first reply as minutes after creation (calendar time).
    firstRespondedAt:
      replyMinutes === null ? null : new Date(Date.parse(createdAt) + replyMinutes * 60_000).toISOString(),
    solvedAt: metrics?.solved_at ?? null,
    // A closed ticket can no longer change, so its last update is when it closed.
    closedAt: raw.status === 'closed' ? updatedAt : null,
    reopens: metrics?.reopens ?? null,
    deleted: false,
  };
}

/** One line saying every way the record is wrong, with the field paths. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`))
    .join('; ');
}

/** A raw record that failed validation, with whatever id it has. */
export function quarantine(raw: unknown, error: z.ZodError): QuarantineEntry {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return {
    externalId: typeof id === 'number' || typeof id === 'string' ? String(id) : null,
    reason: describeIssues(error),
    raw,
  };
}
