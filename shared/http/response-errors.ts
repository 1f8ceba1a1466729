import { type ErrorContext, type ErrorTable, ruleFor } from './error-table.js';
import { HttpError, type HttpErrorCode } from './errors.js';

type RequestContext = Omit<ErrorContext, 'status'>;

/** The error for a non-2xx response, or null when the table says to ignore the status. */
export function errorForStatus(
  table: ErrorTable,
  context: ErrorContext,
  body: string,
  retryAfterMs: number | null,
): HttpError | null {
  const rule = ruleFor(table, context.status);
  if (rule.action === 'ignore') return null;
  const detail = body.trim().slice(0, 300);
  const hint = rule.hint?.(context);
  return new HttpError({
    code: rule.code,
    message: detail === '' ? rule.message(context) : `${rule.message(context)}: ${detail}`,
    ...(hint === undefined ? {} : { hint }),
    status: context.status,
    method: context.method,
    url: context.path,
    retryable: rule.action === 'retry',
    retryAfterMs,
    body: detail === '' ? null : detail,
  });
}

export function timeoutError(context: RequestContext, timeoutMs: number, cause: unknown): HttpError {
  return new HttpError({
    code: 'http.timeout',
    message: `${context.service} did not answer ${context.method} ${context.path} within ${timeoutMs} ms`,
    hint: 'the sync retries; if it keeps happening, check the network or raise the timeout',
    status: null,
    method: context.method,
    url: context.path,
    retryable: true,
    cause,
  });
}

/**
 * Errors the network raises below HTTP. A dropped connection is worth retrying; a host that does
 * not resolve, or where nothing listens, is a wrong base URL far more often than an outage.
 */
export function networkError(context: RequestContext, cause: unknown): HttpError {
  const code = causeCode(cause);
  const unresolvable = code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  const refused = code === 'ECONNREFUSED';
  const where = `${context.method} ${context.path}`;
  const message = unresolvable
    ? `cannot resolve the ${context.service} host for ${where} (${code})`
    : refused
      ? `nothing accepts connections at the ${context.service} address for ${where} (ECONNREFUSED)`
      : `the connection to ${context.service} dropped during ${where} (${code ?? describe(cause)})`;
  return new HttpError({
    code: 'http.network',
    message,
    hint:
      unresolvable || refused
        ? 'check the subdomain / base URL of the connection, and that the server is running'
        : 'the client retries; after that the next run resumes from the last committed page',
    status: null,
    method: context.method,
    url: context.path,
    retryable: !unresolvable && !refused,
    cause,
  });
}

/** fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The server asked for a wait longer than a sync should hang: fail now, the next run resumes. */
export function tooLongToWait(error: HttpError, retryAfterMs: number): HttpError {
  return new HttpError({
    code: error.code as HttpErrorCode,
    message: `${error.message} — it asks to wait ${Math.round(retryAfterMs / 1000)} s`,
    hint: 'the next scheduled run resumes from the last committed page; lower the request budget if this repeats',
    status: error.status,
    method: error.method,
    url: error.url,
    retryable: false,
    retryAfterMs,
    body: error.body,
  });
}
