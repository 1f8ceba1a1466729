import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';
import { columnTypes } from './column-types.js';

/**
 * Admin control of jobs: pause/resume, a stream restarted from a chosen date, cross-process run
 * locks for SQLite (PostgreSQL uses advisory locks), and the index the lag metric reads.
 */
export const jobControl: Migration = {
  version: 2,
  name: 'job-control',
  async up(db: Kysely<unknown>, dialect) {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('job_controls')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('paused', t.bool, (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('changed_by', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('stream_restarts')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('start_from', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('stream_restarts_pk', ['job_id', 'stream'])
      .execute();

    await db.schema
      .createTable('job_locks')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createIndex('tickets_by_source_updated')
      .on('tickets')
      .columns(['source', 'updated_at'])
      .execute();
  },
};
