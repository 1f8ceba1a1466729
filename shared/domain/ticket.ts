import { z } from 'zod';
import { RecordId, recordIdentity, UtcTimestamp } from './common.js';

export const TicketStatus = z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPriority>;

export const Channel = z.enum(['email', 'web', 'phone', 'chat', 'social', 'api', 'other']);
export type Channel = z.infer<typeof Channel>;

/** `offered` = a survey was sent and not answered; CSAT counts only `good` and `bad`. */
export const Satisfaction = z.object({
  score: z.enum(['good', 'bad', 'offered']),
  comment: z.string().nullable(),
});
export type Satisfaction = z.infer<typeof Satisfaction>;

/** A Zendesk ticket or a Salesforce case. Foreign keys are record ids (`<source>:<externalId>`). */
export const Ticket = z.object({
  ...recordIdentity,
  number: z.string().min(1),
  url: z.string().nullable(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  status: TicketStatus,
  sourceStatus: z.string(),
  priority: TicketPriority.nullable(),
  sourcePriority: z.string().nullable(),
  type: z.string().nullable(),
  channel: Channel,
  requesterId: RecordId.nullable(),
  organizationId: RecordId.nullable(),
  assigneeId: RecordId.nullable(),
  groupId: RecordId.nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.json()),
  isEscalated: z.boolean(),
  satisfaction: Satisfaction.nullable(),
  createdAt: UtcTimestamp,
  updatedAt: UtcTimestamp,
  firstRespondedAt: UtcTimestamp.nullable(),
  solvedAt: UtcTimestamp.nullable(),
  closedAt: UtcTimestamp.nullable(),
  reopens: z.number().int().min(0).nullable(),
  deleted: z.boolean(),
});
export type Ticket = z.infer<typeof Ticket>;
