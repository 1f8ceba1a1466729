import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSandbox, SandboxOptions } from '../../../shared/sync/index.js';
import { SandboxData, type TicketChange } from './data.js';
import { type Fault, FaultInjector, type FaultPlan } from './faults.js';
import { SANDBOX_ADMIN_EMAIL } from './people.js';
import { SandboxRateLimit } from './rate-limit.js';
import { EXPORT_PATHS, route } from './routes.js';

/** The sandbox's one admin; a token for the agent user answers exports with 403, as Zendesk does. */
export const SANDBOX_CREDENTIALS = {
  admin: { email: SANDBOX_ADMIN_EMAIL, apiToken: 'sandbox-token' },
  agent: { email: 'agent1@casebridge-sandbox.example', apiToken: 'sandbox-token' },
  oauthToken: 'sandbox-oauth-token',
} as const;

export interface ZendeskSandboxOptions extends SandboxOptions {
  /** Incremental exports per minute before a 429 (Zendesk: 10, High Volume 30); null = unlimited. */
  exportRateLimitPerMinute?: number | null;
  /** Every Nth seeded ticket is malformed (quarantine tests); 0 = none. */
  malformedEvery?: number;
  faults?: FaultPlan;
}

export interface SandboxRequestRecord {
  at: number;
  method: string;
  path: string;
  status: number;
  /** The `Retry-After` sent with this answer, in seconds. */
  retryAfter: number | null;
}

export interface RunningZendeskSandbox extends RunningSandbox {
  data: SandboxData;
  requests: SandboxRequestRecord[];
  inject(...faults: Fault[]): void;
  changeTicket(id: number, change: TicketChange): Record<string, unknown> | null;
  /** Requests that arrived before an earlier `Retry-After` had elapsed (should be none). */
  earlyRequests(): SandboxRequestRecord[];
}

type Auth = 'admin' | 'agent' | null;

function authOf(header: string | undefined): Auth {
  if (header === `Bearer ${SANDBOX_CREDENTIALS.oauthToken}`) return 'admin';
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  for (const role of ['admin', 'agent'] as const) {
    const c = SANDBOX_CREDENTIALS[role];
    if (decoded === `${c.email}/token:${c.apiToken}`) return role;
  }
  return null;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? null : (JSON.parse(text) as unknown);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The Zendesk sandbox: the API subset casebridge uses, with Zendesk's shapes, limits and faults. */
export async function startZendeskSandbox(
  options: ZendeskSandboxOptions = {},
): Promise<RunningZendeskSandbox> {
  const data = new SandboxData({
    seed: options.seed ?? 42,
    size: options.size ?? 500,
    malformedEvery: options.malformedEvery ?? 0,
  });
  const account = new SandboxRateLimit(
    options.rateLimitPerMinute === undefined ? 700 : options.rateLimitPerMinute,
  );
  const exportsLimit = new SandboxRateLimit(
    options.rateLimitPerMinute === null
      ? null
      : options.exportRateLimitPerMinute === undefined
        ? 100
        : options.exportRateLimitPerMinute,
  );
  const faults = new FaultInjector(options.faults);
  const requests: SandboxRequestRecord[] = [];
  let count = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\.json$/, '');
    const at = Date.now();
    const record = (status: number, retryAfter: number | null = null) =>
      requests.push({ at, method: req.method ?? 'GET', path, status, retryAfter });
    const fault = faults.next(++count);
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === '429') {
      record(429, fault.retryAfterSeconds);
      return send(
        res,
        429,
        { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
        { 'retry-after': String(fault.retryAfterSeconds) },
      );
    }
    if (fault?.kind === '5xx') {
      record(fault.status);
      return send(res, fault.status, { error: 'ServiceUnavailable', description: 'Injected server error' });
    }
    const auth = authOf(req.headers.authorization);
    if (auth === null) {
      record(401);
      return send(res, 401, { error: "Couldn't authenticate you" });
    }
    const isExport = EXPORT_PATHS.has(path);
    if (isExport && auth !== 'admin') {
      record(403);
      return send(res, 403, {
        error: 'Forbidden',
        description:
          'You do not have access to this page. Please contact the account owner of this help desk for further help.',
      });
    }
    for (const limit of isExport ? [account, exportsLimit] : [account]) {
      const taken = limit.take(at);
      if (!taken.ok) {
        record(429, taken.retryAfterSeconds);
        return send(
          res,
          429,
          {
            error: 'APIRateLimitExceeded',
            description: 'Number of allowed API requests per minute exceeded',
          },
          { 'retry-after': String(taken.retryAfterSeconds) },
        );
      }
    }
    const body = req.method === 'GET' ? null : await readBody(req);
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const result = route(data, { method: req.method ?? 'GET', path, query: url.searchParams, body, origin });
    record(result.status);
    send(res, result.status, result.body, limitHeaders(account, isExport ? exportsLimit : null, at));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: 'SandboxError', description: String(error) });
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    data,
    requests,
    inject: (...f) => faults.inject(...f),
    changeTicket: (id, change) => data.changeTicket(id, change),
    earlyRequests: () => earlyRequests(requests),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function limitHeaders(
  account: SandboxRateLimit,
  exports: SandboxRateLimit | null,
  now: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const remaining = account.remaining(now);
  if (account.limit !== null && remaining !== null) {
    headers['x-rate-limit'] = String(account.limit);
    headers['x-rate-limit-remaining'] = String(remaining);
    headers['ratelimit-limit'] = String(account.limit);
    headers['ratelimit-remaining'] = String(remaining);
    headers['ratelimit-reset'] = String(account.resetsInSeconds(now));
  }
  const left = exports?.remaining(now);
  if (exports && exports.limit !== null && left !== null && left !== undefined) {
    headers['zendesk-ratelimit-incremental-exports'] =
      `total=${exports.limit}; remaining=${left}; resets=${exports.resetsInSeconds(now)}`;
  }
  return headers;
}

/** A request is early when it arrived before the Retry-After of an earlier 429 had run out. */
export function earlyRequests(requests: readonly SandboxRequestRecord[]): SandboxRequestRecord[] {
  const early: SandboxRequestRecord[] = [];
  let notBefore = 0;
  for (const r of requests) {
    if (r.at < notBefore) early.push(r);
    if (r.status === 429 && r.retryAfter !== null)
      notBefore = Math.max(notBefore, r.at + r.retryAfter * 1000);
  }
  return early;
}
