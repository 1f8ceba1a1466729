import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import type { Logger } from '../../shared/log/logger.js';
import type { ConnectorStateStore } from '../../shared/sync/contract.js';
import { Authenticator } from './auth.js';
import type { SalesforceConfig } from './config.js';
import { fromJsforceError, SalesforceApiError } from './errors.js';

export interface ApiUsage {
  used: number;
  limit: number;
}

export interface SalesforceRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute, or a path from the instance root (`/services/data/...`). */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ClientContext {
  state: ConnectorStateStore;
  log: Logger;
  signal?: AbortSignal;
}

type ClientConfig = Pick<
  SalesforceConfig,
  'instanceUrl' | 'loginUrl' | 'apiVersion' | 'auth' | 'requestTimeoutMs' | 'maxRetries' | 'retryBaseMs'
>;

const RETRIED_STATUSES = new Set([500, 502, 503, 504]);
/** Only requests that can be repeated without a second side effect are retried after an unclear failure. */
const IDEMPOTENT = new Set(['GET', 'PATCH', 'DELETE']);

/**
 * The REST client every stream and action uses: a jsforce Connection (auth header, JSON parsing,
 * Salesforce error bodies) plus casebridge's own policy — one token refresh per request on a 401,
 * backoff retries of 5xx, timeouts and dropped connections, no retry of REQUEST_LIMIT_EXCEEDED —
 * and the org's API usage read from every `Sforce-Limit-Info` header.
 */
export class SalesforceClient {
  /** HTTP requests sent to the REST API (retries included), for progress and benchmarks. */
  requests = 0;
  apiUsage: ApiUsage | null = null;
  readonly baseUrl: string;
  readonly config: ClientConfig;
  private readonly conn: Connection;
  private readonly auth: Authenticator;
  private readonly context: ClientContext;

  private constructor(config: ClientConfig, context: ClientContext, auth: Authenticator, token: string) {
    this.config = config;
    this.context = context;
    this.auth = auth;
    const instanceUrl = config.instanceUrl.replace(/\/+$/, '');
    this.baseUrl = `${instanceUrl}/services/data/v${config.apiVersion}`;
    // The version is always explicit: jsforce would otherwise default to API 50.0.
    this.conn = new Connection({ instanceUrl, accessToken: token, version: config.apiVersion });
  }

  static async connect(config: ClientConfig, context: ClientContext): Promise<SalesforceClient> {
    const auth = new Authenticator(config, context.state, context.log);
    return new SalesforceClient(config, context, auth, await auth.initialToken());
  }

  get instanceUrl(): string {
    return this.conn.instanceUrl;
  }

  /** Sends one REST request under the retry policy and returns the parsed JSON body. */
  async send(request: SalesforceRequest): Promise<unknown> {
    return (await this.exchange(request, false)).body;
  }

  /** The body as text (Bulk API CSV results) with the response headers (`Sforce-Locator`). */
  async sendText(request: SalesforceRequest): Promise<{ body: string; headers: Record<string, string> }> {
    const { body, headers } = await this.exchange(request, true);
    return { body: typeof body === 'string' ? body : '', headers };
  }

  private async exchange(
    request: SalesforceRequest,
    asText: boolean,
  ): Promise<{ body: unknown; headers: Record<string, string> }> {
    const url = request.url.startsWith('/') ? `${this.conn.instanceUrl}${request.url}` : request.url;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      this.context.signal?.throwIfAborted();
      const { status, result, error, headers } = await this.attempt({ ...request, url }, asText);
      if (error === undefined) return { body: result, headers };
      const failure = error instanceof SalesforceApiError ? error : fromJsforceError(error, status);
      // A plain access token cannot be renewed: renew() then throws an error saying what to configure.
      if (status === 401 && failure.errorCode === 'INVALID_SESSION_ID' && !refreshed) {
        refreshed = true;
        this.context.log.info('Salesforce session expired; refreshing the token once');
        this.conn.accessToken = await this.auth.renew();
        attempt -= 1;
        continue;
      }
      if (!this.isTransient(request.method, status, error) || attempt >= this.config.maxRetries)
        throw failure;
      const delay = this.config.retryBaseMs * 2 ** attempt;
      this.context.log.warn(
        { attempt: attempt + 1, delayMs: delay, status, errorCode: failure.errorCode },
        `Salesforce request failed (${failure.errorCode}); retrying`,
      );
      await sleep(delay, undefined, this.context.signal ? { signal: this.context.signal } : {});
    }
  }

  private async attempt(
    request: SalesforceRequest,
    asText: boolean,
  ): Promise<{ status: number | null; headers: Record<string, string>; result?: unknown; error?: unknown }> {
    // jsforce's own retries are off (maxRetries 0) so there is one retry policy, the one above.
    const api = new HttpApi(this.conn, {
      retry: { maxRetries: 0 },
      timeout: this.config.requestTimeoutMs,
      ...(asText ? { responseType: 'text/plain' } : {}),
    });
    let status: number | null = null;
    let headers: Record<string, string> = {};
    api.on('response', (response: { statusCode: number; headers: Record<string, string> }) => {
      status = response.statusCode;
      headers = response.headers;
      this.readLimitInfo(response.headers['sforce-limit-info']);
    });
    this.requests += 1;
    const sent: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) sent['content-type'] = 'application/json';
    try {
      const result = await api.request({
        method: request.method,
        url: request.url,
        headers: sent,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      return { status, headers, result };
    } catch (error) {
      return { status, headers, error };
    }
  }

  private isTransient(method: string, status: number | null, error: unknown): boolean {
    if (!IDEMPOTENT.has(method)) return status === 503;
    if (status !== null) return RETRIED_STATUSES.has(status);
    const name = (error as { name?: unknown } | null)?.name;
    // node-fetch: FetchError = connection reset/refused, dropped or truncated response; AbortError = timeout.
    return name === 'FetchError' || name === 'AbortError';
  }

  /** `Sforce-Limit-Info: api-usage=25/15000` — https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm */
  private readLimitInfo(header: string | undefined): void {
    const match = header?.match(/api-usage=(\d+)\/(\d+)/);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      this.apiUsage = { used: Number(match[1]), limit: Number(match[2]) };
    }
  }
}
