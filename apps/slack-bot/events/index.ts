import type { App } from '@slack/bolt';
import { homeView } from '../blocks/home.js';
import type { SlackBotDeps } from '../deps.js';
import { logSlackFailure } from '../slack-api.js';

/** The App Home is rebuilt each time a user opens it. */
export function register(app: App, deps: SlackBotDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    await client.views.publish({ user_id: event.user, view: await buildHome(deps, event.user) });
  });
}

export async function buildHome(deps: SlackBotDeps, userId: string) {
  const roles = await deps.roles.rolesOf(userId);
  const manager = roles.has('manager') || roles.has('admin');
  const open = await deps.services.escalations.listOpen(1);
  const agentIds = await crmAgentIds(deps, userId);
  const mine = open.filter(
    (v) =>
      v.escalation.ownerId === `slack:${userId}` ||
      (v.ticket?.assigneeId != null && agentIds.has(v.ticket.assigneeId)) ||
      (manager && v.escalation.acknowledgedBy === null),
  );
  return homeView({
    roles,
    today: await deps.services.slaToday({ now: deps.now(), listLimit: 1 }),
    escalations: mine,
    qaQueueSize: roles.has('qa') || roles.has('admin') ? await deps.store.qaFlags.queueSize() : null,
    health: roles.has('admin') ? await deps.health() : null,
    crmName: deps.crmName,
    maxLevel: deps.levels(),
  });
}

/** The CRM agent records of a Slack user, matched by email (users:read.email); none if unknown. */
async function crmAgentIds(deps: SlackBotDeps, userId: string): Promise<Set<string>> {
  const email = await deps.client.users.info({ user: userId }).then(
    (result) => result.user?.profile?.email ?? null,
    (error: unknown) => {
      logSlackFailure(deps.log, error, 'reading a Slack user (matched to no CRM agent)', { userId });
      return null;
    },
  );
  if (email === null) return new Set();
  const people = await deps.store.people.findByEmail(email.toLowerCase());
  return new Set(people.filter((p) => p.role !== 'end_user').map((p) => p.id));
}
