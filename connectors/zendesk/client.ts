import {
  type Clock,
  createHttpClient,
  type ErrorTable,
  type HttpClient,
  RateBudget,
  systemClock,
} from '../../shared/http/index.js';
import type { Logger } from '../../shared/log/logger.js';
import { apiBaseUrl, authorizationHeader, type ZendeskConnection } from './config.js';

/** What tests inject: a clock that does not wait, a fetch of their own. */
export interface ZendeskDeps {
  clock?: Clock;
  fetch?: typeof fetch;
  /** Shortest backoff between retries (tests shorten it). */
  minRetryDelayMs?: number;
}

export interface ZendeskClient {
  http: HttpClient;
  /** Spent by every incremental export request on top of the account budget. */
  exportBudgets: readonly RateBudget[];
}

/** Zendesk's words for the statuses users can fix. */
const ZENDESK_ERRORS: ErrorTable = {
  401: {
    action: 'fail',
    code: 'http.unauthorized',
    message: (c) => `Zendesk rejected the credentials (401 on ${c.method} ${c.path})`,
    hint: () =>
      'check auth.email and auth.apiToken (or auth.oauthToken), and that token access is enabled in Admin Center > Apps and integrations > Zendesk API',
  },
  403: {
    action: 'fail',
    code: 'http.forbidden',
    message: (c) => `the Zendesk user may not call ${c.method} ${c.path} (403)`,
    hint: () =>
      'incremental exports need an admin: connect with an admin user (or an OAuth token with read scope)',
  },
  404: {
    action: 'fail',
    code: 'http.not_found',
    message: (c) => `Zendesk has no ${c.method} ${c.path} (404)`,
    hint: () => 'check the subdomain (and baseUrl) of the connection',
  },
};

/**
 * Budgets are per Zendesk account, not per stream: every stream and run of one account in this
 * process spends the same ones. Keyed by clock too, so a test's manual clock gets its own.
 */
const budgetsByClock = new WeakMap<Clock, Map<string, RateBudget>>();

function budget(clock: Clock, key: string, perMinute: number): RateBudget {
  let byKey = budgetsByClock.get(clock);
  if (byKey === undefined) {
    byKey = new Map();
    budgetsByClock.set(clock, byKey);
  }
  const existing = byKey.get(key);
  if (existing !== undefined && existing.perMinute === perMinute) return existing;
  const created = new RateBudget(perMinute, clock);
  byKey.set(key, created);
  return created;
}

export function createZendeskClient(
  connection: ZendeskConnection,
  log: Logger,
  deps: ZendeskDeps = {},
): ZendeskClient {
  const clock = deps.clock ?? systemClock;
  const base = apiBaseUrl(connection);
  const account =
    connection.requestsPerMinute === undefined
      ? []
      : [budget(clock, `${base}|account`, connection.requestsPerMinute)];
  const exports =
    connection.exportRequestsPerMinute === null
      ? []
      : [budget(clock, `${base}|export`, connection.exportRequestsPerMinute)];
  const http = createHttpClient({
    service: 'Zendesk',
    baseUrl: base,
    headers: { authorization: authorizationHeader(connection.auth) },
    timeoutMs: connection.timeoutMs,
    retries: 6,
    budgets: account,
    errorTable: ZENDESK_ERRORS,
    clock,
    log,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.minRetryDelayMs === undefined ? {} : { minRetryDelayMs: deps.minRetryDelayMs }),
  });
  return { http, exportBudgets: exports };
}
