import { z } from 'zod';

const who = z.array(z.string().min(1));

/**
 * Who may press which sidebar button: Zendesk roles (`admin`, `agent`, or a custom role's name as
 * Zendesk reports it) or agents' emails. The API refuses an action not allowed here.
 */
export const ZendeskAppPermissions = z.strictObject({
  escalate: who.default(['admin', 'agent']).describe('Roles or emails that may escalate'),
  acknowledge: who.default(['admin', 'agent']).describe('Roles or emails that may acknowledge'),
  resolve: who.default(['admin']).describe('Roles or emails that may resolve an escalation'),
});
export type ZendeskAppPermissions = z.output<typeof ZendeskAppPermissions>;

/**
 * The `zendeskApp:` section: the sidebar app's shared secret (the app's secure `sharedSecret`
 * setting) with which Zendesk signs the JWT of every sidebar request, and what the JWT must say.
 */
export const ZendeskAppConfig = z.strictObject({
  sharedSecret: z.string().min(16, 'use at least 16 characters'),
  issuer: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Exact `iss` the JWT must carry, e.g. acme.zendesk.com; unset: any configured Zendesk subdomain',
    ),
  audience: z.string().min(1).default('casebridge').describe('The `aud` the JWT must carry'),
  clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
  maxTokenLifetimeSeconds: z
    .number()
    .int()
    .min(30)
    .max(86_400)
    .default(3600)
    .describe('Tokens valid for longer than this (exp - iat) are refused'),
  permissions: ZendeskAppPermissions.default({
    escalate: ['admin', 'agent'],
    acknowledge: ['admin', 'agent'],
    resolve: ['admin'],
  }),
});
export type ZendeskAppConfig = z.output<typeof ZendeskAppConfig>;
