import type { SandboxData } from './data.js';
import { IDS, organizationCount, rawOrganization } from './people.js';
import type { SandboxResponse } from './routes.js';

const NOT_FOUND: SandboxResponse = {
  status: 404,
  body: { error: 'RecordNotFound', description: 'Not found' },
};

/** A seeded user by Zendesk id, or null when the sandbox has no such user. */
function userById(data: SandboxData, id: unknown): Record<string, unknown> | null {
  if (typeof id !== 'number') return null;
  const index = id - IDS.user;
  return Number.isInteger(index) && index >= 0 && index < data.userPositions() ? data.userAt(index) : null;
}

function organizationById(id: unknown): Record<string, unknown> | null {
  if (typeof id !== 'number') return null;
  const index = id - IDS.organization;
  return Number.isInteger(index) && index >= 0 && index < organizationCount() ? rawOrganization(index) : null;
}

/**
 * `GET /api/v2/tickets/{id}` (Show Ticket), as Zendesk answers it: `{ ticket }`, plus top-level
 * `users` and `organizations` arrays when `include=` asks for them — the users the ticket refers
 * to (requester, submitter, assignee) and its organization. A deleted ticket is a 404, as in
 * Zendesk (deleted tickets live under /api/v2/deleted_tickets).
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
 */
export function showTicket(data: SandboxData, id: number, query: URLSearchParams): SandboxResponse {
  const ticket = data.currentTicket(id);
  if (ticket === null || ticket.status === 'deleted') return NOT_FOUND;
  const include = new Set((query.get('include') ?? '').split(',').map((s) => s.trim()));
  const body: Record<string, unknown> = { ticket };
  if (include.has('users')) {
    const ids = [...new Set([ticket.requester_id, ticket.submitter_id, ticket.assignee_id])];
    body.users = ids.map((u) => userById(data, u)).filter((u) => u !== null);
  }
  if (include.has('organizations')) {
    const organization = organizationById(ticket.organization_id);
    body.organizations = organization === null ? [] : [organization];
  }
  return { status: 200, body };
}
