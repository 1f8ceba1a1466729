import { z } from 'zod';
import { KnowledgeDuration, knowledgeImportFields } from '../../shared/config/sections/knowledge.js';
import { type Channel, TicketPriority, TicketStatus } from '../../shared/domain/index.js';

/**
 * The connection's own keys in `casebridge.yaml` (`kind: salesforce`). Strict objects, so a typo is
 * a config error naming the key, not a silently ignored setting.
 */

const OAuthRefresh = z
  .strictObject({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
  })
  .describe('OAuth refresh-token flow of a connected app');

const JwtBearer = z
  .strictObject({
    clientId: z.string().min(1),
    username: z.string().min(1),
    privateKey: z
      .string()
      .includes('PRIVATE KEY', { message: 'expected a PEM private key (-----BEGIN PRIVATE KEY-----)' }),
  })
  .describe('OAuth JWT bearer flow: the connected app certificate signs an assertion for `username`');

const AccessToken = z
  .strictObject({ accessToken: z.string().min(1) })
  .describe('A plain access token (expires; no refresh)');

export const SalesforceAuth = z.union([OAuthRefresh, JwtBearer, AccessToken]);
export type SalesforceAuth = z.infer<typeof SalesforceAuth>;

/** Salesforce's standard Case statuses; any other value is kept as sourceStatus and mapped to open. */
export const DEFAULT_STATUS_MAP: Record<string, TicketStatus> = {
  New: 'new',
  Working: 'open',
  'In Progress': 'open',
  Escalated: 'open',
  'On Hold': 'on_hold',
  'Waiting on Customer': 'pending',
  Pending: 'pending',
  Solved: 'solved',
  Resolved: 'solved',
  Closed: 'closed',
};

export const DEFAULT_PRIORITY_MAP: Record<string, TicketPriority> = {
  Low: 'low',
  Medium: 'normal',
  Normal: 'normal',
  High: 'high',
  Urgent: 'urgent',
  Critical: 'urgent',
};

/** Case.Origin picklist values (lower-cased) → channel; anything else is `other`. */
export const DEFAULT_ORIGIN_MAP: Record<string, Channel> = {
  email: 'email',
  web: 'web',
  phone: 'phone',
  chat: 'chat',
  'live chat': 'chat',
  messaging: 'chat',
  social: 'social',
  facebook: 'social',
  twitter: 'social',
  api: 'api',
};

const ApiVersion = z
  .string()
  .regex(/^\d{2,3}\.0$/, 'expected an API version like "62.0" (quote it in YAML)')
  .describe('Salesforce REST API version; required so jsforce never falls back to its old default 50.0');

const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a field API name like Answer__c');

/** The `knowledge` stream's settings: Salesforce Knowledge articles imported as SOPs. */
export const SalesforceKnowledge = z
  .strictObject({
    ...knowledgeImportFields,
    object: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*__kav$/, 'expected an article version object like Knowledge__kav')
      .default('Knowledge__kav')
      .describe(
        'The article version object: Knowledge__kav in Lightning Knowledge, <ArticleType>__kav in Classic',
      ),
    bodyFields: z
      .array(FieldName)
      .min(1, 'name the rich text field(s) holding the article body')
      .describe(
        'Fields holding the article body, in order (Lightning Knowledge has no standard body field), e.g. [Answer__c]',
      ),
    language: z
      .string()
      .min(2)
      .default('en_US')
      .describe('The language of the articles to import (Knowledge queries filter on one)'),
    dataCategories: z
      .boolean()
      .default(true)
      .describe("Tag imported articles with their data categories (the object's DataCategorySelection)"),
    tagsField: FieldName.optional().describe('A text field holding more tags separated by ";" or ","'),
    sweepEvery: KnowledgeDuration.default('1d').describe(
      'How often the ids of every online article are listed, to remove imported articles that left in a way the incremental read cannot see (deleted after archiving)',
    ),
  })
  .describe('Import Salesforce Knowledge articles as SOPs when a job lists the `knowledge` stream');
export type SalesforceKnowledge = z.output<typeof SalesforceKnowledge>;

export const SalesforceConfig = z.strictObject({
  instanceUrl: z.url().describe('e.g. https://acme.my.salesforce.com'),
  loginUrl: z.url().optional().describe('Token endpoint host; default https://login.salesforce.com'),
  apiVersion: ApiVersion,
  auth: SalesforceAuth,
  lookbackMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(10)
    .describe('Each run re-reads this many minutes before its checkpoint (in-flight transactions)'),
  statusMap: z.record(z.string(), TicketStatus).default(DEFAULT_STATUS_MAP),
  priorityMap: z.record(z.string(), TicketPriority).default(DEFAULT_PRIORITY_MAP),
  quotaThresholdPercent: z
    .number()
    .min(1)
    .max(100)
    .default(80)
    .describe('A run pauses (checkpoint kept) once the org has used this % of its daily API requests'),
  bulkThreshold: z
    .number()
    .int()
    .min(0)
    .default(50_000)
    .describe('Above this many records to fetch, a stream uses Bulk API 2.0; 0 turns bulk off'),
  batchSize: z.number().int().min(200).max(2000).default(2000),
  openMilestonesLimit: z
    .number()
    .int()
    .min(1)
    .default(50_000)
    .describe(
      'How many open milestones the sla stream re-reads per run (violations do not bump SystemModstamp)',
    ),
  tagsField: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
    .optional()
    .describe('A text field on Case holding tags separated by ";" (e.g. Tags__c), for the tag actions'),
  accountTierField: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
    .optional()
    .describe('An Account field holding the customer tier (e.g. Tier__c)'),
  useTopicsForTags: z.boolean().default(false).describe('Add tags as Topics assigned to the case'),
  knowledge: SalesforceKnowledge.optional(),
  requestTimeoutMs: z.number().int().min(100).default(120_000),
  maxRetries: z.number().int().min(0).max(10).default(5),
  retryBaseMs: z.number().int().min(1).default(500),
});
export type SalesforceConfig = z.infer<typeof SalesforceConfig>;

/** What every stream receives: the parsed config plus the connection id and kind. */
export type SalesforceConnection = SalesforceConfig & { id: string; kind?: string };

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

/**
 * The connection as streams and actions use it. The config loader has already applied the schema,
 * but a connection can also arrive unparsed (the demo, tests), so it is validated here again.
 */
export function parseConnection(
  connection: { id: string; kind?: string } & Record<string, unknown>,
): SalesforceConnection {
  const { id, kind, ...rest } = connection;
  return { ...SalesforceConfig.parse(rest), id, ...(kind === undefined ? {} : { kind }) };
}
