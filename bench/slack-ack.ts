// `npm run bench -- slack-ack [--tickets 1000000] [--requests 500]`: with N tickets in a SQLite store,
// sends signed Slack requests over HTTP to the real server (`POST /slack/events`) and measures the
// time from request to ack, per command, p50/p99. Each request waits for its answer at the
// response_url before the next one, so the listener's work after the ack is part of the load.
// The last stdout line is the JSON summary.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { buildServer } from '../apps/server/server.js';
import { createServices } from '../apps/services.js';
import { createSlackBot } from '../apps/slack-bot/index.js';
import { connectorConfigInfo, findConnector } from '../connectors/index.js';
import { buildConfigSchema, type Config } from '../shared/config/index.js';
import type { SlaTarget, Ticket } from '../shared/domain/index.js';
import { createLogger } from '../shared/log/logger.js';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../shared/store/index.js';

const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
};
// `--tickets` is the name other benchmarks use; `--n` is kept.
const N = Number(option('tickets', option('n', '1000000')));
const REQUESTS = Number(option('requests', '500'));
const SECRET = 'bench-signing-secret';
const SOURCE = 'zendesk-main';
const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

function ticket(i: number, now: number): Ticket {
  const at = new Date(now - (i % 10_000) * 60_000).toISOString();
  return {
    id: `${SOURCE}:${i}`,
    source: SOURCE,
    externalId: String(i),
    number: String(i),
    url: `https://acme.zendesk.com/agent/tickets/${i}`,
    subject: `Ticket ${i}`,
    description: null,
    status: i % 5 === 0 ? 'open' : 'solved',
    sourceStatus: 'open',
    priority: 'normal',
    sourcePriority: 'normal',
    type: null,
    channel: 'email',
    requesterId: `${SOURCE}:p${i % 50_000}`,
    organizationId: null,
    assigneeId: null,
    groupId: `${SOURCE}:g${i % 7}`,
    tags: [],
    customFields: {},
    isEscalated: false,
    satisfaction: null,
    createdAt: at,
    updatedAt: at,
    firstRespondedAt: null,
    solvedAt: null,
    closedAt: null,
    reopens: 0,
    deleted: false,
  };
}

function target(i: number, now: number): SlaTarget {
  const due = now + ((i % 240) - 120) * 60_000;
  return {
    id: `${SOURCE}:t${i}`,
    source: SOURCE,
    externalId: `t${i}`,
    ticketId: `${SOURCE}:${i}`,
    metric: 'first_reply',
    policy: 'Standard',
    startedAt: new Date(due - 3_600_000).toISOString(),
    dueAt: new Date(due).toISOString(),
    stage: 'active',
    achievedAt: null,
    breachedAt: null,
    origin: 'native',
  } as SlaTarget;
}

