import pRetry from 'p-retry';
import type { Logger } from '../log/logger.js';
import { type Clock, systemClock } from './clock.js';
import { DEFAULT_ERROR_TABLE, type ErrorTable } from './error-table.js';
import { HttpError, isHttpError } from './errors.js';
import type { RateBudget } from './rate-budget.js';
import { errorForStatus, networkError, timeoutError, tooLongToWait } from './response-errors.js';
import { parseRetryAfter } from './retry-after.js';

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface HttpClientOptions {
  /** The CRM's name in error messages, e.g. "Zendesk". */
  service: string;
  baseUrl: string;
  /** Sent with every request (auth). Never logged. */
  headers?: Record<string, string>;
  /** Per attempt, covering the response body too. */
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures (429, 5xx, timeouts, resets). */
  retries?: number;
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** A Retry-After longer than this fails the request instead of stalling the sync (default 15 min). */
  maxRetryAfterMs?: number;
  /** Budgets every request spends (the account's requests per minute). */
  budgets?: readonly RateBudget[];
  /** Entries replace the default table's, by status. */
  errorTable?: ErrorTable;
  clock?: Clock;
  fetch?: typeof fetch;
  log?: Logger;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path under the base URL, or an absolute URL on the same origin (a `next_page` link). */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Budgets this request spends besides the client's (an endpoint's own limit). */
  budgets?: readonly RateBudget[];
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; null for an empty body or a status the error table ignores. */
  data: unknown;
  ignored: boolean;
}

export interface HttpClient {
  request(options: RequestOptions): Promise<HttpResponse>;
  /** GET and return the JSON body (for callers that parse it with zod next). */
  getJson(path: string, query?: Query, extra?: Omit<RequestOptions, 'path' | 'query'>): Promise<unknown>;
  /** Requests sent, attempts included: the benchmarks and the "second sync" tests count them. */
  readonly requestCount: number;
}

/**
 * The one HTTP client of every connector: an error table per status, `Retry-After` honoured for
 * every later request of this client (never one sent before it elapses), backoff retries with
 * p-retry, a timeout per attempt and request budgets that keep the CRM's limits unspent.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? systemClock;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const table: ErrorTable = { ...DEFAULT_ERROR_TABLE, ...options.errorTable };
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const minDelay = options.minRetryDelayMs ?? 1000;
  const maxDelay = options.maxRetryDelayMs ?? 60_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 15 * 60_000;
  /** No request leaves before this instant: the last `Retry-After` the server sent. */
  let notBefore = 0;
  let requestCount = 0;

  async function attempt(request: RequestOptions, url: URL): Promise<HttpResponse> {
    const method = request.method ?? 'GET';
    await clock.sleep(notBefore - clock.now(), request.signal);
    for (const budget of [...(options.budgets ?? []), ...(request.budgets ?? [])]) {
      await budget.acquire(request.signal);
    }
    // A budget wait may have outlasted nothing, but a Retry-After set meanwhile must still hold.
    await clock.sleep(notBefore - clock.now(), request.signal);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    const context = { service: options.service, method, path: url.pathname };
    requestCount += 1;
    try {
      const response = await doFetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal,
      });
      const text = await response.text();
      if (response.ok)
        return {
          status: response.status,
          headers: response.headers,
          data: parseJson(text, context),
          ignored: false,
        };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      if (retryAfterMs !== null) notBefore = Math.max(notBefore, clock.now() + retryAfterMs);
      const error = errorForStatus(table, { ...context, status: response.status }, text, retryAfterMs);
      if (error === null)
        return { status: response.status, headers: response.headers, data: null, ignored: true };
      if (retryAfterMs !== null && retryAfterMs > maxRetryAfter) throw tooLongToWait(error, retryAfterMs);
      throw error;
    } catch (error) {
      if (isHttpError(error)) throw error;
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) throw timeoutError(context, timeoutMs, error);
      throw networkError(context, error);
    }
  }

  async function request(request: RequestOptions): Promise<HttpResponse> {
    const url = resolveUrl(base, request.path, request.query);
    return pRetry(() => attempt(request, url), {
      retries: options.retries ?? 5,
      // The waits happen in onFailedAttempt through the injectable clock, so p-retry adds none.
      minTimeout: 0,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      shouldRetry: ({ error }) => isHttpError(error) && error.retryable,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (!isHttpError(error) || !error.retryable || retriesLeft === 0) return;
        const backoff = Math.min(maxDelay, minDelay * 2 ** (attemptNumber - 1));
        const wait = Math.max(backoff, error.retryAfterMs ?? 0);
        options.log?.warn(
          { code: error.code, status: error.status, attempt: attemptNumber, waitMs: wait },
          `${error.message}; retrying in ${wait} ms`,
        );
        await clock.sleep(wait, request.signal);
      },
    });
  }

  return {
    request,
    getJson: async (path, query, extra) =>
      (await request({ ...extra, path, ...(query ? { query } : {}) })).data,
    get requestCount() {
      return requestCount;
    },
  };
}

function resolveUrl(base: URL, path: string, query: Query | undefined): URL {
  const url = new URL(path.replace(/^\//, ''), base);
  // Absolute next-page links are followed only on the CRM's own origin: credentials go nowhere else.
  if (url.origin !== base.origin) {
    throw new HttpError({
      code: 'http.bad_response',
      message: `refusing to follow a link to ${url.origin}, outside ${base.origin}`,
      status: null,
      method: 'GET',
      url: url.origin + url.pathname,
      retryable: false,
    });
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url;
}

function parseJson(text: string, context: { service: string; method: string; path: string }): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    // A 2xx with a body cut short is a dropped connection more often than a server bug: retry it.
    throw new HttpError({
      code: 'http.bad_response',
      message: `${context.service} sent a response to ${context.method} ${context.path} that is not JSON`,
      status: null,
      method: context.method,
      url: context.path,
      retryable: true,
      body: text.slice(0, 200),
      cause: error,
    });
  }
}
