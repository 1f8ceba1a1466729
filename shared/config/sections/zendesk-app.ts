import { z } from 'zod';

/**
 * The `zendeskApp:` section: the sidebar app's shared secret (the app's secure `sharedSecret`
 * setting) with which Zendesk signs the JWT of every sidebar request.
 */
export const ZendeskAppConfig = z.strictObject({
  sharedSecret: z.string().min(16, 'use at least 16 characters'),
});
export type ZendeskAppConfig = z.output<typeof ZendeskAppConfig>;
