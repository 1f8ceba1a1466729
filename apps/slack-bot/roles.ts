import type { SlackConfig, SlackRole } from '../../shared/config/sections/slack.js';
import type { Logger } from '../../shared/log/logger.js';
import { logSlackFailure, type SlackClient } from './slack-api.js';

const GROUP_CACHE_MS = 5 * 60_000;
const ROLE_NAMES: Record<SlackRole, string> = {
  manager: 'managers',
  qa: 'QA staff',
  agent: 'agents',
  admin: 'admins',
};

/**
 * Slack user → casebridge roles, from `slack.roles`: user ids directly, user group ids through
 * `usergroups.users.list` (cached for 5 minutes). `admin` may do everything.
 */
export function createRoles(config: () => SlackConfig, client: SlackClient, log: Logger) {
  const groupCache = new Map<string, { members: Set<string>; until: number }>();

  async function members(groupId: string): Promise<Set<string>> {
    const cached = groupCache.get(groupId);
    if (cached !== undefined && cached.until > Date.now()) return cached.members;
    const list = await client.usergroups.users.list({ usergroup: groupId }).then(
      (result) => result.users ?? [],
      (error: unknown) => {
        logSlackFailure(log, error, 'reading a user group (treated as empty)', { groupId });
        return [];
      },
    );
    const entry = { members: new Set(list), until: Date.now() + GROUP_CACHE_MS };
    groupCache.set(groupId, entry);
    return entry.members;
  }

  async function rolesOf(userId: string): Promise<Set<SlackRole>> {
    const { roles } = config();
    const found = new Set<SlackRole>();
    for (const role of ['manager', 'qa', 'agent', 'admin'] as const) {
      for (const principal of roles[role]) {
        if (principal === userId || (principal.startsWith('S') && (await members(principal)).has(userId))) {
          found.add(role);
          break;
        }
      }
    }
    if (found.size === 0 && roles.defaultRole === 'agent') found.add('agent');
    return found;
  }

  return {
    rolesOf,
    /** True when the user has one of `allowed` (or is an admin). */
    async may(userId: string, allowed: readonly SlackRole[]): Promise<boolean> {
      const mine = await rolesOf(userId);
      return mine.has('admin') || allowed.some((role) => mine.has(role));
    },
  };
}
export type Roles = ReturnType<typeof createRoles>;

/** The friendly "not allowed" answer: what was refused, who may, and how to get the role. */
export function refusal(what: string, allowed: readonly SlackRole[]): string {
  const who = [...allowed.map((r) => ROLE_NAMES[r]), 'admins'].filter((v, i, a) => a.indexOf(v) === i);
  return `:lock: Sorry, only ${who.join(' or ')} can ${what}. A casebridge admin can add you under \`slack.roles\` in casebridge.yaml.`;
}
