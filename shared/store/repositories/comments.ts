import type { Kysely, Selectable } from 'kysely';
import type { Comment } from '../../domain/index.js';
import { type Codec, readBool } from '../codec.js';
import type { CommentsTable, Database } from '../schema.js';
import type { FastWriter } from '../sqlite-fast-writer.js';
import { iterateById, upsertBySourceKey } from './upsert.js';

export function commentToRow(c: Comment, codec: Codec): CommentsTable {
  return {
    id: c.id,
    source: c.source,
    external_id: c.externalId,
    ticket_id: c.ticketId,
    author_id: c.authorId,
    public: codec.bool(c.public),
    body: c.body,
    created_at: c.createdAt,
  };
}

export function commentFromRow(r: Selectable<CommentsTable>): Comment {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    ticketId: r.ticket_id,
    authorId: r.author_id,
    public: readBool(r.public),
    body: r.body,
    createdAt: r.created_at,
  };
}

export function createCommentsRepository(db: Kysely<Database>, codec: Codec, fast: FastWriter | null = null) {
  return {
    async upsertMany(comments: readonly Comment[]): Promise<void> {
      await upsertBySourceKey(
        db,
        'comments',
        comments.map((c) => commentToRow(c, codec) as unknown as Record<string, unknown>),
        {},
        fast,
      );
    },

    async deleteMany(source: string, externalIds: readonly string[]): Promise<void> {
      if (externalIds.length === 0) return;
      await db
        .deleteFrom('comments')
        .where('source', '=', source)
        .where('external_id', 'in', [...externalIds])
        .execute();
    },

    /** Oldest first: the conversation as it happened. */
    async listForTicket(ticketId: string): Promise<Comment[]> {
      const rows = await db
        .selectFrom('comments')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .orderBy('created_at')
        .execute();
      return rows.map(commentFromRow);
    },

    async listForTickets(ticketIds: readonly string[]): Promise<Comment[]> {
      if (ticketIds.length === 0) return [];
      const rows = await db
        .selectFrom('comments')
        .selectAll()
        .where('ticket_id', 'in', [...ticketIds])
        .orderBy('created_at')
        .execute();
      return rows.map(commentFromRow);
    },

    iterate(): AsyncGenerator<Comment> {
      return iterateById(
        async (after, limit) => {
          let query = db.selectFrom('comments').selectAll().orderBy('id').limit(limit);
          if (after !== null) query = query.where('id', '>', after);
          return (await query.execute()).map(commentFromRow);
        },
        (c) => c.id,
      );
    },
  };
}
export type CommentsRepository = ReturnType<typeof createCommentsRepository>;
