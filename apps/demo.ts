import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { connectorConfigInfo, connectors } from '../connectors/index.js';
import { buildConfigSchema, type Config, type LoadedConfig } from '../shared/config/index.js';
import type { RunningSandbox } from '../shared/sync/contract.js';
import { DEMO_ESCALATION, DEMO_SLA, demoSlackRoles } from './demo-policies.js';

export interface Demo {
  loaded: LoadedConfig;
  sandboxes: { kind: string; sandbox: RunningSandbox }[];
  /** What the demo is and is not, to print at start. */
  notes: string[];
  close(): Promise<void>;
}

/**
 * The demo: every connector that ships a sandbox gets its sandbox started in-process, a
 * connection pointing at it and a job syncing all its streams every 5 minutes, into SQLite under
 * `dataDir`. No data is invented outside the sandboxes.
 */
/**
 * The demo has no config file, so the Slack bot's secrets come from the environment, as they
 * would through `${SLACK_BOT_TOKEN}` in a config (`SLACK_API_URL` points it at another Web API,
 * `SLACK_ADMIN_USERS` names the admins).
 */
function slackFromEnvironment(env: NodeJS.ProcessEnv) {
  const botToken = env.SLACK_BOT_TOKEN;
  const signingSecret = env.SLACK_SIGNING_SECRET;
  if (!botToken || !signingSecret) return null;
  return {
    botToken,
    signingSecret,
    roles: demoSlackRoles(env),
    ...(env.SLACK_API_URL && { apiUrl: env.SLACK_API_URL }),
  };
}

export async function startDemo(
  dataDir: string,
  options: { port?: number; host?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Demo> {
  const sandboxes: Demo['sandboxes'] = [];
  const connections: Record<string, unknown>[] = [];
  const jobs: Record<string, unknown>[] = [];
  for (const connector of connectors) {
    if (connector.sandbox === undefined) continue;
    const sandbox = await connector.sandbox.start({ host: '127.0.0.1' });
    sandboxes.push({ kind: connector.kind, sandbox });
    const id = `${connector.kind}-demo`;
    connections.push({ id, kind: connector.kind, ...connector.sandbox.connection(sandbox.url) });
    jobs.push({
      id,
      connection: id,
      streams: connector.streams.map((s) => s.name),
      every: '5m',
      startFrom: '2024-01-01',
    });
  }
  const absoluteDir = resolve(dataDir);
  const raw = {
    database: `sqlite:${join(absoluteDir, 'casebridge.db')}`,
    connections,
    jobs,
    server: { host: options.host ?? '127.0.0.1', port: options.port ?? 3000 },
    sla: DEMO_SLA,
    escalation: DEMO_ESCALATION,
    zendeskApp: { sharedSecret: randomBytes(24).toString('hex') },
    // The example SOP library shipped beside dist/ and apps/ (both one level below the package root).
    sop: { folder: join(import.meta.dirname, '..', 'sops') },
    // Sampling flags tickets for QA from the synced data itself (bad CSAT, a share of solved ones).
    qa: {
      scorecards: join(import.meta.dirname, '..', 'scorecards'),
      sampling: [
        { id: 'bad-csat', kind: 'bad-csat' },
        { id: 'weekly-sample', kind: 'solved-per-agent', percent: 5 },
        { id: 'escalations', kind: 'escalated', minLevel: 2 },
      ],
    },
  };
  const slack = slackFromEnvironment(options.env ?? process.env);
  const config = buildConfigSchema(connectorConfigInfo()).parse(
    slack === null ? raw : { ...raw, slack },
  ) as Config;
  const notes = [`demo: SQLite database at ${join(absoluteDir, 'casebridge.db')}`];
  notes.push(
    slack === null
      ? 'demo: no Slack bot (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to serve it at POST /slack/events)'
      : 'demo: Slack bot at POST /slack/events (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)',
  );
  if (slack !== null)
    notes.push(
      slack.roles.admin.length === 0
        ? 'demo: Slack users are agents; set SLACK_ADMIN_USERS (user ids) for QA reviews and other admin verbs'
        : `demo: Slack admins: ${slack.roles.admin.join(', ')} (SLACK_ADMIN_USERS)`,
    );
  for (const { kind, sandbox } of sandboxes)
    notes.push(`demo: ${kind} sandbox at ${sandbox.url}, synced every 5 minutes`);
  const missing = connectors.filter((c) => c.sandbox === undefined).map((c) => c.kind);
  if (sandboxes.length === 0) {
    notes.push(
      'demo: no CRM connector with a sandbox is installed in this version, so the store stays empty; ' +
        'connectors for zendesk and salesforce are not yet configured',
    );
  } else if (missing.length > 0) {
    notes.push(`demo: no sandbox for ${missing.join(', ')}`);
  }
  return {
    loaded: {
      config,
      path: null,
      baseDir: absoluteDir,
      secrets: slack === null ? [] : [slack.botToken, slack.signingSecret],
    },
    sandboxes,
    notes,
    async close() {
      await Promise.allSettled(sandboxes.map(({ sandbox }) => sandbox.close()));
    },
  };
}
