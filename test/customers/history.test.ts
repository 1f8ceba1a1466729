import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHistory } from '../../shared/services/customers/history.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { failureOf } from '../helpers/errors.js';
import { anOrganization, aPerson, aTicket } from '../helpers/records.js';

const kinds = await storeKinds();

describe.each(kinds)('customer history across CRMs on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    await store.organizations.upsertMany([
      anOrganization({
        externalId: 'o1',
        source: 'zendesk-main',
        name: 'Northwind',
        domains: ['Northwind.example'],
        tier: 'vip',
      }),
      anOrganization({
        externalId: '001A',
        source: 'salesforce-main',
        name: 'Northwind Traders',
        domains: ['northwind.example'],
      }),
    ]);
    await store.people.upsertMany([
      aPerson({
        externalId: '11',
        source: 'zendesk-main',
        email: 'Ana@Northwind.example',
        organizationId: 'zendesk-main:o1',
      }),
      aPerson({ externalId: '003A', source: 'salesforce-main', email: 'ana@northwind.example' }),
    ]);
    const tickets = Array.from({ length: 620 }, (_, i) =>
      aTicket({
        externalId: String(i),
        source: i % 2 === 0 ? 'zendesk-main' : 'salesforce-main',
        requesterId: i % 2 === 0 ? 'zendesk-main:11' : 'salesforce-main:003A',
        status: i < 5 ? 'open' : 'solved',
        satisfaction: i % 10 === 0 ? { score: i % 20 === 0 ? 'good' : 'bad', comment: null } : null,
        updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      }),
    );
    await store.tickets.upsertMany(tickets);
  });
  afterAll(async () => dispose());

  it('is one customer across both CRMs by email, with both organizations, counting every ticket', async () => {
    const history = await customerHistory(store, ' ANA@northwind.example ');
    expect(history.people.map((p) => p.id)).toEqual(['salesforce-main:003A', 'zendesk-main:11']);
    expect(history.organizations.map((o) => o.id).sort()).toEqual([
      'salesforce-main:001A',
      'zendesk-main:o1',
    ]);
    expect(history.totalTickets).toBe(620);
    expect(history.recentTickets).toHaveLength(10);
    expect(history.recentTickets[0]?.externalId).toBe('619');
    expect(new Set(history.recentTickets.map((t) => t.source))).toEqual(
      new Set(['zendesk-main', 'salesforce-main']),
    );
  });

  it('starts from a ticket number too, and says clearly when there is no such customer', async () => {
    expect((await customerHistory(store, '42')).email).toBe('ana@northwind.example');
    expect(await failureOf(customerHistory(store, 'nobody@example.com'))).toMatch(
      /no customer found for nobody@example\.com — give an email as the CRM has it, or a ticket number/,
    );
  });
});
