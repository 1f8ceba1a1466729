import type { Logger } from '../../../shared/log/logger.js';
import { logSlackFailure, type SlackClient, slackFailure } from '../slack-api.js';

/** A profile email changes rarely; a missing user may be invited any minute. */
const FOUND_MS = 10 * 60_000;
const MISSING_MS = 60_000;

interface Cached {
  value: string | null;
  until: number;
}

/**
 * Slack users ↔ emails, for QA: `users.info` (profile.email) says who a Slack user is, and
 * `users.lookupByEmail` finds the Slack user of an agent or reviewer (both need
 * `users:read.email`). Answers are cached briefly; a failed call is logged with its fix, answers
 * null and is not cached, so the next request tries again.
 */
export function createDirectory(client: SlackClient, log: Logger, clock: () => number = Date.now) {
  const emails = new Map<string, Cached>();
  const users = new Map<string, Cached>();
  const fresh = (cache: Map<string, Cached>, key: string) => {
    const hit = cache.get(key);
    return hit !== undefined && hit.until > clock() ? hit : undefined;
  };
  const remember = (cache: Map<string, Cached>, key: string, value: string | null) => {
    cache.set(key, { value, until: clock() + (value === null ? MISSING_MS : FOUND_MS) });
    return value;
  };

  async function emailOf(userId: string): Promise<string | null> {
    const hit = fresh(emails, userId);
    if (hit !== undefined) return hit.value;
    try {
      const result = await client.users.info({ user: userId });
      const email = result.user?.profile?.email?.trim().toLowerCase() ?? '';
      return remember(emails, userId, email === '' ? null : email);
    } catch (error) {
      logSlackFailure(log, error, 'reading a Slack user’s email (users.info)', { userId });
      return null;
    }
  }

  async function userIdForEmail(email: string): Promise<string | null> {
    const key = email.trim().toLowerCase();
    const hit = fresh(users, key);
    if (hit !== undefined) return hit.value;
    try {
      const result = await client.users.lookupByEmail({ email: key });
      return remember(users, key, result.user?.id ?? null);
    } catch (error) {
      if (slackFailure(error)?.code === 'users_not_found') {
        log.info({ email: key }, 'no Slack user has this email; nothing is sent to them in Slack');
        return remember(users, key, null);
      }
      logSlackFailure(log, error, 'finding a Slack user by email (users.lookupByEmail)');
      return null;
    }
  }

  return {
    emailOf,
    /**
     * The Slack user of a casebridge identity: `slack:U…` directly, an email through
     * users.lookupByEmail; null for anything else (a CRM record id) or nobody found.
     */
    async userIdOf(identity: string | null): Promise<string | null> {
      if (identity === null) return null;
      const slack = /^slack:([UW][A-Z0-9]+)$/.exec(identity.trim());
      if (slack !== null) return slack[1] ?? null;
      return identity.includes('@') ? userIdForEmail(identity) : null;
    },
  };
}
export type Directory = ReturnType<typeof createDirectory>;

const directories = new WeakMap<SlackClient, Directory>();

/** One directory (and cache) per bot: keyed by the bot's own Web API client. */
export function directoryOf(deps: { client: SlackClient; log: Logger }): Directory {
  let directory = directories.get(deps.client);
  if (directory === undefined) {
    directory = createDirectory(deps.client, deps.log);
    directories.set(deps.client, directory);
  }
  return directory;
}
