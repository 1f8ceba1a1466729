import type { HttpErrorCode } from './errors.js';

/** What the client does with a response status (Airbyte's error-handler table, in TypeScript). */
export type ErrorAction = 'retry' | 'fail' | 'ignore';

export interface ErrorContext {
  /** The CRM's name as a user knows it, e.g. "Zendesk". */
  service: string;
  status: number;
  method: string;
  /** Path without the query string. */
  path: string;
}

export interface ErrorRule {
  action: ErrorAction;
  code: HttpErrorCode;
  message(context: ErrorContext): string;
  /** What the user should do about it. */
  hint?: (context: ErrorContext) => string;
}

/** Rules by exact status, with `4xx`/`5xx` as fallbacks. A connector overrides entries to name its own fixes. */
export type ErrorTable = Partial<Record<number | '4xx' | '5xx', ErrorRule>>;

const where = (c: ErrorContext) => `${c.method} ${c.path}`;

export const DEFAULT_ERROR_TABLE: ErrorTable = {
  400: {
    action: 'fail',
    code: 'http.invalid_request',
    message: (c) => `${c.service} rejected ${where(c)} as invalid (400)`,
    hint: () => 'this is likely a casebridge bug or a stale checkpoint; report it with the log line',
  },
  401: {
    action: 'fail',
    code: 'http.unauthorized',
    message: (c) => `${c.service} rejected the credentials (401 on ${where(c)})`,
    hint: () => 'check the auth settings of this connection (token expired, revoked or mistyped?)',
  },
  403: {
    action: 'fail',
    code: 'http.forbidden',
    message: (c) => `the ${c.service} user lacks permission for ${where(c)} (403)`,
    hint: () => 'give the connection user the role this API needs (often admin), or drop the stream',
  },
  404: {
    action: 'fail',
    code: 'http.not_found',
    message: (c) => `${c.service} has no ${where(c)} (404)`,
    hint: () => 'check the base URL / subdomain of the connection and that the record still exists',
  },
  409: {
    action: 'retry',
    code: 'http.status',
    message: (c) => `${c.service} reported a conflict on ${where(c)} (409)`,
  },
  422: {
    action: 'fail',
    code: 'http.invalid_request',
    message: (c) => `${c.service} could not process ${where(c)} (422)`,
    hint: () => 'the request was well-formed but refused; see the response body in the log',
  },
  429: {
    action: 'retry',
    code: 'http.rate_limited',
    message: (c) => `${c.service} rate limit reached on ${where(c)} (429)`,
    hint: () => 'lower requestsPerMinute for this connection, or raise the plan limit',
  },
  '4xx': {
    action: 'fail',
    code: 'http.status',
    message: (c) => `${c.service} refused ${where(c)} (${c.status})`,
  },
  '5xx': {
    action: 'retry',
    code: 'http.server',
    message: (c) => `${c.service} failed on ${where(c)} (${c.status})`,
    hint: (c) => `${c.service} is having trouble; the sync retries on its next run`,
  },
};

/** The rule for a non-2xx status; statuses outside 4xx/5xx (e.g. 3xx left unfollowed) fail. */
export function ruleFor(table: ErrorTable, status: number): ErrorRule {
  const exact = table[status];
  if (exact !== undefined) return exact;
  const family = status >= 500 ? table['5xx'] : status >= 400 ? table['4xx'] : undefined;
  return (
    family ?? {
      action: 'fail',
      code: 'http.status',
      message: (c) => `unexpected ${c.status} from ${c.service} on ${where(c)}`,
    }
  );
}
