import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { buildServer } from '../../apps/server/server.js';
import { createServices } from '../../apps/services.js';
import { createSlackBot, type SlackBot } from '../../apps/slack-bot/index.js';
import { slackSignature } from '../../apps/slack-bot/verify.js';
import { connectorConfigInfo, findConnector } from '../../connectors/index.js';
import { buildConfigSchema, type Config } from '../../shared/config/index.js';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';

export const SECRET = 'test-signing-secret-1234';
export const silentLog = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

export interface Recorded {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/** Answers a Web API call from what was sent (a user directory, say); undefined: the default reply. */
export type FakeReply = (path: string, body: Record<string, unknown>) => unknown;

/**
 * One local HTTP server standing in for Slack: `/api/<method>` is the Web API (answers `ok:true`
 * unless a reply is queued or `reply` answers), `/respond/<n>` a response_url. Everything
 * received is recorded.
 */
export async function startFakeSlack(options: { reply?: FakeReply } = {}) {
  const received: Recorded[] = [];
  const queued = new Map<string, { status: number; body: unknown; headers?: Record<string, string> }[]>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      const body = (req.headers['content-type'] ?? '').includes('json')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : decodeForm(raw);
      const path = req.url ?? '';
      received.push({ path, body, headers: req.headers });
      const reply = queued.get(path)?.shift() ?? {
        status: 200,
        body: options.reply?.(path, body) ?? defaultReply(path),
      };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (n: number | string) => `${base}/respond/${n}`,
    received,
    calls: (pathPart: string) => received.filter((r) => r.path.includes(pathPart)),
    queue(path: string, reply: { status: number; body: unknown; headers?: Record<string, string> }) {
      queued.set(path, [...(queued.get(path) ?? []), reply]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

/** Form fields whose value is JSON (blocks, view) come back parsed, like Slack would read them. */
function decodeForm(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return out;
}

function defaultReply(path: string): unknown {
  if (path.endsWith('chat.getPermalink'))
    return { ok: true, permalink: 'https://acme.slack.com/archives/C1/p1' };
  if (path.endsWith('users.info')) return { ok: true, user: { profile: { email: 'manager@acme.test' } } };
  if (path.endsWith('usergroups.users.list')) return { ok: true, users: ['UGROUPIE'] };
  if (path.includes('/api/')) return { ok: true, ts: '1700000000.000100', channel: 'C-ALERTS' };
  return { ok: true };
}

export const ROLES = {
  manager: ['UMANAGER'],
  qa: ['UQA', 'SQAGROUP'],
  agent: ['UAGENT'],
  admin: ['UADMIN'],
  defaultRole: 'none',
};

/** `more`: other config sections (`qa:`…), added beside `slack:`. */
export function testConfig(
  apiUrl: string,
  slack: Record<string, unknown> = {},
  more: Record<string, unknown> = {},
): Config {
  return buildConfigSchema(connectorConfigInfo()).parse({
    ...more,
    database: 'sqlite::memory:',
    connections: [
      {
        id: 'zendesk-main',
        kind: 'zendesk',
        subdomain: 'acme',
        auth: { email: 'ops@acme.test', apiToken: 'x' },
      },
    ],
    slack: {
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      apiUrl,
      alertsChannel: 'C-ALERTS',
      qaChannel: 'C-QA',
      roles: ROLES,
      ...slack,
    },
  }) as Config;
}

export interface Harness {
  bot: SlackBot;
  server: FastifyInstance;
  config: Config;
}

/** The real server with the bot mounted, over a given store; `now` pins "today". */
export function buildHarness(
  store: Store,
  fake: FakeSlack,
  now: () => Date,
  slack: Record<string, unknown> = {},
  more: Record<string, unknown> = {},
): Harness {
  const config = testConfig(fake.apiUrl, slack, more);
  const connection = (id: string) => {
    const found = config.connections.find((c) => c.id === id);
    if (found === undefined) throw new Error(`no connection ${id}`);
    return found;
  };
  const services = createServices({
    store,
    log: silentLog,
    config: () => config,
    connection,
    // Write-back is not what these tests are about: no CRM actions.
    connectorFor: (c) => ({ ...(findConnector(c.kind) as object), actions: undefined }) as never,
  });
  const bot = createSlackBot({
    config: () => config,
    services,
    store,
    log: silentLog,
    health: async () => [],
    now,
  });
  const server = buildServer({
    store: () => store,
    metrics: new Registry(),
    log: silentLog,
    readiness: { ready: true, reason: '' },
    slack: bot,
  });
  return { bot, server, config };
}

export function signed(body: string, options: { ts?: number; secret?: string; contentType?: string } = {}) {
  const ts = String(options.ts ?? Math.floor(Date.now() / 1000));
  return {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': slackSignature(options.secret ?? SECRET, ts, body),
  };
}

let triggers = 0;
/** A slash command as Slack sends it: form fields, `/casebridge` with the given text. */
export function slashCommand(text: string, responseUrl: string, user = 'UMANAGER'): string {
  triggers += 1;
  return new URLSearchParams({
    token: 'legacy-token',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C-WORK',
    channel_name: 'support',
    user_id: user,
    user_name: 'someone',
    command: '/casebridge',
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trigger.${triggers}`,
  }).toString();
}

/** An interactivity body: `payload=<json>`. */
export const interactive = (payload: unknown): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
