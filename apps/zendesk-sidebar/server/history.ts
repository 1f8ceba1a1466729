import { z } from 'zod';
import type { Ticket } from '../../../shared/domain/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { codecFor, readJson } from '../../../shared/store/codec.js';
import type { Store } from '../../../shared/store/index.js';
import { ticketFromRow } from '../../../shared/store/repositories/tickets.js';

/**
 * A customer's tickets across CRMs, read a page at a time by keyset on (updated_at, id) through
 * the `tickets_by_requester (requester_id, updated_at)` index, so page 200 of a customer with
 * 5,000 tickets costs what page 1 does. (These queries belong in the tickets repository; they
 * live here until it grows a paged `listByRequesters`.)
 */
const OPEN = ['new', 'open', 'pending', 'on_hold'] as const;
const Cursor = z.tuple([z.string().min(1), z.string().min(1)]);

export function encodeCursor(ticket: Pick<Ticket, 'updatedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([ticket.updatedAt, ticket.id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new CasebridgeError('sidebar.cursor', 'the history cursor is not one this server gave out', {
      hint: 'start again from the first page',
    });
  }
}

function live(store: Store, requesterIds: readonly string[]) {
  return store.db
    .selectFrom('tickets')
    .where('requester_id', 'in', [...requesterIds])
    .where('deleted', '=', codecFor(store.dialect).bool(false));
}

/** Newest first; `cursor` continues after the last ticket of the previous page. */
export async function historyPage(
  store: Store,
  requesterIds: readonly string[],
  limit: number,
  cursor: string | null,
): Promise<{ tickets: Ticket[]; nextCursor: string | null }> {
  if (requesterIds.length === 0) return { tickets: [], nextCursor: null };
  let query = live(store, requesterIds)
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (cursor !== null) {
    const [updatedAt, id] = decodeCursor(cursor);
    query = query.where((eb) =>
      eb.or([
        eb('updated_at', '<', updatedAt),
        eb.and([eb('updated_at', '=', updatedAt), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = (await query.execute()).map(ticketFromRow);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { tickets: page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
}

export async function openTickets(
  store: Store,
  requesterIds: readonly string[],
  limit: number,
): Promise<Ticket[]> {
  if (requesterIds.length === 0) return [];
  const rows = await live(store, requesterIds)
    .selectAll()
    .where('status', 'in', [...OPEN])
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(ticketFromRow);
}

export async function countTickets(store: Store, requesterIds: readonly string[]): Promise<number> {
  if (requesterIds.length === 0) return 0;
  const row = await live(store, requesterIds)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The scores of the newest `limit` rated tickets: CSAT over them stays bounded and cheap (one column). */
export async function ratedScores(
  store: Store,
  requesterIds: readonly string[],
  limit: number,
): Promise<string[]> {
  if (requesterIds.length === 0) return [];
  const rows = await live(store, requesterIds)
    .select('satisfaction')
    .where('satisfaction', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => readJson<{ score: string }>(r.satisfaction).score);
}