async function seed(store: Awaited<ReturnType<typeof createStore>>, now: number): Promise<void> {
  const started = Date.now();
  const batch = 5000;
  for (let i = 0; i < N; i += batch) {
    await store.tickets.upsertMany(
      Array.from({ length: Math.min(batch, N - i) }, (_, k) => ticket(i + k, now)),
    );
    if ((i / batch) % 40 === 0)
      console.log(`inserted ${i + batch} tickets (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await store.people.upsertMany([
    {
      id: `${SOURCE}:p1`,
      source: SOURCE,
      externalId: 'p1',
      name: 'Jane',
      email: 'jane@customer.test',
      phone: null,
      organizationId: null,
      role: 'end_user',
      timeZone: null,
    },
  ]);
  await store.slaTargets.upsertMany(Array.from({ length: 2000 }, (_, i) => target(i * 97, now)));
  console.log(
    `store ready: ${N} tickets, 2000 SLA targets due around now (${Math.round((Date.now() - started) / 1000)} s)`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-slack-bench-'));
  const database = await openDatabase(parseDatabaseUrl(`sqlite:${join(dir, 'bench.db')}`, dir));
  await migrateToLatest(database);
  const store = createStore(database);
  const now = Date.now();
  await seed(store, now);

  // The load client and the fake Slack (response_url) run in a child process: in this process
  // they would share the event loop with the server and time its SQLite work, not its ack.
  const client = spawn(process.execPath, ['-e', CLIENT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: client.stdout });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const fakeBase = await next();
  const config = buildConfigSchema(connectorConfigInfo()).parse({
    connections: [
      { id: SOURCE, kind: 'zendesk', subdomain: 'acme', auth: { email: 'ops@acme.test', apiToken: 'x' } },
    ],
    slack: {
      botToken: 'xoxb-bench',
      signingSecret: SECRET,
      apiUrl: `${fakeBase}/api/`,
      roles: { admin: ['UBENCH'] },
    },
  }) as Config;
  const services = createServices({
    store,
    log,
    config: () => config,
    connection: (id) => config.connections.find((c) => c.id === id) as Config['connections'][number],
    connectorFor: (c) => findConnector(c.kind) as never,
  });
  const bot = createSlackBot({ config: () => config, services, store, log, health: async () => [] });
  const server = buildServer({
    store: () => store,
    metrics: new Registry(),
    log,
    readiness: { ready: true, reason: '' },
    slack: bot,
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/slack/events`;

  const commands = ['sla', 'escalations', 'customer jane@customer.test', 'qa queue', 'help'];
  const perCommand: Record<string, { p50Ms: number; p99Ms: number }> = {};
  const all: number[] = [];
  for (const text of commands) {
    client.stdin.write(`${JSON.stringify({ url, text, requests: REQUESTS, secret: SECRET })}\n`);
    const times = JSON.parse(await next()) as number[];
    perCommand[text.split(' ')[0] ?? text] = { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
    all.push(...times);
    console.log(
      `${text}: p50 ${percentile(times, 50)} ms, p99 ${percentile(times, 99)} ms over ${REQUESTS} requests`,
    );
  }
  client.stdin.end();
  await server.close();
  await store.close();
  // The seeded database is ~600 MB at 1M tickets: do not leave it in the temp folder.
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      bench: 'slack-ack',
      n: N,
      store: 'sqlite',
      requestsPerCommand: REQUESTS,
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
      perCommand,
    }),
  );
}

/** Plain JS for `node -e`: signs and sends each command, waits for its response_url answer. */
const CLIENT = `
const http = require('node:http');
const { createHmac } = require('node:crypto');
const readline = require('node:readline');
let answered = 0;
const fake = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { if (req.url.startsWith('/respond/')) answered += 1; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
});
fake.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + fake.address().port));
let seq = 0;
const rl = readline.createInterface({ input: process.stdin });
// The parent ends stdin once it has every result: stop, or the fake server keeps both processes alive.
rl.on('close', () => process.exit(0));
rl.on('line', async (line) => {
  const job = JSON.parse(line);
  const base = 'http://127.0.0.1:' + fake.address().port;
  const times = [];
  for (let i = 0; i < job.requests; i++) {
    seq++;
    const body = new URLSearchParams({ token: 't', team_id: 'T1', team_domain: 'acme', channel_id: 'C1', channel_name: 'c', user_id: 'UBENCH', user_name: 'b', command: '/casebridge', text: job.text, api_app_id: 'A1', response_url: base + '/respond/' + seq, trigger_id: 'tr.' + seq }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = 'v0=' + createHmac('sha256', job.secret).update('v0:' + ts + ':' + body).digest('hex');
    const before = answered;
    const started = performance.now();
    const response = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature }, body });
    await response.arrayBuffer();
    times.push(performance.now() - started);
    if (response.status !== 200) { console.error('ack was HTTP ' + response.status); process.exit(1); }
    while (answered === before) await new Promise((r) => setTimeout(r, 1));
  }
  console.log(JSON.stringify(times));
});
`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
