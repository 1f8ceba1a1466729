import type { Logger } from '../../../shared/log/logger.js';

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

export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    readonly fix: string | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Slack ${method} failed: ${code}${fix === undefined ? '' : ` (fix: ${fix})`}`);
    this.name = 'SlackApiError';
  }
}

export interface WebApiOptions {
  token: string;
  /** Ends with `/`; Slack's is https://slack.com/api/. */
  apiUrl?: string | undefined;
  log: Logger;
  /** Retries of a rate-limited call, waiting Retry-After each time (default 2, waits ≤ 30 s). */
  maxRateLimitRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

type Args = Record<string, unknown>;
export type ApiResult = Record<string, unknown> & { ok: boolean };

/** Form-encoded like @slack/web-api: nested objects (blocks, view) are sent as JSON strings. */
function encode(args: Args): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return form.toString();
}

/** A small Web API client: one POST per call, Retry-After honoured, every error coded and explained. */
export function createWebApi(options: WebApiOptions) {
  const base = (options.apiUrl ?? 'https://slack.com/api/').replace(/\/?$/, '/');
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const maxRetries = options.maxRateLimitRetries ?? 2;

  async function call(method: string, args: Args = {}, attempt = 0): Promise<ApiResult> {
    const response = await fetch(`${base}${method}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: encode(args),
    });
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after') ?? '1') || 1;
      if (attempt < maxRetries && retryAfter <= 30) {
        options.log.warn({ method, retryAfter }, 'Slack rate limited the call; waiting Retry-After');
        await sleep(retryAfter * 1000);
        return call(method, args, attempt + 1);
      }
      throw failure(method, 'rate_limited', retryAfter);
    }
    const body = (await response
      .json()
      .catch(() => ({ ok: false, error: `http_${response.status}` }))) as ApiResult;
    if (body.ok !== true)
      throw failure(method, typeof body.error === 'string' ? body.error : 'unknown_error');
    return body;
  }

  function failure(method: string, code: string, retryAfter?: number): SlackApiError {
    const error = new SlackApiError(method, code, FIXES[code], retryAfter);
    options.log.error({ method, code, fix: error.fix }, error.message);
    return error;
  }

  return {
    call,
    postMessage: (args: Args) => call('chat.postMessage', args),
    update: (args: Args) => call('chat.update', args),
    postEphemeral: (args: Args) => call('chat.postEphemeral', args),
    permalink: async (channel: string, messageTs: string) =>
      String((await call('chat.getPermalink', { channel, message_ts: messageTs })).permalink ?? ''),
    openView: (triggerId: string, view: unknown) => call('views.open', { trigger_id: triggerId, view }),
    publishHome: (userId: string, view: unknown) => call('views.publish', { user_id: userId, view }),
    userEmail: async (userId: string) => {
      const user = (await call('users.info', { user: userId })).user as
        | { profile?: { email?: string } }
        | undefined;
      return user?.profile?.email ?? null;
    },
    groupMembers: async (groupId: string) =>
      ((await call('usergroups.users.list', { usergroup: groupId })).users as string[] | undefined) ?? [],
  };
}
export type WebApi = ReturnType<typeof createWebApi>;
