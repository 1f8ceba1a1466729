import { type Kysely, sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Escalation events get a per-escalation sequence number: several events can share an instant
 * (a rule and a person in the same second), and the log must keep the order they happened in.
 */
export const eventOrder: Migration = {
  version: 4,
  name: 'event-order',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('escalation_events').addColumn('seq', 'integer').execute();
    await sql`update escalation_events set seq = (
      select count(*) from escalation_events earlier
      where earlier.escalation_id = escalation_events.escalation_id
        and (earlier.at < escalation_events.at or (earlier.at = escalation_events.at and earlier.id <= escalation_events.id))
    )`.execute(db);
  },
};
