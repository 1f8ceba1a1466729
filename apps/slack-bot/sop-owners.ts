import type { Logger } from '../../shared/log/logger.js';
import { logSlackFailure, type SlackClient, slackFailure } from './slack-api.js';

/** SOP owners are written in front matter as an email or a Slack user id (U…/W…). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const normalEmail = (text: string) => text.trim().toLowerCase();

/** The Slack user an owner names, or why there is none (said in the fallback message). */
export type OwnerInSlack = { userId: string } | { userId: null; reason: string };

/**
 * Finds an owner in Slack: a user id as written, an email through `users.lookupByEmail`
 * (scope `users:read.email`; `users_not_found` also covers deactivated users).
 */
export async function slackUserForOwner(
  deps: { client: SlackClient; log: Logger },
  owner: string,
): Promise<OwnerInSlack> {
  const trimmed = owner.trim();
  if (SLACK_USER_ID.test(trimmed)) return { userId: trimmed };
  if (!EMAIL.test(trimmed)) return { userId: null, reason: 'not an email or a Slack user id' };
  try {
    const result = await deps.client.users.lookupByEmail({ email: normalEmail(trimmed) });
    const id = result.user?.id;
    return id === undefined ? { userId: null, reason: 'Slack returned no user' } : { userId: id };
  } catch (error) {
    if (slackFailure(error)?.code === 'users_not_found')
      return { userId: null, reason: 'no Slack user has this email' };
    logSlackFailure(deps.log, error, 'looking an SOP owner up by email', { owner: trimmed });
    return { userId: null, reason: `the Slack lookup failed: ${slackFailure(error)?.code ?? 'error'}` };
  }
}

/**
 * True when the Slack user is the SOP's owner: the owner is their user id, or their Slack profile
 * email (`users.info`). A failed lookup is logged and counts as "not the owner".
 */
export async function isSopOwner(
  deps: { log: Logger },
  client: SlackClient,
  userId: string,
  owner: string,
): Promise<boolean> {
  const trimmed = owner.trim();
  if (trimmed === userId) return true;
  if (!EMAIL.test(trimmed)) return false;
  const email = await client.users.info({ user: userId }).then(
    (result) => result.user?.profile?.email ?? null,
    (error: unknown) => {
      logSlackFailure(deps.log, error, 'reading a Slack user to check SOP ownership', { userId });
      return null;
    },
  );
  return email !== null && normalEmail(email) === normalEmail(trimmed);
}
