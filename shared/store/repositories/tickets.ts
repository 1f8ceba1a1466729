import type { Kysely, Selectable } from 'kysely';
import type { Channel, Satisfaction, Ticket, TicketPriority, TicketStatus } from '../../domain/index.js';
import { type Codec, readBool, readJson } from '../codec.js';
import type { Database, TicketsTable } from '../schema.js';
import type { FastWriter } from '../sqlite-fast-writer.js';
import { iterateById, upsertBySourceKey } from './upsert.js';

export function ticketToRow(t: Ticket, codec: Codec): TicketsTable {
  return {
    id: t.id,
    source: t.source,
    external_id: t.externalId,
    number: t.number,
    url: t.url,
    subject: t.subject,
    description: t.description,
    status: t.status,
    source_status: t.sourceStatus,
    priority: t.priority,
    source_priority: t.sourcePriority,
    type: t.type,
    channel: t.channel,
    requester_id: t.requesterId,
    organization_id: t.organizationId,
    assignee_id: t.assigneeId,
    group_id: t.groupId,
    tags: codec.json(t.tags),
    custom_fields: codec.json(t.customFields),
    is_escalated: codec.bool(t.isEscalated),
    satisfaction: t.satisfaction === null ? null : codec.json(t.satisfaction),
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    first_responded_at: t.firstRespondedAt,
    solved_at: t.solvedAt,
    closed_at: t.closedAt,
    reopens: t.reopens,
    deleted: codec.bool(t.deleted),
  };
}

export function ticketFromRow(r: Selectable<TicketsTable>): Ticket {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    number: r.number,
    url: r.url,
    subject: r.subject,
    description: r.description,
    status: r.status as TicketStatus,
    sourceStatus: r.source_status,
    priority: r.priority as TicketPriority | null,
    sourcePriority: r.source_priority,
    type: r.type,
    channel: r.channel as Channel,
    requesterId: r.requester_id,
    organizationId: r.organization_id,
    assigneeId: r.assignee_id,
    groupId: r.group_id,
    tags: readJson<string[]>(r.tags),
    customFields: readJson<Ticket['customFields']>(r.custom_fields),
    isEscalated: readBool(r.is_escalated),
    satisfaction: r.satisfaction === null ? null : readJson<Satisfaction>(r.satisfaction),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstRespondedAt: r.first_responded_at,
    solvedAt: r.solved_at,
    closedAt: r.closed_at,
    reopens: r.reopens === null ? null : Number(r.reopens),
    deleted: readBool(r.deleted),
  };
}

