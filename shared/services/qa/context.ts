import type { QaConfig } from '../../config/sections/qa.js';
import type { Ticket } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import type { ScorecardCatalog } from './catalog.js';
import { qaError, sameIdentity } from './errors.js';

/** What every part of the QA service receives from `createQaService`. */
export interface QaContext {
  store: Store;
  config: () => QaConfig;
  catalog: ScorecardCatalog;
  now: () => Date;
  newId: (prefix: string) => string;
}

/** The agent a ticket's review is about: its assignee, with their email when the store knows it. */
export interface Agent {
  id: string | null;
  email: string | null;
}

export async function agentOf(store: Store, ticket: Ticket): Promise<Agent> {
  if (ticket.assigneeId === null) return { id: null, email: null };
  const person = await store.people.get(ticket.assigneeId);
  return { id: ticket.assigneeId, email: person?.email ?? null };
}

export function isAgent(actor: string, agent: Agent): boolean {
  return sameIdentity(actor, agent.id) || sameIdentity(actor, agent.email);
}

export async function ticketOrThrow(store: Store, ticketId: string): Promise<Ticket> {
  const ticket = await store.tickets.get(ticketId);
  if (ticket === null)
    throw qaError('ticket.unknown', `ticket ${ticketId} is not in the store`, 'sync it first');
  return ticket;
}

/** Reviewing your own ticket is refused unless `qa.allowSelfReview` is set. */
export async function refuseSelfReview(ctx: QaContext, ticket: Ticket, reviewer: string): Promise<void> {
  if (ctx.config().allowSelfReview) return;
  if (isAgent(reviewer, await agentOf(ctx.store, ticket)))
    throw qaError(
      'self-review',
      `${reviewer} is the agent on ticket ${ticket.number} and cannot review it`,
      'ask another reviewer, or set qa.allowSelfReview',
    );
}

/** Unique-key violations on both stores: a concurrent double submission lost the race. */
export function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message}` : '';
  return /23505|SQLITE_CONSTRAINT|UNIQUE constraint|duplicate key/i.test(text);
}
