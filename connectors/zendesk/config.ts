import { z } from 'zod';
import { KnowledgeDuration, knowledgeImportFields } from '../../shared/config/sections/knowledge.js';

/** API token auth (Basic `{email}/token:{apiToken}`) or an OAuth access token (Bearer). */
export const ZendeskAuth = z.union([
  z.strictObject({
    email: z.string().email('expected the email of the Zendesk user the token belongs to'),
    apiToken: z.string().min(1, 'the API token is empty'),
  }),
  z.strictObject({ oauthToken: z.string().min(1, 'the OAuth token is empty') }),
]);
export type ZendeskAuth = z.infer<typeof ZendeskAuth>;

/** The `knowledge` stream's settings: Zendesk Guide articles imported as SOPs. */
export const ZendeskKnowledge = z
  .strictObject({
    ...knowledgeImportFields,
    sweepEvery: KnowledgeDuration.default('1d').describe(
      "How often the whole help center is listed to find archived articles (Zendesk's export never reports archiving)",
    ),
  })
  .describe('Import Zendesk Guide articles as SOPs when a job lists the `knowledge` stream');
export type ZendeskKnowledge = z.output<typeof ZendeskKnowledge>;

/** A `kind: zendesk` connection's own keys (the config adds `id` and `kind`). */
export const ZendeskConnectionSchema = z.strictObject({
  subdomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, 'expected the subdomain only, e.g. acme for acme.zendesk.com')
    .describe('acme for https://acme.zendesk.com'),
  baseUrl: z
    .string()
    .url()
    .optional()
    .describe('Overrides https://{subdomain}.zendesk.com, e.g. to point at the sandbox'),
  auth: ZendeskAuth,
  requestsPerMinute: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The share of the account's request limit casebridge may spend (Team 200 … Enterprise 700)"),
  exportRequestsPerMinute: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(10)
    .describe('Incremental export budget: 10/min, more with High Volume; null turns it off (sandboxes)'),
  webhookSecret: z.string().min(1).optional().describe('The signing secret of the Zendesk webhook'),
  knowledge: ZendeskKnowledge.optional(),
  timeoutMs: z.number().int().min(100).default(60_000),
});
export type ZendeskConnectionConfig = z.output<typeof ZendeskConnectionSchema>;
export type ZendeskConnection = ZendeskConnectionConfig & { id: string };

/** Parses a connection as the runner hands it over (the config loader has validated it already). */
export function parseConnection(raw: unknown): ZendeskConnection {
  const id = (raw as { id?: unknown }).id;
  const { id: _id, kind: _kind, ...rest } = raw as Record<string, unknown>;
  return { ...ZendeskConnectionSchema.parse(rest), id: typeof id === 'string' ? id : 'zendesk' };
}

export function apiBaseUrl(connection: Pick<ZendeskConnectionConfig, 'subdomain' | 'baseUrl'>): string {
  return (connection.baseUrl ?? `https://${connection.subdomain}.zendesk.com`).replace(/\/+$/, '');
}

/** Where an agent opens the ticket: always the real Zendesk, even when syncing from a sandbox. */
export function agentUrl(subdomain: string, ticketId: string | number): string {
  return `https://${subdomain}.zendesk.com/agent/tickets/${ticketId}`;
}

export function authorizationHeader(auth: ZendeskAuth): string {
  if ('oauthToken' in auth) return `Bearer ${auth.oauthToken}`;
  return `Basic ${Buffer.from(`${auth.email}/token:${auth.apiToken}`).toString('base64')}`;
}
