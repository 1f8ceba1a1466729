import type { ZendeskAppPermissions } from '../../../shared/config/sections/zendesk-app.js';
import type { Escalation, Person } from '../../../shared/domain/index.js';
import type { SidebarAction } from '../src/api-types.js';

export interface Agent {
  /** `zendesk:<email or user id>`: how the audit log names them. */
  actor: string;
  email: string | null;
  role: string;
}

/**
 * The role the server acts on. The claims come from the app in the agent's browser (Zendesk
 * signs them, it does not vouch for them), so a role the store knows for this agent wins over a
 * claimed built-in one: an `agent` claiming `admin` stays an agent; an end user gets nothing.
 */
export function effectiveRole(claimed: string | undefined, known: Person | null): string {
  const role = (claimed ?? 'agent').toLowerCase();
  if (known === null) return role;
  if (known.role === 'end_user') return 'end_user';
  if (role === 'admin' && known.role !== 'admin') return known.role;
  return role;
}

function allowedBy(list: readonly string[], agent: Agent): boolean {
  const email = agent.email?.toLowerCase();
  return list.some((entry) => {
    const e = entry.toLowerCase();
    return e === agent.role || (email !== undefined && e === email);
  });
}

/** What the agent may do now: allowed by role, and meaningful for the escalation's state. */
export function allowedActions(
  permissions: ZendeskAppPermissions,
  agent: Agent,
  escalation: Escalation | null,
): SidebarAction[] {
  if (agent.role === 'end_user') return [];
  const open = escalation !== null && escalation.resolvedAt === null;
  const actions: SidebarAction[] = [];
  if (allowedBy(permissions.escalate, agent)) actions.push('escalate');
  if (open && escalation.acknowledgedAt === null && allowedBy(permissions.acknowledge, agent))
    actions.push('acknowledge');
  if (open && allowedBy(permissions.resolve, agent)) actions.push('resolve');
  return actions;
}
