import { Cron as CronPattern } from 'croner';
import { z } from 'zod';
import { SourceId } from '../domain/common.js';
import { EscalationConfig } from '../services/escalation/rules.js';
import { SlaConfig, slaCrossIssues } from '../services/sla/policy.js';
import { QaConfig } from './sections/qa.js';
import { SlackConfig } from './sections/slack.js';
import { SopConfig } from './sections/sop.js';
import { ZendeskAppConfig } from './sections/zendesk-app.js';

/** What the config needs to know of a connector: its kind, its connection schema, its stream names. */
export interface ConnectorConfigInfo {
  kind: string;
  /** The connection's own keys (everything but `id` and `kind`). */
  configSchema: z.ZodObject;
  streams: readonly string[];
}

function isCronExpression(text: string): boolean {
  try {
    new CronPattern(text, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export const DEFAULT_DATABASE = 'sqlite:./data/casebridge.db';

const Duration = z
  .string()
  .regex(/^\d+(s|m|h|d)$/, 'expected a duration like 30s, 5m, 1h or 1d')
  .describe('How often the job runs, e.g. 5m');

const Cron = z
  .string()
  .refine(isCronExpression, 'expected a cron expression like "*/5 * * * *"')
  .describe('When the job runs, as a five-field cron expression');

const StartFrom = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'expected a date like 2024-01-01')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date')
  .describe('Where the first run starts reading the CRM history');

const Job = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, - and _'),
    connection: z.string().describe('The id of a connection above'),
    streams: z.array(z.string()).min(1, 'list at least one stream'),
    every: Duration.optional(),
    cron: Cron.optional(),
    startFrom: StartFrom.optional(),
    enabled: z.boolean().default(true),
  })
  .refine((job) => job.every === undefined || job.cron === undefined, {
    message: 'set either `every` or `cron`, not both',
    path: ['cron'],
  });

const Server = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  adminToken: z
    .string()
    .min(16, 'use at least 16 characters')
    .optional()
    .describe('Bearer token for /api/admin'),
});

const Scheduler = z.strictObject({
  retryAttempts: z.number().int().min(0).max(20).default(3).describe('Retries after a failed scheduled run'),
  retryBackoff: Duration.default('30s').describe('Wait before the first retry; doubles each time'),
  unhealthyAfter: z
    .number()
    .int()
    .min(1)
    .default(3)
    .describe('Consecutive failed runs that make a job unhealthy (and alert)'),
});

const Queue = z.strictObject({
  expireAfter: Duration.default('15m').describe(
    'A run whose worker vanished is retried by another worker after this',
  ),
  maintenanceInterval: Duration.default('1m').describe('How often workers check for expired runs'),
});

/** Without an `escalation:` section: three levels, no automatic rules (manual escalations only). */
export const DEFAULT_ESCALATION: EscalationConfig = {
  levels: [
    { name: 'Team lead', owner: null, notify: [] },
    { name: 'Support manager', owner: null, notify: [] },
    { name: 'Head of support', owner: null, notify: [] },
  ],
  rules: [],
  autoResolveWhenSolved: true,
};

const Log = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const Database = z
  .string()
  .regex(
    /^(sqlite:.+|postgres(ql)?:\/\/.+)$/,
    'use sqlite:./data/casebridge.db or postgres://user@host:5432/db',
  )
  .default(DEFAULT_DATABASE);

function connectionSchema(connectors: readonly ConnectorConfigInfo[]) {
  const base = { id: SourceId.describe('Prefixes every record id from this CRM, e.g. zendesk-main') };
  const known = connectors.map((c) => c.kind).join(', ') || 'none in this version';
  const unknownKind = { error: () => `unknown connector kind (known: ${known})` };
  const variants = connectors.map((c) =>
    z
      .strictObject({ ...base, kind: z.literal(c.kind), ...c.configSchema.shape })
      .describe(`A ${c.kind} connection`),
  );
  const [first, ...rest] = variants;
  if (first === undefined) return z.strictObject({ ...base, kind: z.never(unknownKind) });
  return z.discriminatedUnion('kind', [first, ...rest], unknownKind);
}

/** The whole `casebridge.yaml`. Connectors contribute their connection shapes; see `DESIGN.md`. */
export function buildConfigSchema(connectors: readonly ConnectorConfigInfo[]) {
  const streamsByKind = new Map(connectors.map((c) => [c.kind, c.streams]));
  return z
    .strictObject({
      database: Database,
      connections: z.array(connectionSchema(connectors)).default([]),
      jobs: z.array(Job).default([]),
      server: Server.prefault({}),
      scheduler: Scheduler.prefault({}),
      queue: Queue.prefault({}).describe('Scale-out on PostgreSQL: pg-boss settings for `casebridge worker`'),
      sla: SlaConfig.prefault({}).describe('Business-hours calendars and SLA policies'),
      escalation: EscalationConfig.default(DEFAULT_ESCALATION).describe(
        'Escalation levels and the rules that raise tickets to them',
      ),
      slack: SlackConfig.optional(),
      zendeskApp: ZendeskAppConfig.optional(),
      sop: SopConfig.optional().describe('The SOP library: folder and review reminders'),
      qa: QaConfig.optional().describe('QA scorecards, sampling, disputes and calibration'),
      log: Log.prefault({}),
    })
    .superRefine((config, ctx) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: 'custom', path, message });
      const connectionKinds = new Map<string, string>();
      config.connections.forEach((c, i) => {
        if (connectionKinds.has(c.id)) issue(['connections', i, 'id'], `duplicate connection id "${c.id}"`);
        connectionKinds.set(c.id, c.kind);
      });
      for (const problem of slaCrossIssues(config.sla, [...connectionKinds.keys()])) {
        if (problem.path.includes('connection')) issue(['sla', ...problem.path], problem.message);
      }
      const jobIds = new Set<string>();
      config.jobs.forEach((job, i) => {
        if (jobIds.has(job.id)) issue(['jobs', i, 'id'], `duplicate job id "${job.id}"`);
        jobIds.add(job.id);
        const kind = connectionKinds.get(job.connection);
        if (kind === undefined) {
          issue(['jobs', i, 'connection'], `no connection with id "${job.connection}"`);
          return;
        }
        const streams = streamsByKind.get(kind) ?? [];
        job.streams.forEach((stream, s) => {
          if (!streams.includes(stream))
            issue(
              ['jobs', i, 'streams', s],
              `${kind} has no stream "${stream}" (it has: ${streams.join(', ')})`,
            );
        });
      });
    });
}

export type ConfigSchema = ReturnType<typeof buildConfigSchema>;
/** A connection as the connector sees it: its own keys, validated by its own `configSchema`. */
export interface ConnectionConfig {
  id: string;
  kind: string;
  [key: string]: unknown;
}
export type Config = Omit<z.output<ConfigSchema>, 'connections'> & { connections: ConnectionConfig[] };
export type JobConfig = Config['jobs'][number];
