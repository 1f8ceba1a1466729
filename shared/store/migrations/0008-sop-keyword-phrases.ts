import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Keyword rules are looked up by their first word; with the whole phrase stored beside it the
 * store can check the phrase against the ticket's text, so a common first word ("refund …")
 * no longer hands every SOP that mentions it to rule matching. Rows indexed before this have no
 * phrase and keep matching on the first word (rule matching still checks the phrase) until the
 * SOP is next reindexed.
 */
export const sopKeywordPhrases: Migration = {
  version: 8,
  name: 'sop-keyword-phrases',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sop_rule_terms').addColumn('phrase', 'text').execute();
  },
};
