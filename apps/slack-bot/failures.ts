import { type App, UnknownError } from '@slack/bolt';
import { CasebridgeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log/logger.js';
import { escapeMrkdwn } from './blocks/mrkdwn.js';
import { logSlackFailure } from './slack-api.js';

/** Bolt wraps an error without a `code` in an UnknownError; the original is what we classify. */
const unwrap = (error: Error): unknown => (error instanceof UnknownError ? error.original : error);

/** Where Slack accepts a late answer for this request: `response_url`, or a modal's first one. */
function responseUrlOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { response_url: url, response_urls: urls } = body as {
    response_url?: unknown;
    response_urls?: unknown;
  };
  if (typeof url === 'string') return url;
  const first: unknown = Array.isArray(urls) ? urls[0] : undefined;
  const nested =
    typeof first === 'object' && first !== null
      ? (first as { response_url?: unknown }).response_url
      : undefined;
  return typeof nested === 'string' ? nested : undefined;
}

/**
 * Every listener failure ends here (Bolt's app.error, extended so the request body comes along):
 * logged, with the fix when Slack said why; the user is told, with what to do when it is theirs
 * to fix (unknown ticket…), otherwise that an admin can find it in the log. Rethrown, as Bolt's
 * default handler does, so the receiver knows the request failed.
 */
export function handleListenerErrors(app: App, log: Logger): void {
  // Bolt does not export ExtendedErrorHandler; it is the last overload of app.error. It is what
  // Bolt calls with `extendedErrorHandler: true` (set in createSlackBot).
  const handler: Parameters<App['error']>[0] = async ({ error, body }) => {
    const original = unwrap(error);
    const type = typeof body === 'object' && body !== null && 'type' in body ? String(body.type) : undefined;
    logSlackFailure(log, original, 'Slack listener', { kind: type });
    const url = responseUrlOf(body);
    if (url !== undefined) {
      const text =
        original instanceof CasebridgeError
          ? `:warning: ${escapeMrkdwn(original.describe())}`
          : ':warning: Something went wrong on casebridge’s side; an admin can find the details in its log.';
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ text, response_type: 'ephemeral', replace_original: false }),
        });
        if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
      } catch (e) {
        log.warn({ err: e }, 'could not tell the user about the failure');
      }
    }
    throw error;
  };
  app.error(handler);
}
