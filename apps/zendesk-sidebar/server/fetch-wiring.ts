import type { ConnectionConfig } from '../../../shared/config/index.js';
import type { Ticket } from '../../../shared/domain/index.js';
import { CasebridgeError, errorMessage } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/log/logger.js';
import { maskCardNumbers, maskCardNumbersDeep } from '../../../shared/privacy/card-numbers.js';
import type { Store } from '../../../shared/store/index.js';
import type { ConnectorDefinition, FetchedTicket as CrmTicket } from '../../../shared/sync/index.js';
import type { FetchTicket } from './context.js';

/** What the freshness path needs of the composition root: the registry, the store, the log. */
export interface FetchWiringDeps {
  store: Pick<Store, 'auditLog' | 'connectorState'>;
  log: Logger;
  connectorFor(connection: ConnectionConfig): ConnectorDefinition<never>;
}

export interface FetchWiringOptions {
  /** An agent is waiting on the sidebar: past this the fetch is aborted (retries included). */
  timeoutMs?: number;
}

/** Who the audit log names: the sidebar hook is not told which agent opened the ticket. */
const ACTOR = 'zendesk-sidebar';
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The same masking the sync runner applies at its single door (shared/sync/apply-page.ts): this
 * path stores through the sidebar hook instead, so it masks here, before anything is stored.
 */
function masked(ticket: Ticket): Ticket {
  return {
    ...ticket,
    subject: ticket.subject === null ? null : maskCardNumbers(ticket.subject),
    description: ticket.description === null ? null : maskCardNumbers(ticket.description),
    customFields: maskCardNumbersDeep(ticket.customFields),
    satisfaction: ticket.satisfaction && {
      ...ticket.satisfaction,
      comment: ticket.satisfaction.comment && maskCardNumbers(ticket.satisfaction.comment),
    },
  };
}

function assertSource(fetched: CrmTicket, source: string): void {
  for (const record of [...fetched.tickets, ...fetched.people, ...fetched.organizations]) {
    if (record.source !== source)
      throw new Error(`connector bug: fetchTicket of "${source}" returned a record of "${record.source}"`);
  }
}

/**
 * The sidebar's `fetchTicket` hook on the connector registry: reads a ticket not yet synced from
 * its CRM (`connectorFor(connection).fetchTicket`), audits the read as `crm.fetchTicket`, and hands
 * the masked records to the hook, which stores them with the engine recompute in one transaction
 * (`resolveTicket` in context.ts). Quarantined raw records are logged, not stored: quarantine
 * entries belong to a job and stream (retrying one resets them), and the next sync of the job
 * quarantines the same record.
 */
export function crmFetchTicket(deps: FetchWiringDeps, options: FetchWiringOptions = {}): FetchTicket {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (connection, externalId) => {
    const connector = deps.connectorFor(connection);
    if (connector.fetchTicket === undefined) return null;
    const log = deps.log.child({ connection: connection.id, ticket: externalId });
    const state = {
      get: (key: string) => deps.store.connectorState.get(connection.id, key),
      set: (key: string, value: unknown) => deps.store.connectorState.set(connection.id, key, value),
    };
    let fetched: CrmTicket | null;
    try {
      // The registry erases connection types; the config loader validated this one against the connector's schema.
      fetched = await connector.fetchTicket(connection as never, externalId, {
        log,
        state,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      log.warn({ err: error }, 'sidebar: reading a ticket not yet synced from the CRM failed');
      throw new CasebridgeError(
        'crm.fetch_failed',
        `ticket ${externalId} is not in casebridge yet, and reading it from ${connection.id} failed: ${errorMessage(error)}`,
        { hint: 'it appears after the next sync; `casebridge doctor` checks the connection', cause: error },
      );
    }
    if (fetched !== null) assertSource(fetched, connection.id);
    const found = fetched?.tickets.find((t) => t.externalId === externalId) ?? fetched?.tickets[0] ?? null;
    const quarantined = fetched?.quarantined ?? [];
    await deps.store.auditLog.record({
      actor: ACTOR,
      action: 'crm.fetchTicket',
      target: `${connection.id}:${externalId}`,
      details: {
        found: found !== null,
        people: fetched?.people.length ?? 0,
        organizations: fetched?.organizations.length ?? 0,
        quarantined: quarantined.length,
      },
    });
    for (const entry of quarantined)
      log.warn(
        { externalId: entry.externalId, reason: entry.reason },
        'sidebar: a fetched record is invalid',
      );
    if (fetched === null) return null;
    if (found === null) {
      throw new CasebridgeError(
        'crm.invalid_ticket',
        `ticket ${externalId} of ${connection.id} failed validation: ${maskCardNumbers(quarantined.map((q) => q.reason).join('; ')) || 'no ticket in the answer'}`,
        { hint: 'fix the record in the CRM; the sync quarantines it with the same reason' },
      );
    }
    return { ticket: masked(found), people: fetched.people, organizations: fetched.organizations };
  };
}

/** The `sidebarContext` options `casebridge start` passes: on-demand fetch through the registry. */
export function withCrmFetch(deps: FetchWiringDeps): { fetchTicket: FetchTicket } {
  return { fetchTicket: crmFetchTicket(deps) };
}
