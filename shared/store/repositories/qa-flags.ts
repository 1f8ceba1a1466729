import type { Kysely, Selectable } from 'kysely';
import type { QaFlag, QaFlagStatus } from '../../domain/index.js';
import type { Database, QaFlagsTable } from '../schema.js';

function fromRow(r: Selectable<QaFlagsTable>): QaFlag {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    flaggedBy: r.flagged_by,
    reason: r.reason,
    category: r.category,
    severity: r.severity as QaFlag['severity'],
    permalink: r.permalink,
    source: r.source as QaFlag['source'],
    status: r.status as QaFlagStatus,
    createdAt: r.created_at,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at,
  };
}

/** The QA review queue: flags are added, claimed, then reviewed or discarded. */
export function createQaFlagsRepository(db: Kysely<Database>) {
  return {
    async add(flag: QaFlag): Promise<void> {
      await db
        .insertInto('qa_flags')
        .values({
          id: flag.id,
          ticket_id: flag.ticketId,
          flagged_by: flag.flaggedBy,
          reason: flag.reason,
          category: flag.category,
          severity: flag.severity,
          permalink: flag.permalink,
          source: flag.source,
          status: flag.status,
          created_at: flag.createdAt,
          claimed_by: flag.claimedBy,
          claimed_at: flag.claimedAt,
        })
        .execute();
    },

    async get(id: string): Promise<QaFlag | null> {
      const row = await db.selectFrom('qa_flags').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },

    async setStatus(
      id: string,
      status: QaFlagStatus,
      claimedBy: string | null = null,
      at = new Date().toISOString(),
    ): Promise<void> {
      const claim = status === 'claimed' ? { claimed_by: claimedBy, claimed_at: at } : {};
      await db
        .updateTable('qa_flags')
        .set({ status, ...claim })
        .where('id', '=', id)
        .execute();
    },

    async listForTicket(ticketId: string): Promise<QaFlag[]> {
      const rows = await db
        .selectFrom('qa_flags')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(fromRow);
    },

    async listForTickets(ticketIds: readonly string[]): Promise<QaFlag[]> {
      if (ticketIds.length === 0) return [];
      const rows = await db
        .selectFrom('qa_flags')
        .selectAll()
        .where('ticket_id', 'in', [...ticketIds])
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(fromRow);
    },

    /** The queue: open and claimed flags, oldest first. */
    async queue(limit = 50): Promise<QaFlag[]> {
      const rows = await db
        .selectFrom('qa_flags')
        .selectAll()
        .where('status', 'in', ['open', 'claimed'])
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async queueSize(): Promise<number> {
      const row = await db
        .selectFrom('qa_flags')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', 'in', ['open', 'claimed'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type QaFlagsRepository = ReturnType<typeof createQaFlagsRepository>;
