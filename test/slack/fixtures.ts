import type { Store } from '../../shared/store/index.js';
import { anSlaTarget, aPerson, aTicket } from '../helpers/records.js';

/** "Now" for every Slack test: a Monday noon UTC (the SLA time zone defaults to UTC). */
export const NOW = new Date('2026-01-05T12:00:00.000Z');
export const EVIL_SUBJECT = 'Refund <!channel> <@U999> <https://evil.example|click me> & more @here';

/** Tickets in a Zendesk connection: two breached, one at risk, one with a hostile subject. */
export async function seedTickets(store: Store): Promise<void> {
  const source = 'zendesk-main';
  const url = (n: string) => `https://acme.zendesk.com/agent/tickets/${n}`;
  await store.people.upsertMany([
    aPerson({ source, externalId: 'p1', email: 'jane@customer.test', name: 'Jane <b>Doe</b>' }),
  ]);
  await store.tickets.upsertMany([
    aTicket({
      source,
      externalId: '101',
      url: url('101'),
      subject: 'Printer on fire',
      requesterId: `${source}:p1`,
      priority: 'urgent',
    }),
    aTicket({
      source,
      externalId: '102',
      url: url('102'),
      subject: EVIL_SUBJECT,
      requesterId: `${source}:p1`,
    }),
    aTicket({
      source,
      externalId: '103',
      url: url('103'),
      subject: 'Cannot log in',
      groupId: `${source}:g1`,
    }),
  ]);
  await store.slaTargets.upsertMany([
    anSlaTarget({ source, externalId: 't101', ticketId: `${source}:101`, dueAt: '2026-01-05T11:00:00.000Z' }),
    anSlaTarget({ source, externalId: 't102', ticketId: `${source}:102`, dueAt: '2026-01-05T10:30:00.000Z' }),
    anSlaTarget({ source, externalId: 't103', ticketId: `${source}:103`, dueAt: '2026-01-05T12:30:00.000Z' }),
  ]);
}
