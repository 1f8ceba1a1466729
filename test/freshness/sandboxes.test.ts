import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceConnector } from '../../connectors/salesforce/index.js';
import { sfId } from '../../connectors/salesforce/sandbox/ids.js';
import {
  type SalesforceSandbox,
  sandboxConnection as salesforceConnection,
  startSalesforceSandbox,
} from '../../connectors/salesforce/sandbox/index.js';
import { authorizationHeader } from '../../connectors/zendesk/config.js';
import { zendeskConnector } from '../../connectors/zendesk/index.js';
import {
  type RunningZendeskSandbox,
  SANDBOX_CREDENTIALS,
  startZendeskSandbox,
  sandboxConnection as zendeskConnection,
} from '../../connectors/zendesk/sandbox/index.js';
import type { ConnectorDefinition, FetchedTicket } from '../../shared/sync/index.js';
import { silentLog } from '../zendesk/helpers.js';
import { memoryState } from '../zendesk/stream-harness.js';

function fetcher(connector: ConnectorDefinition<never>, connection: Record<string, unknown>) {
  const fetch = connector.fetchTicket;
  if (fetch === undefined) throw new Error(`${connector.kind} has no fetchTicket`);
  const state = memoryState();
  return (id: string): Promise<FetchedTicket | null> =>
    fetch(connection as never, id, { log: silentLog, state });
}

/** The fetched ticket's requester and organization came with it. */
function expectContext(fetched: FetchedTicket | null) {
  const ticket = fetched?.tickets[0];
  expect(ticket).toBeDefined();
  if (ticket?.requesterId != null) expect(fetched?.people.map((p) => p.id)).toContain(ticket.requesterId);
  if (ticket?.organizationId != null)
    expect(fetched?.organizations.map((o) => o.id)).toContain(ticket.organizationId);
  expect(fetched?.quarantined).toEqual([]);
}

describe('the Zendesk sandbox answers Show Ticket with sideloads', () => {
  let sandbox: RunningZendeskSandbox;
  let fetchTicket: (id: string) => Promise<FetchedTicket | null>;
  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ size: 120, seed: 9, rateLimitPerMinute: null });
    fetchTicket = fetcher(zendeskConnector, { id: 'zd', ...zendeskConnection(sandbox.url) });
  });
  afterAll(async () => sandbox?.close());

  const get = async (path: string) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      headers: { authorization: authorizationHeader(SANDBOX_CREDENTIALS.admin) },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('in Zendesk shape: the ticket, and the users and organization it refers to when included', async () => {
    const { status, body } = await get('/api/v2/tickets/8.json?include=users,organizations');
    expect(status).toBe(200);
    const ticket = body.ticket as Record<string, unknown>;
    expect(ticket.id).toBe(8);
    const userIds = (body.users as { id: number }[]).map((u) => u.id);
    expect(userIds).toContain(ticket.requester_id);
    if (ticket.assignee_id !== null) expect(userIds).toContain(ticket.assignee_id);
    expect((body.organizations as { id: number }[]).map((o) => o.id)).toEqual(
      ticket.organization_id === null ? [] : [ticket.organization_id],
    );
    expect(Object.keys((await get('/api/v2/tickets/8.json')).body)).toEqual(['ticket']);
  });

  it('answers 404 RecordNotFound for a deleted or unknown ticket', async () => {
    for (const id of [51, 100_000]) {
      expect(await get(`/api/v2/tickets/${id}.json?include=users`)).toEqual({
        status: 404,
        body: { error: 'RecordNotFound', description: 'Not found' },
      });
    }
  });

  it('serves the connector fetch: found with its context, deleted and unknown are null', async () => {
    for (const id of ['1', '8', '60', '120']) expectContext(await fetchTicket(id));
    expect((await fetchTicket('8'))?.tickets[0]?.subject).toContain('4111 1111 1111 1111');
    expect(await fetchTicket('51')).toBeNull();
    expect(await fetchTicket('121')).toBeNull();
  });
});

describe('the Salesforce sandbox answers the one-case relationship query', () => {
  let sandbox: SalesforceSandbox;
  let fetchTicket: (id: string) => Promise<FetchedTicket | null>;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ size: 60, seed: 4 });
    fetchTicket = fetcher(salesforceConnector, { id: 'sf', ...salesforceConnection(sandbox.url) });
  });
  afterAll(async () => sandbox?.close());

  it('returns the case with its contact and account (tier included)', async () => {
    for (const i of [0, 1, 5, 20]) {
      const fetched = await fetchTicket(sfId('Case', i));
      expectContext(fetched);
      expect(fetched?.tickets[0]?.externalId).toBe(sfId('Case', i));
    }
    const withAccount = await fetchTicket(sfId('Case', 1));
    expect(withAccount?.organizations[0]?.tier).toEqual(expect.any(String));
  });

  it('is null for a deleted case (IsDeleted, not returned by /query) and an unknown one', async () => {
    expect(sandbox.dataset.get('Case', sfId('Case', 49))?.IsDeleted).toBe(true);
    expect(await fetchTicket(sfId('Case', 49))).toBeNull();
    expect(await fetchTicket(sfId('Case', 5000))).toBeNull();
    expect(await fetchTicket(sfId('Contact', 1))).toBeNull();
  });

  it('leaves out a deleted contact, as a parent relationship does', async () => {
    const contactId = sandbox.dataset.get('Case', sfId('Case', 1))?.ContactId;
    expect(typeof contactId).toBe('string');
    sandbox.dataset.delete('Contact', String(contactId));
    const fetched = await fetchTicket(sfId('Case', 1));
    expect(fetched?.tickets).toHaveLength(1);
    expect(fetched?.people).toEqual([]);
  });
});
