import type { Kysely, Selectable } from 'kysely';
import type { Escalation, EscalationEvent, EscalationEventType } from '../../domain/index.js';
import { type Codec, readJson } from '../codec.js';
import type { Database, EscalationEventsTable, EscalationsTable } from '../schema.js';
import { iterateById } from './upsert.js';

function escalationToRow(e: Escalation, codec: Codec): EscalationsTable {
  return {
    id: e.id,
    ticket_id: e.ticketId,
    level: e.level,
    reasons: codec.json(e.reasons),
    owner_id: e.ownerId,
    opened_at: e.openedAt,
    opened_by: e.openedBy,
    acknowledged_at: e.acknowledgedAt,
    acknowledged_by: e.acknowledgedBy,
    resolved_at: e.resolvedAt,
    resolved_by: e.resolvedBy,
  };
}

function escalationFromRow(r: Selectable<EscalationsTable>): Escalation {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    level: Number(r.level),
    reasons: readJson<string[]>(r.reasons),
    ownerId: r.owner_id,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
  };
}

function eventFromRow(r: Selectable<EscalationEventsTable>): EscalationEvent {
  return {
    id: r.id,
    escalationId: r.escalation_id,
    type: r.type as EscalationEventType,
    at: r.at,
    actor: r.actor,
    level: r.level === null ? null : Number(r.level),
    note: r.note,
  };
}

/** Escalations change in place; their events are append-only. */
export function createEscalationsRepository(db: Kysely<Database>, codec: Codec) {
  return {
    async insert(escalation: Escalation): Promise<void> {
      await db.insertInto('escalations').values(escalationToRow(escalation, codec)).execute();
    },

    async update(escalation: Escalation): Promise<void> {
      const { id, ...changes } = escalationToRow(escalation, codec);
      await db.updateTable('escalations').set(changes).where('id', '=', id).execute();
    },

    /** Appends to the escalation's log; call inside the transaction that changes the escalation. */
    async appendEvent(event: EscalationEvent): Promise<void> {
      const last = await db
        .selectFrom('escalation_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('escalation_id', '=', event.escalationId)
        .executeTakeFirst();
      await db
        .insertInto('escalation_events')
        .values({
          seq: Number(last?.seq ?? 0) + 1,
          id: event.id,
          escalation_id: event.escalationId,
          type: event.type,
          at: event.at,
          actor: event.actor,
          level: event.level,
          note: event.note,
        })
        .execute();
    },

    /** One statement for many escalations (the engine writes a page's worth at once). */
    async insertMany(escalations: readonly Escalation[]): Promise<void> {
      if (escalations.length === 0) return;
      await db
        .insertInto('escalations')
        .values(escalations.map((e) => escalationToRow(e, codec)))
        .execute();
    },

    /** Appends events whose `seq` the caller computed (it read the logs in the same transaction). */
    async appendEventsInOrder(events: readonly (EscalationEvent & { seq: number })[]): Promise<void> {
      if (events.length === 0) return;
      await db
        .insertInto('escalation_events')
        .values(
          events.map((e) => ({
            id: e.id,
            escalation_id: e.escalationId,
            type: e.type,
            at: e.at,
            actor: e.actor,
            level: e.level,
            note: e.note,
            seq: e.seq,
          })),
        )
        .execute();
    },

    async eventsFor(escalationIds: readonly string[]): Promise<Map<string, EscalationEvent[]>> {
      const byEscalation = new Map<string, EscalationEvent[]>();
      if (escalationIds.length === 0) return byEscalation;
      const rows = await db
        .selectFrom('escalation_events')
        .selectAll()
        .where('escalation_id', 'in', [...escalationIds])
        .orderBy('seq')
        .execute();
      for (const row of rows) {
        const list = byEscalation.get(row.escalation_id) ?? [];
        list.push(eventFromRow(row));
        byEscalation.set(row.escalation_id, list);
      }
      return byEscalation;
    },

    async get(id: string): Promise<Escalation | null> {
      const row = await db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : escalationFromRow(row);
    },

    async openForTicket(ticketId: string): Promise<Escalation | null> {
      const row = await db
        .selectFrom('escalations')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      return row === undefined ? null : escalationFromRow(row);
    },

    /** The ticket's most recent escalation, open or resolved (what the rules decide on). */
    async latestForTicket(ticketId: string): Promise<Escalation | null> {
      const row = await db
        .selectFrom('escalations')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .orderBy('opened_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? null : escalationFromRow(row);
    },

    async latestForTickets(ticketIds: readonly string[]): Promise<Map<string, Escalation>> {
      const latest = new Map<string, Escalation>();
      if (ticketIds.length === 0) return latest;
      const rows = await db
        .selectFrom('escalations')
        .selectAll()
        .where('ticket_id', 'in', [...ticketIds])
        .orderBy('opened_at')
        .execute();
      for (const row of rows) latest.set(row.ticket_id, escalationFromRow(row));
      return latest;
    },

    async listForTicket(ticketId: string): Promise<Escalation[]> {
      const rows = await db
        .selectFrom('escalations')
        .selectAll()
        .where('ticket_id', 'in', [ticketId])
        .orderBy('opened_at', 'desc')
        .execute();
      return rows.map(escalationFromRow);
    },

    async listForTicketsAll(ticketIds: readonly string[]): Promise<Escalation[]> {
      if (ticketIds.length === 0) return [];
      const rows = await db
        .selectFrom('escalations')
        .selectAll()
        .where('ticket_id', 'in', [...ticketIds])
        .orderBy('opened_at', 'desc')
        .execute();
      return rows.map(escalationFromRow);
    },

    /** Open escalations, highest level and oldest first. */
    async listOpen(minLevel = 1): Promise<Escalation[]> {
      const rows = await db
        .selectFrom('escalations')
        .selectAll()
        .where('resolved_at', 'is', null)
        .where('level', '>=', minLevel)
        .orderBy('level', 'desc')
        .orderBy('opened_at')
        .execute();
      return rows.map(escalationFromRow);
    },

    async events(escalationId: string): Promise<EscalationEvent[]> {
      const rows = await db
        .selectFrom('escalation_events')
        .selectAll()
        .where('escalation_id', '=', escalationId)
        .orderBy('seq')
        .execute();
      return rows.map(eventFromRow);
    },

    iterate(): AsyncGenerator<Escalation> {
      return iterateById(
        async (after, limit) => {
          let query = db.selectFrom('escalations').selectAll().orderBy('id').limit(limit);
          if (after !== null) query = query.where('id', '>', after);
          return (await query.execute()).map(escalationFromRow);
        },
        (e) => e.id,
      );
    },
  };
}
export type EscalationsRepository = ReturnType<typeof createEscalationsRepository>;
