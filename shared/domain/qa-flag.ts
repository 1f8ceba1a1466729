import { z } from 'zod';
import { RecordId, UtcTimestamp } from './common.js';

export const QaFlagStatus = z.enum(['open', 'claimed', 'reviewed', 'discarded']);
export type QaFlagStatus = z.infer<typeof QaFlagStatus>;

/** A ticket someone asked QA to review: from Slack, the sidebar or a sampling rule. */
export const QaFlag = z.object({
  id: z.string().min(1),
  ticketId: RecordId,
  /** Who flagged it: a Slack user id (`slack:U123`), an agent's email, or `rule:<id>`. */
  flaggedBy: z.string().min(1),
  reason: z.string().min(1).max(3000),
  category: z.string().nullable(),
  severity: z.enum(['low', 'medium', 'high']).nullable(),
  /** The Slack message the flag was raised from, when it was. */
  permalink: z.string().nullable(),
  source: z.enum(['slack', 'sidebar', 'rule', 'cli']),
  status: QaFlagStatus,
  createdAt: UtcTimestamp,
  claimedBy: z.string().nullable(),
  claimedAt: UtcTimestamp.nullable(),
});
export type QaFlag = z.infer<typeof QaFlag>;
