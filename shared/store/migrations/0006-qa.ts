import { type Kysely, sql } from 'kysely';
import type { Migration } from '../migrate.js';
import { columnTypes } from './column-types.js';

/**
 * QA reviews: the scorecard versions reviews were scored against (kept when the file changes),
 * reviews with their ratings, disputes, the history of every review, and calibration sessions.
 */
export const qa: Migration = {
  version: 6,
  name: 'qa',
  async up(db: Kysely<unknown>, dialect) {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('qa_scorecard_versions')
      .addColumn('version_id', 'text', (c) => c.primaryKey())
      .addColumn('scorecard_id', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('definition', t.json, (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('qa_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // `flag:<id>` or `calibration:<id>:<reviewer>`: the database refuses a double submission even under a race.
      .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('flag_id', 'text')
      .addColumn('calibration_id', 'text')
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('scorecard_version_id', 'text', (c) => c.notNull())
      .addColumn('reviewer', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('agent_email', 'text')
      .addColumn('group_id', 'text')
      .addColumn('ratings', t.json, (c) => c.notNull())
      .addColumn('failed_items', t.json, (c) => c.notNull())
      .addColumn('category_scores', t.json, (c) => c.notNull())
      .addColumn('score', sql`double precision`, (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('notified_at', 'text')
      .execute();
    await db.schema
      .createIndex('qa_reviews_by_created')
      .on('qa_reviews')
      .columns(['kind', 'created_at'])
      .execute();
    await db.schema.createIndex('qa_reviews_by_ticket').on('qa_reviews').column('ticket_id').execute();

    await db.schema
      .createTable('qa_disputes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull())
      .addColumn('agent', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('proposed', t.json)
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('resolved_by', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('resolution_note', 'text')
      .execute();
    await db.schema.createIndex('qa_disputes_by_review').on('qa_disputes').column('review_id').execute();
    await db.schema
      .createIndex('qa_disputes_by_status')
      .on('qa_disputes')
      .columns(['status', 'opened_at'])
      .execute();

    await db.schema
      .createTable('qa_review_events')
      .addColumn('id', t.serial, (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('details', t.json, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('qa_review_events_by_review')
      .on('qa_review_events')
      .column('review_id')
      .execute();

    await db.schema
      .createTable('qa_calibrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('scorecard_version_id', 'text', (c) => c.notNull())
      .addColumn('reviewers', t.json, (c) => c.notNull())
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .execute();
  },
};
