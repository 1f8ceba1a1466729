import { type ErrorContext, type ErrorTable, ruleFor } from './error-table.js';
import { HttpError } from './errors.js';

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

/** Errors the network raises below HTTP; only a name that cannot resolve is not worth retrying. */
export function networkError(context: RequestContext, cause: unknown): HttpError {
  const code = causeCode(cause);
  const unresolvable = code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new HttpError({
    code: 'http.network',
    message: `cannot reach ${context.service} for ${context.method} ${context.path} (${code ?? describe(cause)})`,
    hint: unresolvable
      ? 'check the subdomain / base URL of the connection'
      : 'the connection dropped; the client retries, then the next run resumes from the last page',
    status: null,
    method: context.method,
    url: context.path,
    retryable: !unresolvable,
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
