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
  /** 0 when the connection ended without an answer (dropped, or the client gave up). */
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
    // Logged on arrival (so the log is in arrival order), completed when answered; 0 = no answer.
    const entry: SandboxRequestRecord = {
      at,
      method: req.method ?? 'GET',
      path,
      status: 0,
      retryAfter: null,
    };
    requests.push(entry);
    const record = (status: number, retryAfter: number | null = null) => {
      entry.status = status;
      entry.retryAfter = retryAfter;
    };
    const fault = faults.next(++count);
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') {
      let gone = false;
      res.once('close', () => {
        gone = !res.writableFinished;
      });
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      // The client timed out meanwhile: nothing is answered (recorded as status 0, like a drop).
      if (gone || req.socket.destroyed) {
        record(0);
        return;
      }
    }
    const isExport = EXPORT_PATHS.has(path);
    const refused =
      faultAnswer(fault) ??
      accessAnswer(req.headers.authorization, isExport) ??
      limitAnswer(isExport ? [account, exportsLimit] : [account], at);
    if (refused !== null) {
      record(refused.status, refused.retryAfter ?? null);
      return send(res, refused.status, refused.body, refused.headers);
    }
    const body = req.method === 'GET' ? null : await readBody(req);
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const result = route(data, { method: req.method ?? 'GET', path, query: url.searchParams, body, origin });
    record(result.status);
    send(res, result.status, result.body, limitHeaders(account, isExport ? exportsLimit : null, at));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A sandbox bug answers 500 (or cuts the response if it had begun), never hangs the client.
      if (!res.headersSent) send(res, 500, { error: 'SandboxError', description: String(error) });
      else res.destroy(error instanceof Error ? error : new Error(String(error)));
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

interface Refusal {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  retryAfter?: number;
}

function rateLimited(retryAfter: number): Refusal {
  return {
    status: 429,
    body: {
      error: 'APIRateLimitExceeded',
      description: 'Number of allowed API requests per minute exceeded',
    },
    headers: { 'retry-after': String(retryAfter) },
    retryAfter,
  };
}

function faultAnswer(fault: Fault | null): Refusal | null {
  if (fault?.kind === '429') return rateLimited(fault.retryAfterSeconds);
  if (fault?.kind === '5xx') {
    return {
      status: fault.status,
      body: { error: 'ServiceUnavailable', description: 'Injected server error' },
    };
  }
  return null;
}

/** 401 without valid credentials; 403 for a non-admin on an export, as Zendesk answers. */
function accessAnswer(authorization: string | undefined, isExport: boolean): Refusal | null {
  const auth = authOf(authorization);
  if (auth === null) return { status: 401, body: { error: "Couldn't authenticate you" } };
  if (isExport && auth !== 'admin') {
    const description =
      'You do not have access to this page. Please contact the account owner of this help desk for further help.';
    return { status: 403, body: { error: 'Forbidden', description } };
  }
  return null;
}

function limitAnswer(limits: readonly SandboxRateLimit[], at: number): Refusal | null {
  for (const limit of limits) {
    const taken = limit.take(at);
    if (!taken.ok) return rateLimited(taken.retryAfterSeconds);
  }
  return null;
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
