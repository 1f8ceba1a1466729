import { CasebridgeError } from '../errors.js';

export type HttpErrorCode =
  | 'http.unauthorized'
  | 'http.forbidden'
  | 'http.not_found'
  | 'http.invalid_request'
  | 'http.rate_limited'
  | 'http.server'
  | 'http.timeout'
  | 'http.network'
  | 'http.bad_response'
  | 'http.status';

/** A failed call to a CRM: the code says what kind, `retryable` whether the client tried again. */
export class HttpError extends CasebridgeError {
  readonly status: number | null;
  readonly method: string;
  /** The URL without its query string (queries may carry cursors; never credentials). */
  readonly url: string;
  readonly retryable: boolean;
  /** The wait the server asked for, when it did (429, some 503s). */
  readonly retryAfterMs: number | null;
  /** The first characters of the response body, to show what the server said. */
  readonly body: string | null;

  constructor(init: {
    code: HttpErrorCode;
    message: string;
    hint?: string;
    status: number | null;
    method: string;
    url: string;
    retryable: boolean;
    retryAfterMs?: number | null;
    body?: string | null;
    cause?: unknown;
  }) {
    super(
      init.code,
      init.message,
      init.hint === undefined ? { cause: init.cause } : { hint: init.hint, cause: init.cause },
    );
    this.name = 'HttpError';
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.body = init.body ?? null;
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
