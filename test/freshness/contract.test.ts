import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { Ticket } from '../../shared/domain/index.js';
import { maskCardNumbers } from '../../shared/privacy/card-numbers.js';
import type { Store } from '../../shared/store/index.js';
import type { ConnectorDefinition, RunningSandbox } from '../../shared/sync/index.js';
import { runJob } from '../../shared/sync/index.js';
import { freshStore } from '../helpers/databases.js';
import { silentLog } from '../zendesk/helpers.js';
import { memoryState } from '../zendesk/stream-harness.js';

/**
 * `fetchTicket` against every registered connector that has it and a sandbox: the fetched ticket,
 * requester and organization are the records a sync writes for them (what the sidebar shows
 * before the sync is what it shows after). Fields a CRM reports only in its exports (Zendesk's
 * metric set: first reply, solve time, reopens) are left to the next sync.
 */
const subjects = connectors.filter((c) => c.fetchTicket !== undefined && c.sandbox !== undefined);
const EXPORT_ONLY = ['firstRespondedAt', 'solvedAt', 'reopens'] as const;

function comparable(ticket: Ticket): Partial<Ticket> {
  const copy: Partial<Ticket> = { ...ticket };
  for (const key of EXPORT_ONLY) delete copy[key];
  return copy;
}

it('at least the two CRMs implement fetchTicket', () => {
  expect(subjects.map((c) => c.kind).sort()).toEqual(['salesforce', 'zendesk']);
});

describe.each(subjects.map((c) => [c.kind, c] as const))('fetchTicket contract: %s', (kind, connector) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let sandbox: RunningSandbox;
  const source = `${kind}-fresh`;
  let connection: { id: string } & Record<string, unknown>;
  const fetchTicket = (id: string) =>
    (connector as ConnectorDefinition<Record<string, unknown>>).fetchTicket?.(connection, id, {
      log: silentLog,
      state: memoryState(),
    }) ?? Promise.resolve(null);

  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
    sandbox = await (connector.sandbox as NonNullable<typeof connector.sandbox>).start({
      size: 60,
      seed: 5,
      rateLimitPerMinute: null,
    });
    connection = { id: source, kind, ...connector.sandbox?.connection(sandbox.url) };
    const job = {
      id: `${kind}-fresh`,
      connection: source,
      streams: ['organizations', 'people', 'tickets'],
      enabled: true,
      startFrom: '2020-01-01',
    };
    const result = await runJob({ job, connection, connector, store, log: silentLog });
    expect(result.error).toBeNull();
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    await dispose?.();
  });

  it('returns what the sync stored for the ticket, its requester and its organization', async () => {
    const synced: Ticket[] = [];
    for await (const ticket of store.tickets.iterate()) if (!ticket.deleted) synced.push(ticket);
    expect(synced.length).toBeGreaterThan(20);
    for (const stored of synced.slice(0, 12)) {
      const fetched = await fetchTicket(stored.externalId);
      expect(fetched?.quarantined ?? []).toEqual([]);
      const [ticket] = fetched?.tickets ?? [];
      expect(ticket).toBeDefined();
      if (ticket === undefined) continue;
      // The store holds masked text; the connector hands over the CRM's, for the storer to mask.
      const masked = { ...ticket, subject: ticket.subject && maskCardNumbers(ticket.subject) };
      masked.description = ticket.description && maskCardNumbers(ticket.description);
      expect(comparable(masked)).toEqual(comparable(stored));
      for (const person of fetched?.people ?? []) expect(await store.people.get(person.id)).toEqual(person);
      for (const org of fetched?.organizations ?? [])
        expect(await store.organizations.get(org.id)).toEqual(org);
      if (stored.requesterId !== null) expect(fetched?.people.map((p) => p.id)).toContain(stored.requesterId);
    }
  });
});
