import type { Config, ConnectionConfig } from '../../../shared/config/index.js';
import type { Organization, Person, Ticket } from '../../../shared/domain/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/log/logger.js';
import { recomputeTickets } from '../../../shared/services/engine/recompute.js';
import type { Store } from '../../../shared/store/index.js';
import type { Services } from '../../services.js';

/** One ticket (and its requester) read from the CRM on demand: the freshness path. */
export interface FetchedTicket {
  ticket: Ticket;
  people: Person[];
  organizations: Organization[];
}
export type FetchTicket = (connection: ConnectionConfig, externalId: string) => Promise<FetchedTicket | null>;

/** What the sidebar API needs of the composition root. */
export interface SidebarContext {
  store: Store;
  services: Pick<Services, 'escalations' | 'qa'>;
  config: () => Config;
  log: Logger;
  /** Absent until the connector can fetch one ticket; then a ticket not yet synced is a 404. */
  fetchTicket?: FetchTicket | undefined;
  now: () => Date;
}

/** The Zendesk connection of the account the JWT came from. */
export function connectionFor(config: Config, subdomain: string): ConnectionConfig | null {
  return (
    config.connections.find(
      (c) =>
        c.kind === 'zendesk' && typeof c.subdomain === 'string' && c.subdomain.toLowerCase() === subdomain,
    ) ?? null
  );
}

/** The stored ticket, or (when configured) the CRM's, fetched now and stored with its requester. */
export async function resolveTicket(
  ctx: SidebarContext,
  connection: ConnectionConfig,
  externalId: string,
): Promise<{ ticket: Ticket; fetchedOnDemand: boolean }> {
  const stored = await ctx.store.tickets.get(`${connection.id}:${externalId}`);
  if (stored !== null && !stored.deleted) return { ticket: stored, fetchedOnDemand: false };
  const fetched = stored === null && ctx.fetchTicket ? await ctx.fetchTicket(connection, externalId) : null;
  if (fetched === null) {
    throw new CasebridgeError(
      'tickets.unknown',
      `ticket ${externalId} is not in casebridge nor in ${connection.id}`,
      {
        hint: 'check the ticket id; a ticket created moments ago appears after the next sync',
      },
    );
  }
  const config = ctx.config();
  await ctx.store.transaction(async (tx) => {
    await tx.organizations.upsertMany(fetched.organizations);
    await tx.people.upsertMany(fetched.people);
    await tx.tickets.upsertMany([fetched.ticket]);
    await recomputeTickets(
      tx,
      [fetched.ticket.id],
      { sla: config.sla, escalation: config.escalation },
      ctx.now(),
    );
  });
  ctx.log.info({ ticket: fetched.ticket.id }, 'sidebar: fetched a ticket not yet synced');
  return { ticket: fetched.ticket, fetchedOnDemand: true };
}

/** Where an agent opens a person or organization in its own CRM (null when the CRM is unknown). */
export function recordUrl(
  config: Config,
  record: { source: string; externalId: string },
  kind: 'person' | 'organization',
): string | null {
  const connection = config.connections.find((c) => c.id === record.source);
  const id = encodeURIComponent(record.externalId);
  if (connection?.kind === 'zendesk' && typeof connection.subdomain === 'string')
    return `https://${connection.subdomain}.zendesk.com/agent/${kind === 'person' ? 'users' : 'organizations'}/${id}`;
  if (connection?.kind === 'salesforce' && typeof connection.instanceUrl === 'string')
    return `${connection.instanceUrl.replace(/\/+$/, '')}/lightning/r/${kind === 'person' ? 'Contact' : 'Account'}/${id}/view`;
  return null;
}

/** The sidebar's view of the composition root (what `casebridge start` passes the server). */
export function sidebarContext(
  casebridge: { store: Store; services: Pick<Services, 'escalations' | 'qa'>; config: Config; log: Logger },
  options: { fetchTicket?: FetchTicket; now?: () => Date } = {},
): SidebarContext {
  return {
    store: casebridge.store,
    services: casebridge.services,
    config: () => casebridge.config,
    log: casebridge.log,
    fetchTicket: options.fetchTicket,
    now: options.now ?? (() => new Date()),
  };
}
