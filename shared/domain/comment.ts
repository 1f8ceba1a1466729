import { z } from 'zod';
import { RecordId, recordIdentity, UtcTimestamp } from './common.js';

/** One message on a ticket: public replies and internal notes alike. */
export const Comment = z.object({
  ...recordIdentity,
  ticketId: RecordId,
  authorId: RecordId.nullable(),
  public: z.boolean(),
  body: z.string(),
  createdAt: UtcTimestamp,
});
export type Comment = z.infer<typeof Comment>;
