import { z } from 'zod';
import { RecordId, recordIdentity } from './common.js';

export const PersonRole = z.enum(['end_user', 'agent', 'admin']);
export type PersonRole = z.infer<typeof PersonRole>;

/** A requester, contact or agent. Emails are kept as the CRM has them; matching normalises them. */
export const Person = z.object({
  ...recordIdentity,
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  organizationId: RecordId.nullable(),
  role: PersonRole,
  timeZone: z.string().nullable(),
});
export type Person = z.infer<typeof Person>;

/** The form under which two CRMs' emails are the same customer. */
export function normaliseEmail(email: string | null): string | null {
  if (email === null) return null;
  const trimmed = email.trim().toLowerCase();
  return trimmed === '' ? null : trimmed;
}
