import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';
import { columnTypes } from './column-types.js';

/** The synced aggregates, escalations, and the sync bookkeeping (state, runs, quarantine, audit). */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  async up(db: Kysely<unknown>, dialect) {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('tickets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('subject', 'text')
      .addColumn('description', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source_status', 'text', (c) => c.notNull())
      .addColumn('priority', 'text')
      .addColumn('source_priority', 'text')
      .addColumn('type', 'text')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('requester_id', 'text')
      .addColumn('organization_id', 'text')
      .addColumn('assignee_id', 'text')
      .addColumn('group_id', 'text')
      .addColumn('tags', t.json, (c) => c.notNull())
      .addColumn('custom_fields', t.json, (c) => c.notNull())
      .addColumn('is_escalated', t.bool, (c) => c.notNull())
      .addColumn('satisfaction', t.json)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('first_responded_at', 'text')
      .addColumn('solved_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('reopens', 'integer')
      .addColumn('deleted', t.bool, (c) => c.notNull())
      .addUniqueConstraint('tickets_source_external_id', ['source', 'external_id'])
      .execute();
    await db.schema
      .createIndex('tickets_by_requester')
      .on('tickets')
      .columns(['requester_id', 'updated_at'])
      .execute();
    await db.schema
      .createIndex('tickets_by_organization')
      .on('tickets')
      .columns(['organization_id', 'updated_at'])
      .execute();
    await db.schema
      .createIndex('tickets_by_status')
      .on('tickets')
      .columns(['status', 'updated_at'])
      .execute();
    await db.schema.createIndex('tickets_by_updated').on('tickets').columns(['updated_at']).execute();

    await db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('email', 'text')
      .addColumn('email_normalised', 'text')
      .addColumn('phone', 'text')
      .addColumn('organization_id', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text')
      .addUniqueConstraint('people_source_external_id', ['source', 'external_id'])
      .execute();
    await db.schema.createIndex('people_by_email').on('people').column('email_normalised').execute();
    await db.schema.createIndex('people_by_organization').on('people').column('organization_id').execute();

    await db.schema
      .createTable('organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('domains', t.json, (c) => c.notNull())
      .addColumn('tier', 'text')
      .addUniqueConstraint('organizations_source_external_id', ['source', 'external_id'])
      .execute();

    await db.schema
      .createTable('comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text')
      .addColumn('public', t.bool, (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('comments_source_external_id', ['source', 'external_id'])
      .execute();
    await db.schema
      .createIndex('comments_by_ticket')
      .on('comments')
      .columns(['ticket_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('sla_targets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('policy', 'text')
      .addColumn('started_at', 'text')
      .addColumn('due_at', 'text')
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('achieved_at', 'text')
      .addColumn('breached_at', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addUniqueConstraint('sla_targets_source_external_id', ['source', 'external_id'])
      .execute();
    await db.schema
      .createIndex('sla_targets_by_due')
      .on('sla_targets')
      .columns(['due_at', 'stage'])
      .execute();
    await db.schema.createIndex('sla_targets_by_ticket').on('sla_targets').column('ticket_id').execute();

    await db.schema
      .createTable('escalations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('reasons', t.json, (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text')
      .addColumn('acknowledged_by', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'text')
      .execute();
    await db.schema
      .createIndex('escalations_by_ticket')
      .on('escalations')
      .columns(['ticket_id', 'resolved_at'])
      .execute();
    await db.schema
      .createIndex('escalations_open')
      .on('escalations')
      .columns(['resolved_at', 'level'])
      .execute();

    await db.schema
      .createTable('escalation_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('escalation_id', 'text', (c) => c.notNull().references('escalations.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('level', 'integer')
      .addColumn('note', 'text')
      .execute();
    await db.schema
      .createIndex('escalation_events_by_escalation')
      .on('escalation_events')
      .columns(['escalation_id', 'at'])
      .execute();

    await db.schema
      .createTable('sync_state')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('checkpoint', t.json, (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_state_pk', ['job_id', 'stream'])
      .execute();

    await db.schema
      .createTable('connector_state')
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', t.json, (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('connector_state_pk', ['connection_id', 'key'])
      .execute();

    await db.schema
      .createTable('sync_runs')
      .addColumn('id', t.serial, (c) => c.primaryKey())
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('upserted', 'integer', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('quarantined', 'integer', (c) => c.notNull())
      .addColumn('pages', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createIndex('sync_runs_by_job')
      .on('sync_runs')
      .columns(['job_id', 'started_at'])
      .execute();

    await db.schema
      .createTable('quarantine')
      .addColumn('id', t.serial, (c) => c.primaryKey())
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('raw', t.json, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('quarantine_by_job')
      .on('quarantine')
      .columns(['job_id', 'stream', 'external_id'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', t.serial, (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('details', t.json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_by_at').on('audit_log').column('at').execute();
  },
};
