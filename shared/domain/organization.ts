import { z } from 'zod';
import { recordIdentity } from './common.js';

/** A Zendesk organization or a Salesforce account. */
export const Organization = z.object({
  ...recordIdentity,
  name: z.string().nullable(),
  domains: z.array(z.string()),
  tier: z.string().nullable(),
});
export type Organization = z.infer<typeof Organization>;
