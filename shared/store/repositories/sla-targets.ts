import type { Kysely, Selectable } from 'kysely';
import type { SlaMetric, SlaStage, SlaTarget } from '../../domain/index.js';
import type { Database, SlaTargetsTable } from '../schema.js';
import { iterateById, upsertBySourceKey } from './upsert.js';

export function slaTargetToRow(s: SlaTarget): SlaTargetsTable {
  return {
    id: s.id,
    source: s.source,
    external_id: s.externalId,
    ticket_id: s.ticketId,
    metric: s.metric,
    policy: s.policy,
    started_at: s.startedAt,
    due_at: s.dueAt,
    stage: s.stage,
    achieved_at: s.achievedAt,
    breached_at: s.breachedAt,
    origin: s.origin,
  };
}

export function slaTargetFromRow(r: Selectable<SlaTargetsTable>): SlaTarget {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    ticketId: r.ticket_id,
    metric: r.metric as SlaMetric,
    policy: r.policy,
    startedAt: r.started_at,
    dueAt: r.due_at,
    stage: r.stage as SlaStage,
    achievedAt: r.achieved_at,
    breachedAt: r.breached_at,
    origin: r.origin as SlaTarget['origin'],
  };
}

export function createSlaTargetsRepository(db: Kysely<Database>) {
  return {
    async upsertMany(targets: readonly SlaTarget[]): Promise<void> {
      await upsertBySourceKey(
        db,
        'sla_targets',
        targets.map((s) => slaTargetToRow(s) as unknown as Record<string, unknown>),
      );
    },

    async deleteMany(source: string, externalIds: readonly string[]): Promise<void> {
      if (externalIds.length === 0) return;
      await db
        .deleteFrom('sla_targets')
        .where('source', '=', source)
        .where('external_id', 'in', [...externalIds])
        .execute();
    },

    async listForTicket(ticketId: string): Promise<SlaTarget[]> {
      const rows = await db
        .selectFrom('sla_targets')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .orderBy('due_at')
        .execute();
      return rows.map(slaTargetFromRow);
    },

    /** Targets due in `[from, to)`, soonest first, optionally only in some stages. */
    async listDueBetween(from: string, to: string, stages?: readonly SlaStage[]): Promise<SlaTarget[]> {
      let query = db
        .selectFrom('sla_targets')
        .selectAll()
        .where('due_at', '>=', from)
        .where('due_at', '<', to);
      if (stages !== undefined) query = query.where('stage', 'in', [...stages]);
      return (await query.orderBy('due_at').execute()).map(slaTargetFromRow);
    },

    iterate(): AsyncGenerator<SlaTarget> {
      return iterateById(
        async (after, limit) => {
          let query = db.selectFrom('sla_targets').selectAll().orderBy('id').limit(limit);
          if (after !== null) query = query.where('id', '>', after);
          return (await query.execute()).map(slaTargetFromRow);
        },
        (s) => s.id,
      );
    },
  };
}
export type SlaTargetsRepository = ReturnType<typeof createSlaTargetsRepository>;
