import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody, sendError, sendJson } from './http.js';
import { SandboxApiError } from './query-exec.js';
import { bulkRoutes } from './routes-bulk.js';
import { type Route, restRoutes } from './routes-rest.js';
import type { SandboxState } from './state.js';

const routes: Route[] = [...restRoutes, ...bulkRoutes];
const ORG_ID = '00D5g000000SANDBOX';

/** The sandbox's HTTP server: OAuth token endpoint, then every REST route behind a bearer token. */
export function createSandboxServer(state: SandboxState, baseUrl: () => string): Server {
  return createServer((req, res) => {
    handle(state, baseUrl(), req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'UNKNOWN_EXCEPTION', `sandbox bug: ${String(error)}`);
      else res.destroy();
    });
  });
}

async function handle(state: SandboxState, baseUrl: string, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', baseUrl);
  const body = await readBody(req);
  if (req.method === 'POST' && url.pathname === '/services/oauth2/token') {
    token(state, baseUrl, body, res);
    return;
  }
  if (!url.pathname.startsWith('/services/data/')) {
    sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    return;
  }
  state.stats.requests += 1;
  const path = url.pathname;
  if (state.faults.take(path, ['drop']) !== null) {
    res.socket?.destroy();
    return;
  }
  const slow = state.faults.take(path, ['slow']);
  if (slow?.type === 'slow') await sleep(slow.delayMs);
  if (state.faults.take(path, ['expire-session']) !== null) state.tokens.clear();
  const auth = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  if (auth === undefined || !state.tokens.has(auth)) {
    sendError(res, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    return;
  }
  state.apiUsage.used += 1;
  const headers = { 'sforce-limit-info': `api-usage=${state.apiUsage.used}/${state.apiUsage.limit}` };
  if (state.faults.take(path, ['request-limit']) !== null) {
    sendError(res, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', headers);
    return;
  }
  const failure = state.faults.take(path, ['server-error']);
  if (failure?.type === 'server-error') {
    sendError(res, failure.status ?? 503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable', headers);
    return;
  }
  for (const route of routes) {
    const match = route.method === req.method ? route.pattern.exec(path) : null;
    if (match === null) continue;
    state.stats.byRoute[route.pattern.source] = (state.stats.byRoute[route.pattern.source] ?? 0) + 1;
    const corrupt = state.faults.take(path, ['malformed']) !== null;
    try {
      await route.handle({ state, req, res, params: match.slice(1), url, body, headers, corrupt });
    } catch (error) {
      if (!(error instanceof SandboxApiError)) throw error;
      sendError(res, error.status, error.errorCode, error.message, headers);
    }
    return;
  }
  sendError(res, 404, 'NOT_FOUND', `The requested resource does not exist: ${req.method} ${path}`, headers);
}

/** https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm (and the JWT bearer flow). */
function token(state: SandboxState, baseUrl: string, body: string, res: ServerResponse) {
  state.stats.tokenRequests += 1;
  const form = new URLSearchParams(body);
  const grant = form.get('grant_type');
  const { clientId, clientSecret, refreshToken } = state.credentials;
  let ok = false;
  if (grant === 'refresh_token') {
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      sendJson(res, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
      return;
    }
    ok = form.get('refresh_token') === refreshToken;
  } else if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    const claims = (form.get('assertion') ?? '').split('.')[1] ?? '';
    try {
      ok =
        (JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { iss?: unknown }).iss === clientId;
    } catch {
      ok = false; // not a JWT: answered as invalid_grant below
    }
  }
  if (!ok) {
    sendJson(res, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    return;
  }
  const accessToken = `${ORG_ID}!sandbox.${state.counter++}.${Math.random().toString(36).slice(2)}`;
  state.tokens.add(accessToken);
  sendJson(res, 200, {
    access_token: accessToken,
    instance_url: baseUrl,
    id: `${baseUrl}/id/${ORG_ID}/0055g0000000001AAA`,
    token_type: 'Bearer',
    issued_at: String(state.now()),
    signature: 'c2FuZGJveA==',
    scope: 'api refresh_token',
  });
}