export function createTicketsRepository(db: Kysely<Database>, codec: Codec, fast: FastWriter | null = null) {
  return {
    /** Idempotent; an older version of a ticket (by `updatedAt`) never overwrites a newer one. */
    async upsertMany(tickets: readonly Ticket[]): Promise<void> {
      await upsertBySourceKey(
        db,
        'tickets',
        tickets.map((t) => ticketToRow(t, codec) as unknown as Record<string, unknown>),
        { newerThanColumn: 'updated_at' },
        fast,
      );
    },

    /** Deleted tickets stay as tombstones (`deleted: true`) so metrics over past periods stay whole. */
    async markDeleted(source: string, externalIds: readonly string[]): Promise<void> {
      if (externalIds.length === 0) return;
      await db
        .updateTable('tickets')
        .set({ deleted: codec.bool(true) })
        .where('source', '=', source)
        .where('external_id', 'in', [...externalIds])
        .execute();
    },

    async getMany(ids: readonly string[]): Promise<Ticket[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('tickets')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(ticketFromRow);
    },

    /** Looks a ticket up by record id, CRM id or number (what people type), newest first. */
    async findByReference(reference: string): Promise<Ticket[]> {
      const rows = await db
        .selectFrom('tickets')
        .selectAll()
        .where((eb) =>
          eb.or([eb('id', '=', reference), eb('external_id', '=', reference), eb('number', '=', reference)]),
        )
        .orderBy('updated_at', 'desc')
        .limit(10)
        .execute();
      return rows.map(ticketFromRow);
    },

    /** The full group record id for a group's CRM id (`360001` → `zendesk-main:360001`). */
    async groupIdEndingWith(externalGroupId: string): Promise<string | null> {
      const row = await db
        .selectFrom('tickets')
        .select('group_id')
        .where('group_id', 'like', `%:${externalGroupId.replace(/[%_\\]/g, '')}`)
        .limit(1)
        .executeTakeFirst();
      return row?.group_id ?? null;
    },

    /** Tickets a KPI period needs: created or solved since `from`, or still unsolved (the backlog). */
    async listForPeriod(from: string): Promise<Ticket[]> {
      const rows = await db
        .selectFrom('tickets')
        .selectAll()
        .where('deleted', '=', codec.bool(false))
        .where((eb) =>
          eb.or([
            eb('created_at', '>=', from),
            eb('solved_at', '>=', from),
            eb('status', 'in', ['new', 'open', 'pending', 'on_hold']),
          ]),
        )
        .execute();
      return rows.map(ticketFromRow);
    },

    /** Unsolved tickets in id order, a page at a time (the escalation timer walks them). */
    async listUnsolvedAfter(afterId: string | null, limit: number): Promise<Ticket[]> {
      let query = db
        .selectFrom('tickets')
        .selectAll()
        .where('status', 'in', ['new', 'open', 'pending', 'on_hold'])
        .where('deleted', '=', codec.bool(false))
        .orderBy('id')
        .limit(limit);
      if (afterId !== null) query = query.where('id', '>', afterId);
      return (await query.execute()).map(ticketFromRow);
    },

    async get(id: string): Promise<Ticket | null> {
      const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : ticketFromRow(row);
    },

    /** Newest first; `requesterIds` may span several CRMs (one customer, several people). */
    async listByRequesters(requesterIds: readonly string[], limit = 50): Promise<Ticket[]> {
      if (requesterIds.length === 0) return [];
      const rows = await db
        .selectFrom('tickets')
        .selectAll()
        .where('requester_id', 'in', [...requesterIds])
        .where('deleted', '=', codec.bool(false))
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(ticketFromRow);
    },

    /** How many (not deleted) tickets these requesters have, across CRMs. */
    async countByRequesters(requesterIds: readonly string[]): Promise<number> {
      if (requesterIds.length === 0) return 0;
      const row = await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('requester_id', 'in', [...requesterIds])
        .where('deleted', '=', codec.bool(false))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listByOrganization(organizationId: string, limit = 50): Promise<Ticket[]> {
      const rows = await db
        .selectFrom('tickets')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('deleted', '=', codec.bool(false))
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(ticketFromRow);
    },

    async listByStatus(
      statuses: readonly TicketStatus[],
      updatedSince: string | null,
      limit = 100,
    ): Promise<Ticket[]> {
      let query = db
        .selectFrom('tickets')
        .selectAll()
        .where('status', 'in', [...statuses])
        .where('deleted', '=', codec.bool(false));
      if (updatedSince !== null) query = query.where('updated_at', '>=', updatedSince);
      const rows = await query.orderBy('updated_at', 'desc').limit(limit).execute();
      return rows.map(ticketFromRow);
    },

    /** The newest change seen from a source: sync lag is now minus this. */
    async newestUpdatedAt(source: string): Promise<string | null> {
      const row = await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.max('updated_at').as('newest'))
        .where('source', '=', source)
        .executeTakeFirst();
      return row?.newest ?? null;
    },

    async count(source?: string): Promise<number> {
      let query = db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n'));
      if (source !== undefined) query = query.where('source', '=', source);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },

    iterate(): AsyncGenerator<Ticket> {
      return iterateById(
        async (after, limit) => {
          let query = db.selectFrom('tickets').selectAll().orderBy('id').limit(limit);
          if (after !== null) query = query.where('id', '>', after);
          return (await query.execute()).map(ticketFromRow);
        },
        (t) => t.id,
      );
    },
  };
}
export type TicketsRepository = ReturnType<typeof createTicketsRepository>;
