import type { EscalationView } from '../../../shared/services/escalation/service.js';
import { escalationAlert } from '../blocks/alerts.js';
import type { SlackBotDeps } from '../deps.js';
import { postSafely } from '../slack-api.js';

/** The ticket's latest escalation as lists and cards show it; null when it never had one. */
export async function escalationView(deps: SlackBotDeps, ticketId: string): Promise<EscalationView | null> {
  const { escalation } = await deps.services.escalations.forTicket(ticketId);
  if (escalation === null) return null;
  return {
    escalation,
    ticket: await deps.store.tickets.get(ticketId),
    levelName: deps.services.escalations.levelName(escalation.level),
    ageMinutes: Math.max(0, Math.round((deps.now().getTime() - Date.parse(escalation.openedAt)) / 60_000)),
  };
}

/** Posts a new (or raised) escalation to the alerts channel, with its Acknowledge button. */
export async function announceEscalation(deps: SlackBotDeps, ticketId: string): Promise<void> {
  const channel = deps.slack().alertsChannel;
  if (channel === undefined) return;
  const view = await escalationView(deps, ticketId);
  if (view === null) return;
  await postSafely(deps, channel, escalationAlert(view, deps.crmName, deps.levels()));
}
