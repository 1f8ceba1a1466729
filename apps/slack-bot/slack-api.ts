import { type Logger as BoltLogger, LogLevel, webApi } from '@slack/bolt';
import type { Logger } from '../../shared/log/logger.js';
import type { MessageBody } from './blocks/types.js';

export type SlackClient = webApi.WebClient;

/** What to do about the Web API errors people can fix; logged with the error. */
const FIXES: Record<string, string> = {
  channel_not_found:
    'check slack.alertsChannel / slack.qaChannel / slack.digest.channel: use the channel id (C…), not its name',
  not_in_channel: 'invite the bot to the channel: /invite @casebridge',
  invalid_auth: 'slack.botToken is wrong or revoked: copy the Bot User OAuth Token (xoxb-…) again',
  not_authed: 'slack.botToken is missing from the request: set SLACK_BOT_TOKEN',
  account_inactive: 'the app was uninstalled or its token revoked: reinstall it from the manifest',
  missing_scope: 'add the scope to manifests/slack-app.yaml, update the app and reinstall it',
  rate_limited:
    'Slack is rate limiting: casebridge waited for Retry-After; lower alert volume if it persists',
};

/** Retries of a failed call (network, 5xx, 429); each 429 first waits for its Retry-After. */
export const SLACK_API_RETRIES = 2;

/**
 * Options for every WebClient the bot uses (Bolt's per-request clients copy them):
 * - `rejectRateLimitedCalls: false`: web-api itself waits for Retry-After, pausing that client's
 *   queue so no other call adds to the limit; `retryConfig` bounds it to two retries (web-api's
 *   default retries for ~30 minutes, far longer than anyone waits for a Slack answer). The
 *   backoff is short because the Retry-After wait already happened inside the attempt.
 * - `fetch` is looked up per call, not captured at construction, so a test double (nock) installed
 *   after the client was built still sees the calls.
 */
export function webClientOptions(input: {
  apiUrl: string | undefined;
  log: Logger;
  retries?: number;
}): webApi.WebClientOptions {
  return {
    ...(input.apiUrl !== undefined && { slackApiUrl: input.apiUrl.replace(/\/?$/, '/') }),
    logger: boltLogger(input.log),
    fetch: (url, init) => globalThis.fetch(url, init),
    rejectRateLimitedCalls: false,
    retryConfig: {
      retries: input.retries ?? SLACK_API_RETRIES,
      factor: 2,
      minTimeout: 100,
      maxTimeout: 1000,
    },
    timeout: 15_000,
  };
}

export interface SlackFailure {
  code: string;
  fix: string | undefined;
  retryAfterSeconds?: number;
}

/**
 * The Slack error code in a Web API failure, with its fix; null for anything else. After its
 * retries web-api gives up on a 429 with a plain Error naming the Retry-After (no coded error).
 */
export function slackFailure(error: unknown): SlackFailure | null {
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    return { code, fix: FIXES[code] };
  }
  if (error instanceof webApi.WebAPIRateLimitedError)
    return { code: 'rate_limited', fix: FIXES.rate_limited, retryAfterSeconds: error.retryAfter };
  const exhausted =
    error instanceof Error ? /A rate limit was exceeded .*retry-after: (\d+)/.exec(error.message) : null;
  if (exhausted !== null)
    return { code: 'rate_limited', fix: FIXES.rate_limited, retryAfterSeconds: Number(exhausted[1]) };
  return null;
}

/** Logs a failed Slack call: with its code and fix when Slack said why, as a plain error otherwise. */
export function logSlackFailure(log: Logger, error: unknown, what: string, extra: object = {}): void {
  const failure = slackFailure(error);
  if (failure === null) {
    log.error({ err: error, ...extra }, `${what} failed`);
    return;
  }
  const fix = failure.fix === undefined ? '' : ` (fix: ${failure.fix})`;
  log.error({ ...extra, ...failure }, `${what} failed: ${failure.code}${fix}`);
}

/**
 * Posts to a channel; a Slack error (not_in_channel, channel_not_found…) is logged with its fix
 * and does not fail what the user asked for. Returns the message ts, or null.
 */
export async function postSafely(
  deps: { client: SlackClient; log: Logger },
  channel: string,
  body: MessageBody,
): Promise<string | null> {
  try {
    const result = await deps.client.chat.postMessage({
      channel,
      text: body.text,
      blocks: body.blocks,
      unfurl_links: false,
    });
    return result.ts ?? null;
  } catch (error) {
    logSlackFailure(deps.log, error, 'Slack chat.postMessage', { channel });
    return null;
  }
}

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/**
 * Bolt, web-api and socket-mode log through casebridge's logger (JSON, secrets scrubbed).
 * `setLevel` is ignored: casebridge's `--log-level` decides, not Bolt's default of INFO.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ sdk: '@slack/bolt' });
  // Bolt's loggers take console-style arguments; an Error among them is logged as `err`.
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const err = parts.find((p) => p instanceof Error);
      const text = parts
        .filter((p) => p !== err)
        .map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
        .join(' ');
      if (err === undefined) child[level](text);
      else child[level]({ err }, text || String(err));
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    setLevel: () => undefined,
    getLevel: () => LEVELS[child.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
