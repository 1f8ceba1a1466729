import { homeView } from '../blocks/home.js';
import type { SlackBotDeps } from '../deps.js';
import type { SlackApp } from '../runtime/app.js';

/** The App Home is rebuilt each time a user opens it. */
export function register(app: SlackApp, deps: SlackBotDeps): void {
  app.event('app_home_opened', async ({ body, client }) => {
    const userId = body.event.user;
    if (userId === undefined || (body.event.tab !== undefined && body.event.tab !== 'home')) return;
    await client.publishHome(userId, await buildHome(deps, userId));
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
  const email = await deps.client.userEmail(userId).catch(() => null);
  if (email === null) return new Set();
  const people = await deps.store.people.findByEmail(email.toLowerCase());
  return new Set(people.filter((p) => p.role !== 'end_user').map((p) => p.id));
}
