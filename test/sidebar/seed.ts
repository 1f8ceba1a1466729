import type { QaFlag } from '../../shared/domain/index.js';
import type { Store } from '../../shared/store/index.js';
import { anOrganization, anSlaTarget, aPerson, aTicket } from '../helpers/records.js';

export const EVIL_SUBJECT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>Refund';

/** One customer in both CRMs: a Zendesk ticket 101 (the one open in the sidebar) and Salesforce cases. */
export async function seedCustomer(store: Store): Promise<void> {
  const zd = { source: 'zendesk-main' };
  const sf = { source: 'salesforce-main' };
  await store.organizations.upsertMany([
    anOrganization({ ...zd, externalId: 'o1', name: 'Globex', domains: ['globex.test'], tier: 'enterprise' }),
    anOrganization({ ...sf, externalId: 'A1', name: 'Globex Corp', domains: ['globex.test'], tier: 'gold' }),
  ]);
  await store.people.upsertMany([
    aPerson({
      ...zd,
      externalId: 'u1',
      name: 'Jo Doe',
      email: 'jo@globex.test',
      organizationId: 'zendesk-main:o1',
    }),
    aPerson({
      ...sf,
      externalId: 'C1',
      name: 'Jo Doe',
      email: 'JO@globex.test',
      organizationId: 'salesforce-main:A1',
    }),
    aPerson({ ...zd, externalId: 'agent1', name: 'Al Agent', email: 'al@acme.test', role: 'agent' }),
  ]);
  await store.tickets.upsertMany([
    aTicket({
      ...zd,
      externalId: '101',
      subject: EVIL_SUBJECT,
      requesterId: 'zendesk-main:u1',
      status: 'open',
      priority: 'urgent',
    }),
    aTicket({
      ...sf,
      externalId: '5003',
      number: '00001234',
      requesterId: 'salesforce-main:C1',
      status: 'solved',
      satisfaction: { score: 'good', comment: null },
      updatedAt: '2026-02-01T10:00:00.000Z',
    }),
    aTicket({
      ...sf,
      externalId: '5004',
      requesterId: 'salesforce-main:C1',
      status: 'pending',
      updatedAt: '2026-03-01T10:00:00.000Z',
    }),
  ]);
  await store.slaTargets.upsertMany([
    anSlaTarget({
      ...zd,
      externalId: 's1',
      ticketId: 'zendesk-main:101',
      metric: 'first_reply',
      dueAt: '2026-03-10T13:30:00.000Z',
    }),
    anSlaTarget({
      ...zd,
      externalId: 's2',
      ticketId: 'zendesk-main:101',
      metric: 'resolution',
      dueAt: '2026-03-10T11:00:00.000Z',
    }),
  ]);
  await store.qaFlags.add(qaFlag('zendesk-main:101'));
}

export function qaFlag(ticketId: string): QaFlag {
  return {
    id: `qa-${ticketId}`,
    ticketId,
    flaggedBy: 'slack:U123',
    reason: 'Tone was curt in the second reply',
    category: 'tone',
    severity: 'medium',
    permalink: null,
    source: 'slack',
    status: 'open',
    createdAt: '2026-03-09T09:00:00.000Z',
    claimedBy: null,
    claimedAt: null,
  };
}

/** A customer with `n` tickets: paging must stay fast and complete. */
export async function seedBigCustomer(store: Store, n: number): Promise<void> {
  const zd = { source: 'zendesk-main' };
  await store.people.upsertMany([aPerson({ ...zd, externalId: 'big', email: 'big@customer.test' })]);
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  const tickets = Array.from({ length: n }, (_, i) =>
    aTicket({
      ...zd,
      externalId: String(200_000 + i),
      requesterId: 'zendesk-main:big',
      status: i % 7 === 0 ? 'open' : 'closed',
      // Pairs share a timestamp so the keyset's id tie-break is exercised.
      updatedAt: new Date(base + Math.floor(i / 2) * 60_000).toISOString(),
    }),
  );
  for (let i = 0; i < tickets.length; i += 500) await store.tickets.upsertMany(tickets.slice(i, i + 500));
}
