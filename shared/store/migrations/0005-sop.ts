import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import type { Migration } from '../migrate.js';
import { columnTypes } from './column-types.js';

/**
 * The SOP library: indexed documents (full text through an FTS5 table on SQLite, a generated,
 * GIN-indexed tsvector on PostgreSQL), the terms their `appliesTo` rules look up, verifications
 * and "used this SOP" records.
 */
export const sop: Migration = {
  version: 5,
  name: 'sop',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('sops')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('tags', t.json, (c) => c.notNull())
      .addColumn('applies_to', t.json, (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('review_interval_days', 'integer', (c) => c.notNull())
      .addColumn('last_verified', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('plain_text', 'text', (c) => c.notNull())
      .addColumn('search_tags', 'text', (c) => c.notNull())
      .addColumn('indexed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sops_by_path').on('sops').column('path').execute();
    if (dialect === 'postgres') {
      await sql`alter table sops add column search_vector tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', search_tags), 'B') ||
        setweight(to_tsvector('english', plain_text), 'C')) stored`.execute(db);
      await sql`create index sops_search on sops using gin (search_vector)`.execute(db);
    } else {
      await sql`create virtual table sop_fts using fts5(
        sop_id unindexed, title, tags, body, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
    }
    await db.schema
      .createTable('sop_rule_terms')
      .addColumn('sop_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sop_rule_terms_by_term')
      .on('sop_rule_terms')
      .columns(['term', 'kind'])
      .execute();
    await db.schema.createIndex('sop_rule_terms_by_sop').on('sop_rule_terms').column('sop_id').execute();
    await db.schema
      .createTable('sop_verifications')
      .addColumn('id', t.serial, (c) => c.primaryKey())
      .addColumn('sop_id', 'text', (c) => c.notNull())
      .addColumn('verified_by', 'text', (c) => c.notNull())
      .addColumn('verified_at', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    await db.schema
      .createIndex('sop_verifications_by_sop')
      .on('sop_verifications')
      .columns(['sop_id', 'verified_at'])
      .execute();
    await db.schema
      .createTable('sop_usages')
      .addColumn('id', t.serial, (c) => c.primaryKey())
      .addColumn('sop_id', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('used_by', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('sop_usages_once', ['sop_id', 'ticket_id'])
      .execute();
    await db.schema.createIndex('sop_usages_by_ticket').on('sop_usages').column('ticket_id').execute();
    await db.schema.createIndex('sop_usages_by_used_at').on('sop_usages').column('used_at').execute();
  },
};
