import { z } from 'zod';
import { RecordId, recordIdentity, UtcTimestamp } from './common.js';

export const SlaMetric = z.enum([
  'first_reply',
  'next_reply',
  'periodic_update',
  'pausable_update',
  'resolution',
  'requester_wait',
  'agent_work',
  'group_ownership',
  'milestone',
]);
export type SlaMetric = z.infer<typeof SlaMetric>;

export const SlaStage = z.enum(['active', 'paused', 'achieved', 'breached']);
export type SlaStage = z.infer<typeof SlaStage>;

/**
 * One clock on one ticket. `native` targets are kept as the CRM reports them (Zendesk metric
 * events, Salesforce milestones); `policy` targets are computed by casebridge from its own policies.
 */
export const SlaTarget = z.object({
  ...recordIdentity,
  ticketId: RecordId,
  metric: SlaMetric,
  policy: z.string().nullable(),
  startedAt: UtcTimestamp.nullable(),
  dueAt: UtcTimestamp.nullable(),
  stage: SlaStage,
  achievedAt: UtcTimestamp.nullable(),
  breachedAt: UtcTimestamp.nullable(),
  origin: z.enum(['native', 'policy']),
});
export type SlaTarget = z.infer<typeof SlaTarget>;
