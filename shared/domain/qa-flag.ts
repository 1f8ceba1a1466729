import { z } from 'zod';
import { RecordId, UtcTimestamp } from './common.js';
import { QA_FLAG_REASON_MAX, QA_SEVERITIES } from './qa-flag-choices.js';

export const QaFlagStatus = z.enum(['open', 'claimed', 'reviewed', 'discarded']);
export type QaFlagStatus = z.infer<typeof QaFlagStatus>;

/** A ticket someone asked QA to review: from Slack, the sidebar or a sampling rule. */
export const QaFlag = z.object({
  id: z.string().min(1),
  ticketId: RecordId,
  /**
   * Who flagged it: a Slack user id (`slack:U123`), an agent's email (`zendesk:<user id>` from the
   * sidebar when Zendesk sends no email), or `rule:<id>`.
   */
  flaggedBy: z.string().min(1),
  reason: z.string().min(1).max(QA_FLAG_REASON_MAX),
  category: z.string().nullable(),
  severity: z.enum(QA_SEVERITIES).nullable(),
  /** The Slack message the flag was raised from, when it was. */
  permalink: z.string().nullable(),
  source: z.enum(['slack', 'sidebar', 'rule', 'cli']),
  status: QaFlagStatus,
  createdAt: UtcTimestamp,
  claimedBy: z.string().nullable(),
  claimedAt: UtcTimestamp.nullable(),
});
export type QaFlag = z.infer<typeof QaFlag>;
