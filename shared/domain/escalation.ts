import { z } from 'zod';
import { RecordId, UtcTimestamp } from './common.js';

/** An escalation is casebridge's own record (not synced from a CRM), hence its own id. */
export const Escalation = z.object({
  id: z.string().min(1),
  ticketId: RecordId,
  level: z.number().int().min(1),
  reasons: z.array(z.string().min(1)).min(1),
  ownerId: z.string().nullable(),
  openedAt: UtcTimestamp,
  openedBy: z.string().min(1),
  acknowledgedAt: UtcTimestamp.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: UtcTimestamp.nullable(),
  resolvedBy: z.string().nullable(),
});
export type Escalation = z.infer<typeof Escalation>;

export const EscalationEventType = z.enum([
  'opened',
  'raised',
  'lowered',
  'acknowledged',
  'resolved',
  'reopened',
  'noted',
]);
export type EscalationEventType = z.infer<typeof EscalationEventType>;

/** Append-only: events are never updated or deleted. */
export const EscalationEvent = z.object({
  id: z.string().min(1),
  escalationId: z.string().min(1),
  type: EscalationEventType,
  at: UtcTimestamp,
  actor: z.string().min(1),
  level: z.number().int().min(1).nullable(),
  note: z.string().nullable(),
});
export type EscalationEvent = z.infer<typeof EscalationEvent>;
