import { type Kysely, type Selectable, sql } from 'kysely';
import type { SlaMetric, SlaStage, SlaTarget } from '../../domain/index.js';
import type { Codec } from '../codec.js';
import type { Database, SlaTargetsTable } from '../schema.js';
import type { FastWriter } from '../sqlite-fast-writer.js';
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

export function createSlaTargetsRepository(
  db: Kysely<Database>,
  codec: Codec,
  fast: FastWriter | null = null,
) {
  /**
   * Open breaches due before `start` on open tickets. The stage and achievement terms are written
   * as literals: SQLite uses the partial index `sla_targets_open_by_due` only when the query repeats
   * its terms verbatim. A policy target does not count where its ticket has native ones.
   */
  const openBreachesQuery = (start: string, groupId?: string) => {
    let query = db
      .selectFrom('sla_targets as t')
      .innerJoin('tickets as k', 'k.id', 't.ticket_id')
      .where(sql<boolean>`t.achieved_at is null and t.stage in ('active', 'breached')`)
      .where('t.due_at', '<', start)
      .where((eb) => eb(eb.fn.coalesce('t.breached_at', 't.due_at'), '<', start))
      .where('k.status', 'in', ['new', 'open', 'pending', 'on_hold'])
      .where('k.deleted', '=', codec.bool(false))
      .where((eb) =>
        eb.or([
          eb('t.origin', '=', 'native'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('sla_targets as n')
                .select('n.id')
                .whereRef('n.ticket_id', '=', 't.ticket_id')
                .where('n.origin', '=', 'native'),
            ),
          ),
        ]),
      );
    if (groupId !== undefined) query = query.where('k.group_id', '=', groupId);
    return query;
  };

  return {
    async upsertMany(targets: readonly SlaTarget[]): Promise<void> {
      await upsertBySourceKey(
        db,
        'sla_targets',
        targets.map((s) => slaTargetToRow(s) as unknown as Record<string, unknown>),
        {},
        fast,
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

    async listForTickets(ticketIds: readonly string[]): Promise<SlaTarget[]> {
      if (ticketIds.length === 0) return [];
      const rows = await db
        .selectFrom('sla_targets')
        .selectAll()
        .where('ticket_id', 'in', [...ticketIds])
        .execute();
      return rows.map(slaTargetFromRow);
    },

    /** Targets achieved or breached within `[from, to)`: what attainment is computed over. */
    async listSettledBetween(from: string, to: string): Promise<SlaTarget[]> {
      const rows = await db
        .selectFrom('sla_targets')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('achieved_at', '>=', from), eb('achieved_at', '<', to)]),
            eb.and([eb('breached_at', '>=', from), eb('breached_at', '<', to)]),
            eb.and([eb('due_at', '>=', from), eb('due_at', '<', to), eb('stage', '=', 'active')]),
          ]),
        )
        .execute();
      return rows.map(slaTargetFromRow);
    },

    /** Writes only what changed: upserts new or changed policy targets, deletes ones no longer computed. */
    async applyPolicyTargetChanges(
      upserts: readonly SlaTarget[],
      deleteIds: readonly string[],
    ): Promise<void> {
      if (deleteIds.length > 0)
        await db
          .deleteFrom('sla_targets')
          .where('id', 'in', [...deleteIds])
          .execute();
      if (upserts.length > 0)
        await upsertBySourceKey(
          db,
          'sla_targets',
          upserts.map((s) => slaTargetToRow(s) as unknown as Record<string, unknown>),
          {},
          fast,
        );
    },

    /**
     * Targets today's status counts in full: due, achieved or breached within `[start, end)`, and
     * active ones due within the at-risk window after `now` (which may run past midnight).
     */
    async listForDay(start: string, end: string, now: string, riskEnd: string): Promise<SlaTarget[]> {
      const rows = await db
        .selectFrom('sla_targets')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('due_at', '>=', start), eb('due_at', '<', end)]),
            eb.and([eb('achieved_at', '>=', start), eb('achieved_at', '<', end)]),
            eb.and([eb('breached_at', '>=', start), eb('breached_at', '<', end)]),
            eb.and([eb('due_at', '>=', now), eb('due_at', '<', riskEnd), eb('stage', '=', 'active')]),
          ]),
        )
        .execute();
      return rows.map(slaTargetFromRow);
    },

    /** The longest-overdue breaches from before `start` still open on open tickets (native preferred). */
    async openBreachesBefore(start: string, limit: number, groupId?: string): Promise<SlaTarget[]> {
      const rows = await openBreachesQuery(start, groupId)
        .selectAll('t')
        .orderBy('t.due_at')
        .limit(limit)
        .execute();
      return rows.map(slaTargetFromRow);
    },

    /** How many such breaches there are, by ticket group and priority. */
    async countOpenBreachesBefore(
      start: string,
      groupId?: string,
    ): Promise<{ groupId: string | null; priority: string | null; count: number }[]> {
      const rows = await openBreachesQuery(start, groupId)
        .select(['k.group_id', 'k.priority', (eb) => eb.fn.countAll().as('n')])
        .groupBy(['k.group_id', 'k.priority'])
        .execute();
      return rows.map((r) => ({ groupId: r.group_id, priority: r.priority, count: Number(r.n) }));
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
