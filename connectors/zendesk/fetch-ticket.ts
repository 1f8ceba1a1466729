import { z } from 'zod';
import { isHttpError } from '../../shared/http/index.js';
import type { FetchedTicket, FetchTicketContext } from '../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from './client.js';
import type { ZendeskConnection } from './config.js';
import { parseEnvelope } from './streams/export.js';
import { organizationsPage } from './streams/organizations.js';
import { peoplePage } from './streams/people.js';
import { ticketsPage } from './streams/tickets.js';

/** Show Ticket with its sideloads; the items inside are validated one by one, as in the exports. */
const ShowTicketEnvelope = z.looseObject({
  ticket: z.unknown(),
  users: z.array(z.unknown()).optional(),
  organizations: z.array(z.unknown()).optional(),
});

/** Zendesk ticket ids are positive integers; anything else cannot name a ticket (and must not reach a path). */
const TICKET_ID = /^[1-9]\d{0,19}$/;

/**
 * One ticket, its users (requester, submitter, assignee) and its organization, in one request,
 * mapped by the same raw schemas and page mappers as the streams — so a fetched ticket is the
 * record the next sync writes. Null on 404 (no such ticket; Zendesk answers deleted tickets so too)
 * and for a ticket the answer says is deleted. `metric_sets` is not asked for: Zendesk documents it
 * for the exports and lists only, so the first reply, solve time and reopens stay null until the
 * next sync fills them in.
 */
export async function fetchZendeskTicket(
  connection: ZendeskConnection,
  externalId: string,
  context: FetchTicketContext,
  deps: ZendeskDeps = {},
): Promise<FetchedTicket | null> {
  if (!TICKET_ID.test(externalId)) return null;
  const { http } = createZendeskClient(connection, context.log, deps);
  const path = `/api/v2/tickets/${externalId}.json`;
  let body: unknown;
  try {
    // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
    // Sideloads: https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/
    body = await http.getJson(
      path,
      { include: 'users,organizations' },
      context.signal === undefined ? {} : { signal: context.signal },
    );
  } catch (error) {
    if (isHttpError(error) && error.status === 404) return null;
    throw error;
  }
  const envelope = parseEnvelope(ShowTicketEnvelope, body, '/api/v2/tickets/{id}.json');
  const tickets = ticketsPage({ tickets: [envelope.ticket], end_of_stream: true }, connection);
  if ((tickets.deletes?.tickets ?? []).length > 0) return null;
  const people = peoplePage(envelope.users ?? [], connection.id);
  const organizations = organizationsPage(envelope.organizations ?? [], connection.id);
  return {
    tickets: tickets.records.tickets ?? [],
    // Deactivated users and deleted organizations are left out: the streams remove those.
    people: people.records.people ?? [],
    organizations: organizations.records.organizations ?? [],
    quarantined: [
      ...(tickets.quarantined ?? []),
      ...(people.quarantined ?? []),
      ...(organizations.quarantined ?? []),
    ],
  };
}
