import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Indexes today's SLA status and the escalation views read, and the QA flag queue that Slack and
 * the sidebar feed.
 */
export const slaAndQa: Migration = {
  version: 3,
  name: 'sla-and-qa',
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('sla_targets_by_achieved').on('sla_targets').column('achieved_at').execute();
    await db.schema.createIndex('sla_targets_by_breached').on('sla_targets').column('breached_at').execute();
    await db.schema.createIndex('tickets_by_external_id').on('tickets').column('external_id').execute();
    await db.schema.createIndex('tickets_by_number').on('tickets').column('number').execute();
    await db.schema
      .createIndex('escalation_by_opened')
      .on('escalations')
      .columns(['ticket_id', 'opened_at'])
      .execute();

    await db.schema
      .createTable('qa_flags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('flagged_by', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('severity', 'text')
      .addColumn('permalink', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_at', 'text')
      .execute();
    await db.schema
      .createIndex('qa_flags_by_ticket')
      .on('qa_flags')
      .columns(['ticket_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('qa_flags_by_status')
      .on('qa_flags')
      .columns(['status', 'created_at'])
      .execute();
  },
};
