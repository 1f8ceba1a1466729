import {
  type Escalation,
  normaliseEmail,
  type Organization,
  type Person,
  type QaFlag,
  type Ticket,
} from '../../domain/index.js';
import { CasebridgeError } from '../../errors.js';
import type { Store } from '../../store/index.js';

export interface CustomerHistory {
  /** What the lookup resolved: the email, or the ticket it started from. */
  query: string;
  email: string | null;
  /** Everyone with this email in any CRM: one customer. */
  people: Person[];
  /** Their organizations, plus any in another CRM with the same email domain. */
  organizations: Organization[];
  openTickets: Ticket[];
  /** The last 10 tickets/cases across CRMs, newest first. */
  recentTickets: Ticket[];
  /** All of them, counted (the lists above read at most the newest 500). */
  totalTickets: number;
  /** % good among good+bad ratings over their tickets; null when none is rated. */
  csatPct: number | null;
  escalations: Escalation[];
  qaFlags: QaFlag[];
}

const OPEN = new Set(['new', 'open', 'pending', 'on_hold']);
const HISTORY_LIMIT = 500;

/**
 * One customer across Zendesk and Salesforce: the people with the same (normalised) email, their
 * organizations (and those sharing the email's domain), and every ticket/case of theirs.
 * Accepts an email, or a ticket reference (its requester is the customer).
 */
export async function customerHistory(store: Store, query: string): Promise<CustomerHistory> {
  const email = query.includes('@') ? normaliseEmail(query) : await requesterEmail(store, query);
  if (email === null) throw noCustomer(query);
  const people = await store.people.findByEmail(email);
  if (people.length === 0) throw noCustomer(query);
  const organizations = await linkedOrganizations(store, people, email);
  // Bounded: a customer with thousands of tickets still answers fast; totals say how many there are.
  const tickets = await store.tickets.listByRequesters(
    people.map((p) => p.id),
    HISTORY_LIMIT,
  );
  const ids = tickets.map((t) => t.id);
  const rated = tickets.filter((t) => t.satisfaction?.score === 'good' || t.satisfaction?.score === 'bad');
  const good = rated.filter((t) => t.satisfaction?.score === 'good').length;
  return {
    query,
    email,
    people,
    organizations,
    openTickets: tickets.filter((t) => OPEN.has(t.status)),
    recentTickets: tickets.slice(0, 10),
    totalTickets: await store.tickets.countByRequesters(people.map((p) => p.id)),
    csatPct: rated.length === 0 ? null : Math.round((good / rated.length) * 1000) / 10,
    escalations: await store.escalations.listForTicketsAll(ids),
    qaFlags: await store.qaFlags.listForTickets(ids),
  };
}

async function requesterEmail(store: Store, reference: string): Promise<string | null> {
  const [ticket] = await store.tickets.findByReference(reference);
  if (ticket?.requesterId == null) return null;
  return normaliseEmail((await store.people.get(ticket.requesterId))?.email ?? null);
}

async function linkedOrganizations(
  store: Store,
  people: readonly Person[],
  email: string,
): Promise<Organization[]> {
  const direct = await store.organizations.getMany([
    ...new Set(people.map((p) => p.organizationId).filter((id): id is string => id !== null)),
  ]);
  const domain = email.split('@')[1];
  const byDomain = domain === undefined ? [] : await store.organizations.findByDomain(domain);
  const all = new Map([...direct, ...byDomain].map((o) => [o.id, o]));
  return [...all.values()];
}

function noCustomer(query: string): CasebridgeError {
  return new CasebridgeError('customers.unknown', `no customer found for ${query}`, {
    hint: 'give an email as the CRM has it, or a ticket number; sync first if it is new',
  });
}
